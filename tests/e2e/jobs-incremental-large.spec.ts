// A file above Copy Blob From URL's 256 MiB source limit is not sent again either: on a
// re-submit it is copied inside storage range by range with Put Block From URL (100 MiB per
// block) and committed with Put Block List, carrying its MD5 for the next diff. Azurite 3.37
// implements Put Block From URL for sources in the same instance; this checks that it really
// made the blob (bytes read back equal the local file), and that the browser sent only the
// changed small file's bytes.
import { expect } from '@playwright/test';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signIn, test } from './helpers';
import { fileOf, sdkSubmit, stored, submitFolder } from './incremental-helpers';
import { fillJob, JOBS, storageRequests } from './jobs-helpers';

const MIB = 1024 * 1024;
/** Just over the limit, and not a whole number of 100 MiB ranges: 3 ranges, the last short. */
const HUGE = 256 * MIB + 4099;

/** train.py and data/huge.bin; new content, so nothing is reused from another test. */
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aml-incr-large-'));
  const folder = path.join(dir, `large-${randomUUID().slice(0, 8)}`);
  fs.mkdirSync(path.join(folder, 'data'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'train.py'), `print("large ${randomUUID()}")\n`);
  // Written in 1 MiB pieces of random bytes: no run of identical ranges to hide a misplaced one.
  const fd = fs.openSync(path.join(folder, 'data', 'huge.bin'), 'w');
  for (let at = 0; at < HUGE; at += MIB) fs.writeSync(fd, randomBytes(Math.min(MIB, HUGE - at)));
  fs.closeSync(fd);
  return folder;
}

test.beforeEach(async ({ page }) => {
  await signIn(page, JOBS);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
});

test('a file over 256 MiB is copied inside storage with Put Block From URL on a re-submit', async ({ page }) => {
  test.setTimeout(600_000);
  const folder = project();
  const root = path.basename(folder);
  try {
    await fillJob(page, folder, { experiment: 'e2e-incremental-large', command: 'python train.py' });
    await expect(page.getByTestId('hash-status')).toHaveAttribute('data-state', 'ready', { timeout: 180_000 });
    await submitFolder(page, 300_000);

    fs.writeFileSync(path.join(folder, 'train.py'), `print("changed ${randomUUID()}")\n`);
    const trainSize = fs.statSync(path.join(folder, 'train.py')).size;
    const storage = storageRequests(page);
    await fillJob(page, folder, { experiment: 'e2e-incremental-large', command: 'python train.py' });
    const diff = page.getByTestId('snapshot-diff');
    await expect(diff).toHaveAttribute('data-state', 'ready', { timeout: 180_000 });
    await expect(diff).toHaveAttribute('data-changed', '1');
    await expect(diff).toHaveAttribute('data-copied', '1');
    await expect(diff).toHaveAttribute('data-bytes', String(trainSize));
    const second = await submitFolder(page, 300_000);
    await expect(page.getByTestId('upload-bytes')).toHaveAttribute('data-bytes', String(trainSize));
    await expect(page.getByTestId('upload-bytes')).toHaveAttribute('data-copied', '1');
    // The page says which way the big file went (once), not that a copy was refused.
    await expect(page.getByTestId('upload-note')).toHaveCount(1);
    await expect(page.getByTestId('upload-note')).toContainText('copied block by block (Put Block From URL)');
    await expect(page.getByTestId('upload-note')).not.toContainText('uploaded instead');

    // The huge file: three Put Block From URL ranges covering it exactly, then its block list;
    // no Copy Blob From URL (storage would refuse that source size on Azure).
    const puts = storage.filter((r) => r.method() === 'PUT' && fileOf(r, root) === 'data/huge.bin');
    const ranges: string[] = [];
    for (const r of puts) {
      const h = await r.allHeaders();
      const comp = new URL(r.url()).searchParams.get('comp');
      if (comp === 'block') {
        expect(h['x-ms-copy-source']).toContain(`/${root}/data/huge.bin`);
        ranges.push(h['x-ms-source-range']);
      } else if (comp !== 'blocklist' && comp !== 'metadata') {
        throw new Error(`unexpected write of the huge file: ${r.url()} (copy source ${h['x-ms-copy-source'] ?? 'none'})`);
      }
    }
    expect(ranges.sort()).toEqual([
      `bytes=0-${100 * MIB - 1}`,
      `bytes=${100 * MIB}-${200 * MIB - 1}`,
      `bytes=${200 * MIB}-${HUGE - 1}`,
    ].sort());
    // What the browser sent to storage: train.py and small XML bodies, never the huge bytes.
    let body = 0;
    for (const r of storage) body += (await r.sizes()).requestBodySize;
    expect(body).toBeLessThan(trainSize + 64 * 1024);

    // Storage holds the folder byte for byte, the huge blob with its MD5 (the next diff's key).
    const snap = await stored(second, folder);
    expect(snap.missing).toEqual([]);
    const huge = snap.blobs.find((b) => b.path === 'data/huge.bin')!;
    expect(huge.size).toBe(HUGE);
    expect(huge.same_as_local).toBe(true);
    expect(huge.md5).toBeTruthy();
    expect(snap.blobs.every((b) => b.same_as_local)).toBe(true);

    // An ordinary code version: the SDK finds it by its hash and uploads nothing.
    const sdk = await sdkSubmit(folder);
    expect(sdk.blob_puts).toBe(0);
    expect(sdk.code).toBe(second);
  } finally {
    fs.rmSync(path.dirname(folder), { recursive: true, force: true });
  }
});
