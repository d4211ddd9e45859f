// The snapshot is hashed in Web Workers (public/hash-worker.js + its own wasm module) as soon as
// a folder is picked, under the release build's strict CSP (the `test` of helpers.ts fails on any
// violation): progress while it runs, Cancel stops it, "Hash now" starts again, and the worker's
// content hash is the SDK's for the same folder.
import { expect, Page, Worker } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signIn, test } from './helpers';
import { JOBS, SDK_PYTHON, SKLEARN_ID } from './jobs-helpers';

/** A folder of `shards` × 32 MiB of random bytes and a script. */
function bigFolder(shards = 6): string {
  const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aml-hashw-')), 'hash-project');
  fs.mkdirSync(path.join(folder, 'data'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'train.py'), 'print("hash")\n');
  for (let i = 0; i < shards; i += 1) fs.writeFileSync(path.join(folder, 'data', `shard-${i}.bin`), randomBytes(32 << 20));
  return folder;
}

/**
 * Holds the hash workers' wasm module until the returned function is called: until then the
 * workers wait for it and the hash stays "running", on a machine of any speed. (Without it, a
 * fast machine hashed the folder before the test could click, and the test failed.)
 */
async function holdHashWorkers(page: Page): Promise<{ release: () => void; held: () => number }> {
  let release!: () => void;
  let held = 0;
  const released = new Promise<void>((r) => { release = r; });
  await page.context().route('**/aml_hash_worker_bg.wasm', async (route) => {
    held += 1;
    await released;
    await route.continue();
  });
  return { release, held: () => held };
}

/** azure-ai-ml's own content hash of the folder (the function its uploads use). */
function sdkHash(folder: string): string {
  const code = 'import sys\nfrom azure.ai.ml._utils._asset_utils import get_content_hash, get_ignore_file\n'
    + 'print(get_content_hash(sys.argv[1], get_ignore_file(sys.argv[1])))';
  return execFileSync(SDK_PYTHON, ['-c', code, folder], { encoding: 'utf8' }).trim();
}

test('hashing runs in a worker with progress and cancel, and gives the SDK hash', async ({ page }) => {
  test.setTimeout(120_000);
  const folder = bigFolder(2);
  await signIn(page, JOBS);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
  await page.goto(`${JOBS}/new`);
  const workers: Worker[] = [];
  page.on('worker', (w) => workers.push(w));
  const { release, held } = await holdHashWorkers(page);

  await page.getByTestId('source-input').setInputFiles(folder);
  const status = page.getByTestId('hash-status');
  await expect(status).toHaveAttribute('data-state', 'running');
  // The workers are waiting for their module: the click below lands while the hash runs.
  await expect.poll(held).toBeGreaterThan(0);
  await expect(page.getByTestId('hash-progress')).toBeVisible();
  await page.getByTestId('hash-cancel').click();
  await expect(status).toHaveAttribute('data-state', 'canceled');
  release();
  expect(workers.length).toBeGreaterThan(0);
  expect(workers.every((w) => new URL(w.url()).pathname.endsWith('/hash-worker.js'))).toBe(true);
  // Canceled means stopped: no late answer turns it into a result.
  await page.waitForTimeout(1_500);
  await expect(status).toHaveAttribute('data-state', 'canceled');

  await page.getByTestId('hash-restart').click();
  await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  await expect(status).toHaveAttribute('data-engine', 'worker');
  await expect(status).toHaveAttribute('data-hash', sdkHash(folder));
});

test('a submission made while the hash is still running waits for it, then submits', async ({ page }) => {
  test.setTimeout(180_000);
  const folder = bigFolder(1);
  await signIn(page, JOBS);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
  await page.goto(`${JOBS}/new`);
  // The form first, the folder last, so the click lands while the workers are hashing.
  await page.getByTestId('field-experiment').fill('e2e-hash-wait');
  await page.getByTestId('field-command').fill('python train.py');
  await page.getByTestId('field-env_kind').selectOption('curated');
  await page.getByTestId('field-environment').selectOption(SKLEARN_ID);
  await page.getByTestId('field-compute_kind').selectOption('cluster');
  await page.getByTestId('field-compute').selectOption('cpu-cluster');
  const { release, held } = await holdHashWorkers(page);
  await page.getByTestId('source-input').setInputFiles(folder);
  await expect(page.getByTestId('hash-status')).toHaveAttribute('data-state', 'running');
  await expect.poll(held).toBeGreaterThan(0);
  await page.getByTestId('submit-job').click();
  // It waits for the running hash (it used to give up at once: "Hashing was canceled").
  await expect(page.getByTestId('submit-hash-progress')).toBeVisible();
  await page.waitForTimeout(1_000);
  await expect(page.getByTestId('submit-hash-progress')).toBeVisible();
  await expect(page.getByTestId('job-link')).toHaveCount(0);
  release();
  await expect(page.getByTestId('job-link')).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId('submit-progress')).not.toContainText('canceled');
});
