// Job submission figures in headless Chromium, on the folder xtask generated (BENCH_DIR, ~65 MB,
// 2,005 files): hashing on pick (the page's marks aml-hash-start/-end; where it ran, worker or
// page; the page's long tasks > 50 ms meanwhile, from a 'longtask' PerformanceObserver), the
// first (full) submission's upload, an unchanged re-submit (every request between the Submit
// click and the job PUT, bytes to storage), and a re-submit of BENCH_DIR_CHANGED (same folder
// name, one 1 MB file changed): bytes the browser sent to storage (request body sizes as
// Chromium reports them) and wall time against the full submission. Printed, never asserted.
import { chromium } from 'playwright-core';

const CONSOLE = process.env.CONSOLE_URL;
const EMULATOR = process.env.EMULATOR_URL;
const DIR = process.env.BENCH_DIR;
const DIR_CHANGED = process.env.BENCH_DIR_CHANGED;
const NATIVE_HASH = process.env.NATIVE_HASH ?? '';
const SUB = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
const NEW = `/ws/${SUB}/rg-ml-dev/ws-demo/jobs/new`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const page = await browser.newPage();
try {
  await measure(page);
} catch (e) {
  await page.screenshot({ path: 'target/bench-submit-failure.png' }).catch(() => {});
  console.error(e);
  process.exitCode = 1;
}
await browser.close();

/** Milliseconds between two performance marks of the page (the last of each). */
async function between(page, start, end) {
  return page.evaluate(([a, b]) => {
    const last = (n) => performance.getEntriesByName(n).at(-1)?.startTime;
    return last(b) - last(a);
  }, [start, end]);
}

/** Opens the submit page, picks `dir`, waits for its digests; long tasks counted meanwhile. */
async function pick(page, dir) {
  await page.goto(new URL(NEW, CONSOLE).toString());
  await page.getByTestId('field-command').waitFor();
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((l) => window.__longTasks.push(...l.getEntries().map((e) => [e.startTime, e.duration])))
      .observe({ type: 'longtask', buffered: false });
    performance.clearMarks();
  });
  await page.getByTestId('source-input').setInputFiles(dir);
  await page.getByTestId('snapshot-preview').waitFor({ timeout: 120_000 });
  const status = page.locator('[data-testid="hash-status"][data-state="ready"]');
  await status.waitFor({ timeout: 300_000 });
  const ms = await between(page, 'aml-hash-start', 'aml-hash-end');
  const [start, end] = await page.evaluate(() => ['aml-hash-start', 'aml-hash-end'].map((n) => performance.getEntriesByName(n).at(-1).startTime));
  const long = await page.evaluate(([a, b]) => window.__longTasks.filter(([t, d]) => t + d >= a && t <= b), [start, end]);
  await page.getByTestId('field-experiment').fill('bench-submit');
  await page.getByTestId('field-command').fill('python train.py');
  await page.getByTestId('field-env_kind').selectOption('curated');
  await page.getByTestId('field-environment').selectOption('azureml://registries/azureml/environments/AzureML-sklearn-1.5/labels/latest');
  await page.getByTestId('field-compute_kind').selectOption('cluster');
  await page.getByTestId('field-compute').selectOption('cpu-cluster');
  return { ms, engine: await status.getAttribute('data-engine'), long, total: await page.getByTestId('snapshot-total').textContent() };
}

