// Picking a subscription and a workspace; the choice is remembered.
import { expect } from '@playwright/test';
import { DEMO_COMPUTES, emulatorHook, signIn, SUB_DEV, SUB_PROD, test } from './helpers';

test.beforeEach(async () => {
  await emulatorHook('reset');
});

test('picks a subscription, then a workspace, and remembers it', async ({ page }) => {
  await signIn(page, '/');
  const subs = page.getByTestId('subscription-select');
  await expect(subs.locator('option', { hasText: 'Contoso ML Dev' })).toHaveCount(1);
  await expect(subs.locator('option', { hasText: 'Contoso ML Prod' })).toHaveCount(1);

  await subs.selectOption(SUB_PROD);
  await expect(page.getByTestId('workspace-link')).toHaveText(['ws-prod']);

  await subs.selectOption(SUB_DEV);
  const links = page.getByTestId('workspace-link');
  await expect(links.filter({ hasText: 'ws-demo' })).toHaveCount(1);
  await expect(links.filter({ hasText: 'ws-vision' })).toHaveCount(1);
  await expect(links.filter({ hasText: 'ws-prod' })).toHaveCount(0);

  await links.filter({ hasText: 'ws-demo' }).click();
  await expect(page).toHaveURL(new RegExp(DEMO_COMPUTES + '$'));
  await expect(page.getByTestId('workspace-crumb')).toContainText('ws-demo');

  // The root now opens the remembered workspace.
  await page.goto('/');
  await expect(page).toHaveURL(new RegExp(DEMO_COMPUTES + '$'));
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
});
