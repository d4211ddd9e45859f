// Logs without the data plane: with the data plane's CORS off, the job page reads the job's log
// files straight from the workspace storage account (container `azureml`, folder
// `ExperimentRun/dcid.<job>/`) with the user's own storage token, and says which data role is
// missing when storage refuses. Runs in the HTTPS pass of `cargo xtask test` only: Azurite
// accepts bearer tokens only over HTTPS (playwright.config.ts AZURITE_TLS_SPECS).
//
// The "no data role" case is simulated: Azurite checks a token's issuer, audience and lifetime
// but no role assignments, so the emulator's settings hook `storageDataRole: false` makes its
// storage tokens name another account, which Azurite refuses with 403 — the status a real
// account answers a user without "Storage Blob Data Reader".
import { expect, Request } from '@playwright/test';
import { emulatorHook, signIn, test } from './helpers';
import { AZURITE, fillJob, JOBS, sampleRepo, submitAndOpen, waitForStatus } from './jobs-helpers';

function decodeJwt(header: string | undefined): any {
  const token = (header ?? '').replace(/^Bearer /, '');
  const body = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
}

test.beforeEach(async () => {
  await emulatorHook('reset');
  await emulatorHook('settings', { dataPlaneCors: false });
});

test('with the data plane refusing the browser, a running job streams its logs from workspace storage', async ({ page }) => {
  expect(AZURITE.startsWith('https://'), 'this spec needs the HTTPS Azurite of xtask').toBe(true);
  const seen: Request[] = [];
  page.on('request', (r) => seen.push(r));
  const repo = sampleRepo();
  await signIn(page, JOBS);
  await fillJob(page, repo, { command: 'echo first-line-from-storage && sleep 10 && echo second-line-from-storage' });
  const id = await submitAndOpen(page);
  await waitForStatus(page, 'Running', 60_000);

  const logs = page.getByTestId('job-logs');
  await expect(logs.getByTestId('logs-from-storage')).toBeVisible({ timeout: 30_000 });
  await expect(logs.getByTestId('logs-from-storage')).toContainText('/devstoreaccount1/azureml');
  // The first line arrives while the job still runs; the second one follows without a reload.
  await expect(page.getByTestId('log-text')).toContainText('first-line-from-storage', { timeout: 30_000 });
  await expect(page.locator('.page-header [data-testid="job-status"]')).toHaveAttribute('data-status', 'Running');
  await expect(page.getByTestId('log-text')).toContainText('second-line-from-storage', { timeout: 45_000 });
  await expect(page.getByTestId('log-tab').first()).toHaveAttribute('data-name', 'user_logs/std_log.txt');

  // The reads went to the run's folder in the artifact container, with a storage token.
  const reads = seen.filter((r) => r.url().startsWith(`${AZURITE}/devstoreaccount1/azureml/ExperimentRun/dcid.${id}/user_logs/`));
  expect(reads.length).toBeGreaterThan(1);
  expect(reads.some((r) => /^bytes=\d+-$/.test(r.headers()['range'] ?? ''))).toBe(true);
  const claims = decodeJwt(reads[0].headers()['authorization']);
  expect(claims.aud).toBe('https://storage.azure.com');
  const listing = seen.find((r) => r.url().includes('comp=list') && r.url().includes(`prefix=ExperimentRun%2Fdcid.${id}%2F`));
  expect(listing, 'the run folder was listed').toBeTruthy();
  // What needs the data plane still explains itself, once, with both ways out.
  await expect(logs.getByTestId('data-plane-blocked')).toHaveCount(1);
  await expect(logs.getByTestId('data-plane-blocked')).toContainText('Run details');
  await expect(logs.getByTestId('data-plane-blocked')).toContainText('dataPlaneProxy');
  await expect(logs.getByTestId('storage-role-missing')).toHaveCount(0);
  await logs.screenshot({ path: test.info().outputPath('logs-from-storage.png') });
  await waitForStatus(page, 'Completed', 60_000);
});

test('without a data role on the storage account the page names the role to ask for', async ({ page }) => {
  await emulatorHook('settings', { storageDataRole: false });
  const repo = sampleRepo();
  await signIn(page, JOBS);
  await fillJob(page, repo, { command: 'echo never-shown && sleep 4' });
  await submitAndOpen(page);
  const missing = page.getByTestId('storage-role-missing');
  await expect(missing).toBeVisible({ timeout: 40_000 });
  await expect(missing).toContainText('Storage Blob Data Reader');
  await expect(missing).toContainText('HTTP 403');
  await expect(missing).toContainText(AZURITE);
  await expect(missing).toContainText('Owner or User Access Administrator');
  await expect(page.getByTestId('log-text')).toHaveCount(0);
  await page.getByTestId('job-logs').screenshot({ path: test.info().outputPath('storage-role-missing.png') });
});
