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
// The hash workers' own account of their time (the `timing` of their answer), kept per pick.
await page.addInitScript(() => {
  const Base = window.Worker;
  window.__hashTiming = [];
  window.Worker = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => { if (e.data?.op === 'done' && e.data.timing) window.__hashTiming.push(e.data.timing); });
    }
  };
});
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
  const workers = await page.evaluate(() => window.__hashTiming.splice(0));
  // The page's marks from the pick event on (aml-pick-listed, aml-selected, aml-hash-start, …).
  const marks = await page.evaluate(() => {
    const at = performance.getEntriesByName('aml-pick').at(-1)?.startTime ?? 0;
    return performance.getEntriesByType('mark').filter((m) => m.name.startsWith('aml-')).map((m) => `${m.name} +${(m.startTime - at).toFixed(0)}`);
  });
  const [picked, start, end] = await page.evaluate(() => ['aml-pick', 'aml-hash-start', 'aml-hash-end'].map((n) => performance.getEntriesByName(n).at(-1)?.startTime));
  // Tasks that start from the console's change handler (mark aml-pick) to the end of the hash:
  // the page's own work. A task that started before the handler is the browser filling the file
  // input (Playwright's setInputFiles of 2,000 files), which dispatches the change event at its
  // end: reported apart, with how long it ran on after the handler began.
  const long = await page.evaluate(([a, b]) => window.__longTasks.filter(([t]) => t >= a && t <= b), [picked ?? start, end]);
  const before = await page.evaluate((a) => window.__longTasks.filter(([t, d]) => t < a && t + d >= a - 10_000), picked ?? start);
  await page.getByTestId('field-experiment').fill('bench-submit');
  await page.getByTestId('field-command').fill('python train.py');
  await page.getByTestId('field-env_kind').selectOption('curated');
  await page.getByTestId('field-environment').selectOption('azureml://registries/azureml/environments/AzureML-sklearn-1.5/labels/latest');
  await page.getByTestId('field-compute_kind').selectOption('cluster');
  await page.getByTestId('field-compute').selectOption('cpu-cluster');
  return { ms, engine: await status.getAttribute('data-engine'), long, before, workers, marks, pickAt: picked ?? start, pickToHash: start - (picked ?? start), total: await page.getByTestId('snapshot-total').textContent() };
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
  // A File body is not copied into the request's post data, and Chromium reports a body size
  // of 0 for it; the Content-Length header sent with it is the size on the wire.
  for (const q of win.requests.filter((q) => q.storage)) sent += await bodyBytes(q.r);
  const lanes = await storageLanes(win.requests.filter((q) => q.storage).map((q) => q.r));
  const done = page.getByTestId('upload-bytes');
  const uploaded = (await done.count()) ? Number(await done.getAttribute('data-bytes')) : 0;
  const copied = (await done.count()) ? Number(await done.getAttribute('data-copied')) : 0;
  const uploadMs = uploaded || copied ? await between(page, 'aml-upload-start', 'aml-upload-end') : 0;
  return { wallMs, sent, lanes, uploaded, copied, uploadMs, requests: win.requests, codeHash: win.codeHash };
}

/** Bytes of a request's body: its Content-Length as sent, else what Chromium reports. */
async function bodyBytes(r) {
  const length = Number((await r.allHeaders().catch(() => ({})))['content-length'] ?? NaN);
  if (Number.isFinite(length)) return length;
  return (await r.sizes().catch(() => ({ requestBodySize: 0 }))).requestBodySize;
}

/**
 * Where the storage phase's time goes: each request's time in flight (Chromium's timing, from
 * the request's start to its response's end, CORS preflight included), their median, and how
 * many were in flight on average over the phase (sum of times / the phase's span). About 6
 * means the browser's six connections were kept busy and storage's answers set the pace; far
 * fewer means the page was slow to start the next request.
 */
async function storageLanes(requests) {
  const spans = [];
  for (const r of requests) {
    const t = r.timing();
    if (t.startTime > 0 && t.responseEnd >= 0) spans.push([t.startTime, t.startTime + t.responseEnd]);
  }
  if (!spans.length) return null;
  const busy = spans.reduce((s, [a, b]) => s + (b - a), 0);
  const span = Math.max(...spans.map((s) => s[1])) - Math.min(...spans.map((s) => s[0]));
  const sorted = spans.map(([a, b]) => b - a).sort((x, y) => x - y);
  return { inFlight: busy / span, median: sorted[Math.floor(sorted.length / 2)], n: spans.length };
}

/**
 * The browser's own floor for the storage phase, same page, same Azurite, same run: 1,000 bare
 * `fetch` PUTs of 32 KB from memory, six at a time (Chromium's connections per host), under a
 * prefix of their own in the container the console uploaded to (its SAS is the container's).
 * No console code runs: what is left is Chromium's cost per request (CORS preflight included)
 * and Azurite's.
 */
