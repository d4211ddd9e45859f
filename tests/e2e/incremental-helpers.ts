// Shared by the incremental re-submit specs (jobs-incremental*.spec.ts): what storage holds
// after a submission (read back with the SDK's storage client), the SDK's own submission of the
// same folder, and the storage writes the page sent, split into copies and uploads.
import { expect, Page, Request } from '@playwright/test';
import { withoutMatrixFaults } from './helpers';
import { jobPuts, sdkScript } from './jobs-helpers';

export interface StoredBlob { path: string; size: number; md5: string | null; copy_status: string | null; copy_source: string | null; same_as_local: boolean }
export interface Stored { prefix: string; blobs: StoredBlob[]; missing: string[] }

/** `name:version` of a code version's ARM id. */
export const codeRef = (codeId: string): string => {
  const m = codeId.match(/\/codes\/([^/]+)\/versions\/([^/]+)$/)!;
  return `${m[1]}:${m[2]}`;
};

/** The snapshot of code version `code` as storage holds it, compared with `folder`. */
export const stored = (code: string, folder: string): Promise<Stored> => withoutMatrixFaults(async () => {
  const out = sdkScript('snapshot_blobs.py', [code, folder]).trim().split('\n');
  return JSON.parse(out[out.length - 1]);
});

/** azure-ai-ml submits `folder`: the job, its code version, and how many blobs it wrote. */
export const sdkSubmit = (folder: string): Promise<{ job: string; code: string; blob_puts: number }> =>
  withoutMatrixFaults(async () => {
    const out = sdkScript('job_code_reuse.py', [folder, 'python train.py']).trim().split('\n');
    return JSON.parse(out[out.length - 1]);
  });

/** The file of the snapshot a storage request writes (its path below the folder's root). */
export function fileOf(r: Request, root: string): string {
  const p = decodeURIComponent(new URL(r.url()).pathname);
  return p.slice(p.indexOf(`/${root}/`) + root.length + 2);
}

/** Storage writes the page sent, split into copies (x-ms-copy-source) and uploads of files. */
export async function writes(reqs: Request[], root: string): Promise<{ copied: string[]; uploaded: string[] }> {
  const out = { copied: [] as string[], uploaded: [] as string[] };
  for (const r of reqs.filter((r) => r.method() === 'PUT')) {
    if (new URL(r.url()).searchParams.get('comp') === 'metadata') continue; // the indicator's metadata
    const headers = await r.allHeaders();
    (headers['x-ms-copy-source'] ? out.copied : out.uploaded).push(fileOf(r, root));
  }
  out.copied = [...new Set(out.copied)].sort();
  out.uploaded = [...new Set(out.uploaded)].sort();
  return out;
}

/** Clicks Submit and waits until the upload is reported; the code version the job uses. */
export async function submitFolder(page: Page, timeout = 90_000): Promise<string> {
  const puts = jobPuts(page);
  await page.getByTestId('submit-job').click();
  await expect(page.getByTestId('upload-bytes')).toBeVisible({ timeout });
  return codeRef(puts[0].body.properties.codeId);
}
