// A panic never leaves a blank page: the error panel offers a reload that keeps the address,
// and the form draft survives it. The panic is triggered through the `testHooks` config flag.
import { expect } from '@playwright/test';
import { DEMO_COMPUTES, emulatorHook, signIn, test } from './helpers';

test.beforeEach(async () => {
  await emulatorHook('reset');
});

test('a panic shows a recoverable error panel; Reload returns to the same page with the draft', async ({ page }) => {
  const form = `${DEMO_COMPUTES}/new/cluster`;
  await signIn(page, form);
  await page.getByTestId('field-name').fill('before-panic');
  await page.evaluate(() => {
    try {
      (window as unknown as { __amlTestPanic(): void }).__amlTestPanic();
    } catch {
      // The wasm trap surfaces here; the panel is what the user sees.
    }
  });
  const panel = page.getByTestId('panic-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('panic-message')).toContainText('deliberate test panic');
  await expect(page.getByTestId('field-name')).toHaveCount(0);
  await panel.getByTestId('panic-reload').click();
  await page.waitForURL((u) => u.pathname.endsWith('/computes/new/cluster'));
  await expect(page.getByTestId('panic-panel')).toHaveCount(0);
  await expect(page.getByTestId('user-name')).toContainText('Ada Lovelace');
  await expect(page.getByTestId('field-name')).toHaveValue('before-panic');
});