async function browserFloor(page, requests) {
  const put = requests.find((q) => q.storage && q.r.method() === 'PUT');
  if (!put) return null;
  const u = new URL(put.r.url());
  const container = `${u.origin}/${u.pathname.split('/').slice(1, 3).join('/')}`;
  return page.evaluate(async ([container, sas]) => {
    const body = new Uint8Array(32 * 1024);
    const n = 1000;
    let next = 0;
    const run = Date.now().toString(36);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 6 }, async () => {
      while (next < n) {
        const i = next++;
        const r = await fetch(`${container}/bench-floor-${run}/f${i}.bin${sas}`, {
          method: 'PUT', body, headers: { 'x-ms-blob-type': 'BlockBlob', 'x-ms-version': '2021-08-06' },
        });
        await r.arrayBuffer();
        if (r.status !== 201) throw new Error(`floor PUT answered ${r.status}`);
      }
    }));
    return { n, ms: performance.now() - t0 };
  }, [container, u.search]);
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
  const floor = await browserFloor(page, full.requests);

  const mb = full.uploaded / 1e6;
  const maxLong = Math.max(0, ...hash.long.map(([, d]) => d));
  console.log(`hash browser (${hash.engine}, on pick): ${(mb / (hash.ms / 1e3)).toFixed(0)} MB/s  (${hash.total}, ${hash.ms.toFixed(0)} ms for the content hash + per-file MD5; changed folder: ${hash2.ms.toFixed(0)} ms)`);
  console.log(`hash long tasks begun on the page from the pick event to the hash's end: ${hash.long.length} over 50 ms (longest ${maxLong.toFixed(0)} ms; goal 0; ${hash.long.map(([t, d]) => `${d.toFixed(0)} ms at +${(t - hash.pickAt).toFixed(0)}`).join(', ') || 'none'}); pick event → hash start ${hash.pickToHash.toFixed(0)} ms`);
  console.log(`  page marks after the pick event (ms): ${hash.marks.join(', ')}`);
  for (const w of hash.workers) {
    const what = w.shaMs > 0 && w.md5Ms === 0 ? 'content hash' : w.md5Ms > 0 && w.shaMs === 0 ? 'per-file MD5' : 'both';
    console.log(`  worker (${what}): ${w.totalMs.toFixed(0)} ms = read ${w.readMs.toFixed(0)} + SHA-256 ${w.shaMs.toFixed(0)} + MD5 ${w.md5Ms.toFixed(0)} + other ${(w.totalMs - w.readMs - w.shaMs - w.md5Ms).toFixed(0)} (${w.files} files)`);
  }
  console.log(`  long tasks begun before the pick event (the browser filling the file input for setInputFiles): ${hash.before.length}${hash.before.map(([t, d]) => ` — ${d.toFixed(0)} ms, ending ${(t + d - hash.pickAt).toFixed(0)} ms after the pick event`).join('')}`);
  console.log(`hash browser = native: ${full.codeHash === null ? 'no code PUT seen' : full.codeHash === NATIVE_HASH ? 'yes' : `NO (${full.codeHash} vs ${NATIVE_HASH})`}`);
  console.log(`upload to Azurite (full, console): ${(mb / (full.uploadMs / 1e3)).toFixed(1)} MB/s  (${mb.toFixed(1)} MB in ${(full.uploadMs / 1e3).toFixed(1)} s, ${full.requests.length} requests before the job PUT, ${(full.sent / 1e6).toFixed(1)} MB of request bodies to storage)`);
  console.log(`submit console (full; hash on pick + Submit → job): ${((hash.ms + full.wallMs) / 1e3).toFixed(1)} s  (hash ${(hash.ms / 1e3).toFixed(1)} s + ${(full.wallMs / 1e3).toFixed(1)} s)`);
  const lanes = (l) => (l ? `${l.n} storage requests, median ${l.median.toFixed(1)} ms in flight, ${l.inFlight.toFixed(1)} in flight on average` : 'no timing');
  console.log(`  storage phase, full: ${lanes(full.lanes)}; one file changed: ${lanes(changed.lanes)}`);
  if (floor) {
    const per = floor.ms / floor.n;
    console.log(`  browser floor (same page and Azurite, no console code: ${floor.n} bare fetch PUTs of 32 KB, 6 at a time): ${per.toFixed(2)} ms per request → ${((per * (full.lanes?.n ?? full.requests.length)) / 1e3).toFixed(1)} s for the full upload's ${(full.lanes?.n ?? full.requests.length)} storage requests`);
  }
  const unchangedSent = again.requests.filter((q) => q.storage).length;
  console.log(`unchanged re-submit: ${again.requests.length} requests before the job PUT (goal ≤ 3: ${again.requests.map((q) => q.what).join(', ') || 'none'}), ${unchangedSent} storage requests, ${again.sent} bytes to storage (goal 0)`);
  console.log(`one 1 MB file changed, re-submit: ${(changed.sent / 1e6).toFixed(2)} MB sent to storage (goal ≤ 2 MB; page says ${changed.uploaded} B uploaded, ${changed.copied} files copied in storage)`);
  console.log(`one 1 MB file changed, re-submit wall time: ${(changed.wallMs / 1e3).toFixed(1)} s = ${(100 * changed.wallMs / full.wallMs).toFixed(0)} % of the full submission's ${(full.wallMs / 1e3).toFixed(1)} s (goal ≤ 25 %; upload phase ${(changed.uploadMs / 1e3).toFixed(1)} s vs ${(full.uploadMs / 1e3).toFixed(1)} s)`);
}
