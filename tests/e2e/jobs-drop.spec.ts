// Dropping a folder on the submit page.
//
// What Chromium lets a test do: dispatch a real `drop` DragEvent carrying a script-made
// DataTransfer. What it does not: put a *directory* in it — `webkitGetAsEntry()` only returns
// entries for files the user dragged from the OS. So the folder test replaces
// `DataTransferItem.prototype.webkitGetAsEntry` with a stand-in that returns a directory entry
// tree (createReader/readEntries in batches, file()) over real File objects holding the sample
// project's bytes. Covered for real: the drop event handling, taking the entry during the event
// (the stand-in answers null once the event is over, as Chromium empties a DataTransfer after
// the drop), the page's breadth-first walk, the preview, hashing, upload and the job run.
// Not covered: Chromium's own entry implementation for OS folders.
import { expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signIn, test } from './helpers';
import { JOBS, previewPaths, SKLEARN_ID, waitForStatus } from './jobs-helpers';

const FIXTURE = path.join(__dirname, 'fixtures', 'sample-project');

function listFiles(dir: string, prefix = ''): { path: string; b64: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(path.join(dir, e.name), rel) : [{ path: rel, b64: fs.readFileSync(path.join(dir, e.name)).toString('base64') }];
  });
}

/** The preview's paths: the list is windowed, `previewPaths` scrolls through all of it. */
async function allPaths(page: Page): Promise<string[]> {
  await expect(page.getByTestId('snapshot-preview')).toBeVisible();
  return previewPaths(page);
}

/** Drops a folder `root` holding `files` on the drop zone, through the stand-in entry API. */
async function dropFolder(page: Page, root: string, files: { path: string; b64: string }[]): Promise<void> {
  await page.getByTestId('drop-zone').evaluate((zone, { root, files }) => {
    type Node = { name: string; dirs: Map<string, Node>; files: File[] };
    const tree: Node = { name: root, dirs: new Map(), files: [] };
    for (const f of files) {
      const parts = f.path.split('/');
      let at = tree;
      for (const d of parts.slice(0, -1)) {
        if (!at.dirs.has(d)) at.dirs.set(d, { name: d, dirs: new Map(), files: [] });
        at = at.dirs.get(d)!;
      }
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      at.files.push(new File([bytes], parts[parts.length - 1]));
    }
    const fileEntry = (file: File) => ({ isFile: true, isDirectory: false, name: file.name, file: (ok: (f: File) => void) => setTimeout(() => ok(file)) });
    const dirEntry = (n: Node): any => ({
      isFile: false, isDirectory: true, name: n.name,
      createReader: () => {
        // Like Chromium: entries come in batches, then an empty batch.
        const all = [...[...n.dirs.values()].map(dirEntry), ...n.files.map(fileEntry)];
        let at = 0;
        return { readEntries: (ok: (e: any[]) => void) => setTimeout(() => { const b = all.slice(at, at + 2); at += b.length; ok(b); }) };
      },
    });
    let during = true;
    (DataTransferItem.prototype as any).webkitGetAsEntry = function () { return during ? dirEntry(tree) : null; };
    const dt = new DataTransfer();
    dt.items.add(new File([], root));
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    during = false;
  }, { root, files });
}

test.beforeEach(async ({ page }) => {
  await signIn(page, JOBS);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
});

test('dropping a folder previews the same snapshot as picking it, and runs', async ({ page }) => {
  // A copy with a unique file, so this submission uploads rather than reuses.
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aml-drop-')), 'sample-project');
  fs.cpSync(FIXTURE, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'src', 'stamp.py'), `STAMP = ${Date.now()}\n`);

  await page.goto(`${JOBS}/new`);
  await page.getByTestId('source-input').setInputFiles(dir);
  const picked = await allPaths(page);
  const pickedTotal = await page.getByTestId('snapshot-total').textContent();

  await page.goto(`${JOBS}/new`);
  await dropFolder(page, 'sample-project', listFiles(dir));
  expect(await allPaths(page)).toEqual(picked);
  await expect(page.getByTestId('snapshot-total')).toHaveText(pickedTotal!);
  await expect(page.getByTestId('ignore-file')).toHaveAttribute('data-file', '.amlignore');

  await page.getByTestId('field-experiment').fill('e2e-drop');
  await page.getByTestId('field-command').fill('python train.py');
  await page.getByTestId('field-env_kind').selectOption('curated');
  await page.getByTestId('field-environment').selectOption(SKLEARN_ID);
  await page.getByTestId('field-compute').selectOption('cpu-cluster');
  await page.getByTestId('submit-job').click();
  await expect(page.getByTestId('upload-bytes')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('job-link').click();
  await expect(page.getByTestId('job-details')).toBeVisible();
  await waitForStatus(page, 'Completed');
  await expect(page.getByTestId('log-text')).toContainText('helpers-ok', { timeout: 20_000 });
});

test('dropping plain files (no folder) explains what to drop', async ({ page }) => {
  // Chromium's own webkitGetAsEntry for a script-made file: not a directory.
  await page.goto(`${JOBS}/new`);
  await page.getByTestId('drop-zone').evaluate((zone) => {
    const dt = new DataTransfer();
    dt.items.add(new File(['print(1)'], 'train.py'));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await expect(page.getByTestId('source-error')).toContainText('Drop a folder');
  await expect(page.getByTestId('snapshot-preview')).toHaveCount(0);
});
