// Secrets never leak: after attaching a VM with a password and Databricks with a token, neither
// is in storage, the URL, the console log or the DOM — also on the details pages. The Keys
// dialog shows them masked, copies on demand, and removes them from the DOM when closed.
import { expect, Page } from '@playwright/test';
import { DEMO_COMPUTES, emulatorHook, signIn, test } from './helpers';
import { expectOpDone, field, openNew, RG_ID } from './compute-helpers';

const PASSWORD = 'Zq9-unique-Passw0rd-xyz';
const TOKEN = 'dapi5ecret0token0abcdef123456';

test.beforeEach(async () => {
  await emulatorHook('reset');
  await emulatorHook('settings', { operationSeconds: 0.5 });
});

async function expectNoSecret(page: Page, logs: string[]): Promise<void> {
  const dump = await page.evaluate(() => JSON.stringify({ l: { ...localStorage }, s: { ...sessionStorage }, u: location.href }));
  const html = await page.content();
  for (const secret of [PASSWORD, TOKEN]) {
    expect(dump).not.toContain(secret);
    expect(html).not.toContain(secret);
    expect(logs.join('\n')).not.toContain(secret);
  }
}

test('passwords and tokens stay out of storage, URL, log and DOM; Keys masks and copies', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const logs: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  await signIn(page, DEMO_COMPUTES);

  await openNew(page, 'new-attach');
  await page.getByTestId('attach-kind-vm').click();
  await field(page, 'name').fill('vm-secret');
  await field(page, 'resource_id').fill(`${RG_ID}/Microsoft.Compute/virtualMachines/vm-secret`);
  await field(page, 'address').fill('10.0.0.9');
  await field(page, 'username').fill('azureuser');
  await field(page, 'password').fill(PASSWORD);
  await expectNoSecret(page, logs); // also while typing: drafts drop secrets
  await page.getByTestId('form-submit').click();
  await expectOpDone(page);

  await page.getByTestId('attach-kind-databricks').click();
  await field(page, 'name').fill('dbx-secret');
  await field(page, 'resource_id').fill(`${RG_ID}/Microsoft.Databricks/workspaces/dbx-secret`);
  await field(page, 'workspace_url').fill('https://adb-1234567890123456.7.azuredatabricks.net');
  await field(page, 'access_token').fill(TOKEN);
  await page.getByTestId('view-yaml').click();
  await expect(page.getByTestId('yaml-text')).toContainText('••');
  await expectNoSecret(page, logs);
  await page.getByTestId('form-submit').click();
  await expect(page.getByTestId('op-done')).toContainText('dbx-secret', { timeout: 30_000 });
  await expectNoSecret(page, logs);

  for (const [name, secret, label] of [['vm-secret', PASSWORD, 'Password'], ['dbx-secret', TOKEN, 'Access token']]) {
    await page.goto(`${DEMO_COMPUTES}/${name}`);
    await expect(page.getByTestId('compute-title')).toHaveText(name);
    await expectNoSecret(page, logs);
    await page.getByTestId('manage-keys').click();
    const keyRow = page.locator(`[data-testid=key-row][data-key="${label}"]`);
    await expect(keyRow.getByTestId('key-value')).toHaveText(/•+/);
    await expectNoSecret(page, logs);
    await keyRow.getByTestId('key-copy').click();
    await expect(keyRow.getByTestId('key-copy')).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await page.getByTestId('dialog-close').click();
    await expect(page.getByTestId('keys-dialog')).toHaveCount(0);
    // Clear the clipboard again so page.content()/storage checks aren't confused by it.
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await expectNoSecret(page, logs);
  }
});
