// Shared steps of the compute lifecycle specs (compute-*.spec.ts). Test ids are the console's.
import { expect, Page, Request } from '@playwright/test';
import { DEMO_COMPUTES, EMULATOR, SUB_DEV } from './helpers';

export const RG_ID = `/subscriptions/${SUB_DEV}/resourceGroups/rg-ml-dev/providers`;
export const ED25519_PUB =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILO/Yhjn/uQ37MU/EZqp5RlqffgCb4Qxhswxs4+ffxDS test@example';
export const OPENSSH_PRIVATE = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACCzv2IY5/7kN+zFPxGaqeUZan34Am+EMYbMMbOPn38Q0gAAAJBeLBy4Xiwc',
  'uAAAAAtzc2gtZWQyNTUxOQAAACCzv2IY5/7kN+zFPxGaqeUZan34Am+EMYbMMbOPn38Q0g',
  'AAAEDWXcpqMXJSGMvp8zLPmgDTQpzlOplvA5gKr3qk3m16DLO/Yhjn/uQ37MU/EZqp5Rlq',
  'ffgCb4Qxhswxs4+ffxDSAAAADHRlc3RAZXhhbXBsZQE=',
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');

export const row = (page: Page, name: string) => page.locator(`[data-testid=compute-row][data-name="${name}"]`);
export const field = (page: Page, name: string) => page.getByTestId(`field-${name}`);
export const fieldError = (page: Page, name: string) => page.getByTestId(`field-error-${name}`);

/** Every PUT/PATCH/DELETE/POST (other than listNodes/listKeys) the page sends to a compute. */
export function computeWrites(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    const u = r.url();
    if (u.startsWith(EMULATOR) && u.includes('/computes/') && r.method() !== 'GET'
      && !u.includes('/listNodes') && !u.includes('/listKeys')) seen.push(r);
  });
  return seen;
}

/** Opens a "+ New" menu entry from the demo compute list. */
export async function openNew(page: Page, entry: 'new-cluster' | 'new-instance' | 'new-attach'): Promise<void> {
  await page.getByTestId('new-menu').locator('summary').click();
  await page.getByTestId(entry).click();
}

export async function gotoDemo(page: Page, rest = ''): Promise<void> {
  await page.goto(`${DEMO_COMPUTES}${rest}`);
}

/** Waits for the submitted operation to finish successfully on the form page. */
export async function expectOpDone(page: Page, timeout = 30_000): Promise<void> {
  await expect(page.getByTestId('op-done')).toBeVisible({ timeout });
}