/** Clicks Submit and waits for the job; every request until the job PUT, and the wall time. */
async function submit(page) {
  const win = { requests: [], done: false, codeHash: null };
  const onRequest = (r) => {
    if (win.done) return;
    if (r.method() === 'PUT' && /\/workspaces\/[^/]+\/jobs\/[^/?]+\?/.test(r.url())) { win.done = true; return; }
    if (r.method() === 'PUT' && /\/codes\/[^/]+\/versions\/[^/?]+\?/.test(r.url())) win.codeHash = r.postDataJSON()?.properties?.properties?.hash_sha256 ?? null;
    const storage = r.url().includes('/devstoreaccount1/');
    win.requests.push({ r, storage, what: `${r.method()} ${storage ? 'storage' : new URL(r.url()).pathname.split('/').slice(-2).join('/')}` });
  };
  page.on('request', onRequest);
  const t0 = Date.now();
  await page.getByTestId('submit-job').click();
  await page.getByTestId('job-link').waitFor({ timeout: 600_000 });
  const wallMs = Date.now() - t0;
  page.off('request', onRequest);
  let sent = 0;
  for (const q of win.requests.filter((q) => q.storage)) sent += (await q.r.sizes().catch(() => ({ requestBodySize: 0 }))).requestBodySize;
  const done = page.getByTestId('upload-bytes');
  const uploaded = (await done.count()) ? Number(await done.getAttribute('data-bytes')) : 0;
  const copied = (await done.count()) ? Number(await done.getAttribute('data-copied')) : 0;
  const uploadMs = uploaded || copied ? await between(page, 'aml-upload-start', 'aml-upload-end') : 0;
  return { wallMs, sent, uploaded, copied, uploadMs, requests: win.requests, codeHash: win.codeHash };
}

async function measure(page) {
  await page.goto(new URL(NEW, CONSOLE).toString());
  await page.getByTestId('signin-button').click();
  await page.waitForURL((u) => u.toString().startsWith(EMULATOR));
  await page.getByRole('button', { name: 'Ada Lovelace' }).click();
  await page.waitForURL((u) => !u.toString().startsWith(EMULATOR));
  await page.getByTestId('field-command').waitFor();

  const hash = await pick(page, DIR);
  const full = await submit(page);
  const again = await submit(page);
  const hash2 = await pick(page, DIR_CHANGED);
  const changed = await submit(page);

  const mb = full.uploaded / 1e6;
  const maxLong = Math.max(0, ...hash.long.map(([, d]) => d));
  console.log(`hash browser (${hash.engine}, on pick): ${(mb / (hash.ms / 1e3)).toFixed(0)} MB/s  (${hash.total}, ${hash.ms.toFixed(0)} ms for the content hash + per-file MD5; changed folder: ${hash2.ms.toFixed(0)} ms)`);
  console.log(`hash long tasks on the page while hashing: ${hash.long.length} over 50 ms (longest ${maxLong.toFixed(0)} ms; goal 0)`);
  console.log(`hash browser = native: ${full.codeHash === null ? 'no code PUT seen' : full.codeHash === NATIVE_HASH ? 'yes' : `NO (${full.codeHash} vs ${NATIVE_HASH})`}`);
  console.log(`upload to Azurite (full, console): ${(mb / (full.uploadMs / 1e3)).toFixed(1)} MB/s  (${mb.toFixed(1)} MB in ${(full.uploadMs / 1e3).toFixed(1)} s, ${full.requests.length} requests before the job PUT)`);
  console.log(`submit console (full; hash on pick + Submit → job): ${((hash.ms + full.wallMs) / 1e3).toFixed(1)} s  (hash ${(hash.ms / 1e3).toFixed(1)} s + ${(full.wallMs / 1e3).toFixed(1)} s)`);
  const unchangedSent = again.requests.filter((q) => q.storage).length;
  console.log(`unchanged re-submit: ${again.requests.length} requests before the job PUT (goal ≤ 3: ${again.requests.map((q) => q.what).join(', ') || 'none'}), ${unchangedSent} storage requests, ${again.sent} bytes to storage (goal 0)`);
  console.log(`one 1 MB file changed, re-submit: ${(changed.sent / 1e6).toFixed(2)} MB sent to storage (goal ≤ 2 MB; page says ${changed.uploaded} B uploaded, ${changed.copied} files copied in storage)`);
  console.log(`one 1 MB file changed, re-submit wall time: ${(changed.wallMs / 1e3).toFixed(1)} s = ${(100 * changed.wallMs / full.wallMs).toFixed(0)} % of the full submission's ${(full.wallMs / 1e3).toFixed(1)} s (goal ≤ 25 %; upload phase ${(changed.uploadMs / 1e3).toFixed(1)} s vs ${(full.uploadMs / 1e3).toFixed(1)} s)`);
}
