// Re-submits send only what changed: the folder is compared file by file with its previous
// snapshot (this browser's manifest, or the cloned job's), unchanged files are copied inside
// storage (Copy Blob From URL), changed ones uploaded, removed ones absent — and the result is an
// ordinary code version the SDK reuses. Checked from three sides: the requests the page sends,
// the blobs Azurite holds afterwards (copy status, bytes), and the SDK's own submission.
import { expect } from '@playwright/test';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signIn, test } from './helpers';
import { sdkSubmit, stored, submitFolder, writes } from './incremental-helpers';
import { fillJob, JOBS, storageRequests } from './jobs-helpers';

/** A fresh project: a few small files and a 1 MB one, new content so nothing is reused. */
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aml-incr-'));
  const folder = path.join(dir, `incr-${randomUUID().slice(0, 8)}`);
  fs.mkdirSync(path.join(folder, 'pkg'), { recursive: true });
  fs.mkdirSync(path.join(folder, 'data'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'train.py'), `print("incremental ${randomUUID()}")\n`);
  fs.writeFileSync(path.join(folder, 'pkg', '__init__.py'), 'X = 1\n');
  fs.writeFileSync(path.join(folder, 'pkg', 'model.py'), 'def fit():\n    return 42\n');
  fs.writeFileSync(path.join(folder, 'notes.md'), '# notes\n');
  for (let i = 0; i < 6; i += 1) fs.writeFileSync(path.join(folder, 'data', `part-${i}.bin`), randomBytes(20_000 + i));
  fs.writeFileSync(path.join(folder, 'data', 'big.bin'), randomBytes(1024 * 1024));
  return folder;
}

test.beforeEach(async ({ page }) => {
  await signIn(page, JOBS);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
});

test('a re-submit after a one-file change uploads only that file, copies the rest in storage, and the SDK reuses it', async ({ page }) => {
  const folder = project();
  const root = path.basename(folder);
  await fillJob(page, folder, { experiment: 'e2e-incremental', command: 'python train.py' });
  // Never submitted from this browser: nothing to compare with, every file is uploaded.
  await expect(page.getByTestId('hash-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('snapshot-diff')).toHaveCount(0);
  const first = await submitFolder(page);

  // One file changes (same size, other bytes) and one is removed.
  const changed = 'data/part-2.bin';
  fs.writeFileSync(path.join(folder, changed), randomBytes(20_002));
  fs.rmSync(path.join(folder, 'notes.md'));
  const changedSize = fs.statSync(path.join(folder, changed)).size;

  const storage = storageRequests(page);
  await fillJob(page, folder, { experiment: 'e2e-incremental', command: 'python train.py' });
  // The preview shows the diff before anything is sent.
  const diff = page.getByTestId('snapshot-diff');
  await expect(diff).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(diff).toHaveAttribute('data-changed', '1');
  await expect(diff).toHaveAttribute('data-removed', '1');
  await expect(diff).toHaveAttribute('data-added', '0');
  await expect(diff).toHaveAttribute('data-copied', '9');
  await expect(diff).toHaveAttribute('data-bytes', String(changedSize));
  await expect(page.locator(`[data-testid="snapshot-file"][data-path="${changed}"]`)).toHaveAttribute('data-state', 'changed');
  await expect(page.locator('[data-testid="snapshot-removed"][data-path="notes.md"]')).toBeVisible();
  expect(storage.filter((r) => r.method() === 'PUT')).toHaveLength(0);

  const second = await submitFolder(page);
  expect(second).not.toBe(first);
  const done = page.getByTestId('upload-bytes');
  await expect(done).toHaveAttribute('data-bytes', String(changedSize));
  await expect(done).toHaveAttribute('data-copied', '9');
  await expect(page.getByTestId('upload-note')).toHaveCount(0);

  // What the page sent: one upload (the changed file), nine copies.
  const sent = await writes(storage, root);
  expect(sent.uploaded).toEqual([changed]);
  expect(sent.copied).toHaveLength(9);

  // What storage holds: exactly the folder, byte for byte; the copies were made by storage.
  const snap = await stored(second, folder);
  expect(snap.missing).toEqual([]);
  expect(snap.blobs.map((b) => b.path).sort()).toHaveLength(10);
  expect(snap.blobs.every((b) => b.same_as_local && b.md5)).toBe(true);
  expect(snap.blobs.some((b) => b.path === 'notes.md')).toBe(false);
  const copiedInStorage = snap.blobs.filter((b) => b.copy_status === 'success').map((b) => b.path).sort();
  expect(copiedInStorage).toEqual(sent.copied);
  for (const b of snap.blobs.filter((b) => b.copy_status)) expect(b.copy_source).toContain(`/${root}/${b.path}`);
  expect(snap.blobs.find((b) => b.path === changed)!.copy_status).toBeNull();

  // An ordinary code version: the SDK hashes the folder, finds it, and uploads nothing.
  const sdk = await sdkSubmit(folder);
  expect(sdk.blob_puts).toBe(0);
  expect(sdk.code).toBe(second);
});

test('when storage refuses the copies, everything is uploaded and the page says why once', async ({ page }) => {
  const folder = project();
  const root = path.basename(folder);
  await fillJob(page, folder, { experiment: 'e2e-incremental', command: 'python train.py' });
  await submitFolder(page);
  fs.writeFileSync(path.join(folder, 'train.py'), `print("changed ${randomUUID()}")\n`);

  // The browser blocks every copy request, as it does when the account's CORS rule does not
  // allow the copy headers: no copy reaches storage.
  await page.route(/\/devstoreaccount1\//, (route) =>
    route.request().headers()['x-ms-copy-source'] ? route.abort('accessdenied') : route.continue());
  const storage = storageRequests(page);
  await fillJob(page, folder, { experiment: 'e2e-incremental', command: 'python train.py' });
  await expect(page.getByTestId('snapshot-diff')).toHaveAttribute('data-copied', '10', { timeout: 60_000 });
  const second = await submitFolder(page);

  await expect(page.getByTestId('upload-note')).toHaveCount(1);
  await expect(page.getByTestId('upload-note')).toContainText('uploaded instead of copied');
  await expect(page.getByTestId('upload-bytes')).toHaveAttribute('data-copied', '0');
  const total = fs.readdirSync(folder, { recursive: true }).map((f) => path.join(folder, String(f)))
    .filter((f) => fs.statSync(f).isFile()).reduce((n, f) => n + fs.statSync(f).size, 0);
  await expect(page.getByTestId('upload-bytes')).toHaveAttribute('data-bytes', String(total));
  expect((await writes(storage, root)).uploaded).toHaveLength(11);

  const snap = await stored(second, folder);
  expect(snap.missing).toEqual([]);
  expect(snap.blobs.every((b) => b.same_as_local && b.copy_status === null)).toBe(true);
  const sdk = await sdkSubmit(folder);
  expect(sdk.blob_puts).toBe(0);
  expect(sdk.code).toBe(second);
});
