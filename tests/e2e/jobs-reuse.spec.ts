// Code assets are shared between tools: the console and the official SDK compute the same content
// hash for a folder, so whichever uploads it first, the other finds that code version by hash
// and uploads nothing (tests/sdk/job_code_reuse.py is the SDK side).
import { expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signIn, test, withoutMatrixFaults } from './helpers';
import { fillJob, jobPuts, JOBS, sampleRepo, sdkScript, storageRequests } from './jobs-helpers';

interface SdkRun { job: string; code: string; blob_puts: number }

const sdkSubmit = (folder: string): Promise<SdkRun> => withoutMatrixFaults(async () => {
  const out = sdkScript('job_code_reuse.py', [folder, 'python train.py']).trim().split('\n');
  return JSON.parse(out[out.length - 1]);
});

/** `…/codes/{name}/versions/{v}` → `name:v`. */
const codeRef = (codeId: string) => {
  const m = codeId.match(/\/codes\/([^/]+)\/versions\/([^/]+)$/)!;
  return `${m[1]}:${m[2]}`;
};

test.beforeEach(async ({ page }) => {
  await signIn(page, JOBS);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
});

test('the console reuses the code version the SDK uploaded (0 bytes, no storage PUT)', async ({ page }) => {
  // A fresh git repository (its commit makes .git/ unique), uploaded by the SDK first. Job mode
  // uploads .git/ too, so the console submits the folder unchanged (no exclusions) to match.
  const repo = sampleRepo();
  const sdk = await sdkSubmit(repo);
  expect(sdk.blob_puts).toBeGreaterThan(0);

  await fillJob(page, repo, { experiment: 'e2e-code-reuse' });
  const storage = storageRequests(page);
  const puts = jobPuts(page);
  await page.getByTestId('submit-job').click();
  await expect(page.getByTestId('code-reused')).toContainText('0 bytes uploaded', { timeout: 60_000 });
  await expect(page.getByTestId('code-reused')).toContainText(sdk.code);
  expect(storage.filter((r) => r.method() === 'PUT')).toHaveLength(0);
  expect(codeRef(puts[0].body.properties.codeId)).toBe(sdk.code);
});

test('the SDK reuses the code version the console uploaded (no new blobs)', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aml-reuse-'));
  const folder = path.join(dir, 'fresh-project');
  fs.mkdirSync(path.join(folder, 'pkg'), { recursive: true });
  const marker = randomUUID(); // new content: the console really uploads it
  fs.writeFileSync(path.join(folder, 'train.py'), `print("fresh ${marker}")\n`);
  fs.writeFileSync(path.join(folder, 'pkg', '__init__.py'), 'X = 1\n');

  await fillJob(page, folder, { experiment: 'e2e-code-reuse', command: 'python train.py' });
  const storage = storageRequests(page);
  const puts = jobPuts(page);
  await page.getByTestId('submit-job').click();
  await expect(page.getByTestId('upload-bytes')).toBeVisible({ timeout: 60_000 });
  expect(storage.filter((r) => r.method() === 'PUT').length).toBeGreaterThanOrEqual(2);
  const consoleCode = codeRef(puts[0].body.properties.codeId);

  const sdk = await sdkSubmit(folder);
  expect(sdk.blob_puts).toBe(0);
  expect(sdk.code).toBe(consoleCode);
});
