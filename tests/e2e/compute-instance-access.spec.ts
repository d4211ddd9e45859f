// Opening a compute instance (issue 13 item 1): application links only while Running, each in a
// new tab; the SSH command and its copy button; idle shutdown at creation (the SDK's field and
// preview api-version) and on an existing instance (preview updateIdleShutdownSetting); the
// Windows time-zone picker (browser default, search); schedules read-only after creation.
import { expect } from '@playwright/test';
import { cliArm, DEMO_COMPUTES, EMULATOR, emulatorHook, signIn, SUB_DEV, test } from './helpers';
import { computeWrites, expectOpDone, field, fieldError, openNew } from './compute-helpers';

// Creates run in ws-vision (westeurope): eastus has no regional quota left in the e2e stack.
const VISION = `/ws/${SUB_DEV}/rg-ml-dev/ws-vision/computes`;
const ARM_WS = `${EMULATOR}/subscriptions/${SUB_DEV}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces`;

test.beforeEach(async () => {
  await emulatorHook('reset');
  await emulatorHook('settings', { operationSeconds: 0.5 });
});

test('a Running instance: every application opens in a new tab', async ({ page }) => {
  await signIn(page, `${DEMO_COMPUTES}/ci-ada`);
  const links = page.locator('[data-testid=instance-apps] a[data-testid=app-link]');
  await expect(links).toHaveCount(5);
  expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('data-kind')))).toEqual(
    ['jupyterlab', 'jupyter', 'vscode-web', 'vscode-desktop', 'terminal']);
  for (const a of await links.all()) {
    await expect(a).toHaveAttribute('target', '_blank');
    await expect(a).toHaveAttribute('rel', /noopener/);
  }
  await expect(links.filter({ hasText: 'JupyterLab' })).toHaveAttribute('href', /^https:\/\/ci-ada\..*\/lab$/);
  await expect(links.filter({ hasText: 'VS Code (desktop)' })).toHaveAttribute('href', /^vscode:\/\//);
  await expect(page.getByTestId('apps-unavailable')).toHaveCount(0);
});

test('a Stopped instance: applications are disabled with the reason, then open once started', async ({ page }) => {
  await signIn(page, `${DEMO_COMPUTES}/ci-ada`);
  await page.getByTestId('manage-stop').click();
  await expect(page.getByTestId('apps-unavailable')).toContainText('Stopped', { timeout: 20_000 });
  const apps = page.locator('[data-testid=instance-apps] [data-testid=app-link]');
  await expect(apps).toHaveCount(5);
  await expect(page.locator('[data-testid=instance-apps] a')).toHaveCount(0);
  for (const b of await apps.all()) await expect(b).toBeDisabled();
  await expect(page.getByTestId('ssh-unavailable')).toContainText('no public IP');
  await page.getByTestId('manage-start').click();
  await expect(page.locator('[data-testid=instance-apps] a[data-testid=app-link]')).toHaveCount(5, { timeout: 20_000 });
});

test('SSH: the command comes from the resource and the copy button copies it', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, `${DEMO_COMPUTES}/ci-ada`);
  await expect(page.getByTestId('ssh-command')).toHaveText('ssh azureuser@20.115.36.18 -p 50000');
  await page.getByRole('button', { name: 'Copy SSH command' }).click();
  await expect(page.getByTestId('ssh-copied')).toHaveText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('ssh azureuser@20.115.36.18 -p 50000');
  // An instance without public SSH access says so instead.
  await page.goto(`${DEMO_COMPUTES}/ci-grace`);
  await expect(page.getByTestId('ssh-unavailable')).toContainText('disabled');
  await expect(page.getByTestId('ssh-command')).toHaveCount(0);
});

test('idle shutdown of an existing instance: checked first, then the preview operation', async ({ page }) => {
  await signIn(page, `${DEMO_COMPUTES}/ci-ada`);
  await expect(page.getByTestId('idle-current')).toContainText('60 minutes');
  const writes = computeWrites(page);
  await page.getByTestId('idle-minutes').fill('10');
  await page.getByTestId('idle-apply').click();
  await expect(page.getByTestId('idle-error')).toContainText('between 15 minutes and 3 days');
  await page.getByTestId('idle-minutes').fill('45');
  await page.getByTestId('idle-apply').click();
  // The page reloads the instance after the change: the new value is the confirmation.
  await expect(page.getByTestId('idle-current')).toContainText('45 minutes');
  expect(writes).toHaveLength(1);
  expect(writes[0].method()).toBe('POST');
  // gloo-net 0.6's RequestBuilder::build joins the URL's own query and its (empty) extra
  // parameters with '&', so every console request URL that has a query ends in '&'.
  expect(writes[0].url()).toMatch(/\/computes\/ci-ada\/updateIdleShutdownSetting\?api-version=2023-08-01-preview&?$/);
  expect(writes[0].postDataJSON()).toEqual({ idleTimeBeforeShutdown: 'PT45M' });
  const stored = await cliArm(`${ARM_WS}/ws-demo/computes/ci-ada?api-version=2025-12-01`);
  expect(stored.json.properties.properties.idleTimeBeforeShutdown).toBe('PT45M');
  // Schedules cannot change after creation: the page says so.
  await expect(page.getByTestId('schedules-readonly')).toContainText('cannot be edited');
});

test.describe('in Istanbul', () => {
  test.use({ timezoneId: 'Europe/Istanbul' });

  test('creates an instance with idle shutdown and a schedule in a searched Windows time zone', async ({ page }) => {
    await signIn(page, VISION);
    await openNew(page, 'new-instance');
    await field(page, 'name').fill('ci-tz-ada');
    await page.locator('[data-testid=size-row][data-name="Standard_DS3_v2"]').click();
    await field(page, 'idle_shutdown_minutes').fill('5');
    await page.getByTestId('add-schedule').click();
    const picker = page.getByTestId('tz-picker');
    // The browser's zone, mapped from its IANA name.
    await expect(picker.getByTestId('tz-select')).toHaveValue('Turkey Standard Time');
    await picker.getByTestId('tz-search').fill('new york');
    await expect(picker.getByTestId('tz-count')).toHaveText('1 matching');
    await picker.getByTestId('tz-select').selectOption('Eastern Standard Time');
    await expect(picker.getByTestId('tz-select')).toHaveValue('Eastern Standard Time');
    const writes = computeWrites(page);
    await page.getByTestId('form-submit').click();
    await expect(fieldError(page, 'idle_shutdown_minutes')).toContainText('15 minutes');
    expect(writes).toHaveLength(0);
    await field(page, 'idle_shutdown_minutes').fill('30');
    await page.getByTestId('form-submit').click();
    await expectOpDone(page);
    expect(writes[0].url()).toContain('api-version=2023-08-01-preview');
    const props = writes[0].postDataJSON().properties.properties;
    expect(props.idleTimeBeforeShutdown).toBe('PT30M');
    expect(props.schedules.computeStartStop[0].cron).toMatchObject({ expression: '0 18 * * 1-5', timeZone: 'Eastern Standard Time' });
    await page.getByTestId('op-result-link').click();
    await expect(page.getByTestId('idle-current')).toContainText('30 minutes');
  });
});
