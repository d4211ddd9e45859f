// Job submission figures in headless Chromium, on the folder xtask generated (BENCH_DIR, ~64 MB):
// the hash phase (the page's performance marks aml-hash-start/-end) over 3 submissions, the
// upload rate of the first one (bytes from the page's `upload-bytes` / time between
// aml-upload-start/-end), and for the unchanged re-submits every request between the Submit
// click and the job PUT plus the bytes sent to storage. Printed, never asserted.
import { chromium } from 'playwright-core';

const CONSOLE = process.env.CONSOLE_URL;
const EMULATOR = process.env.EMULATOR_URL;
const DIR = process.env.BENCH_DIR;
const NATIVE_HASH = process.env.NATIVE_HASH ?? '';
const SUB = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
const NEW = `/ws/${SUB}/rg-ml-dev/ws-demo/jobs/new`;
const RUNS = 3;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

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

async function measure(page) {
  const url = (p) => new URL(p, CONSOLE).toString();
  await page.goto(url(NEW));
  await page.getByTestId('signin-button').click();
  await page.waitForURL((u) => u.toString().startsWith(EMULATOR));
  await page.getByRole('button', { name: 'Ada Lovelace' }).click();
  await page.waitForURL((u) => !u.toString().startsWith(EMULATOR));
  await page.getByTestId('field-command').waitFor();

  await page.getByTestId('source-input').setInputFiles(DIR);
  await page.getByTestId('snapshot-preview').waitFor({ timeout: 120_000 });
  const total = await page.getByTestId('snapshot-total').textContent();
  await page.getByTestId('field-experiment').fill('bench-submit');
  await page.getByTestId('field-command').fill('python train.py');
  await page.getByTestId('field-env_kind').selectOption('curated');
  await page.getByTestId('field-environment').selectOption('AzureML-sklearn-1.5');
  await page.getByTestId('field-compute_kind').selectOption('cluster');
  await page.getByTestId('field-compute').selectOption('cpu-cluster');

  // Every request of the page from the Submit click to the job PUT (excluded), per submission.
  let win = null;
  let codeHash = null;
  page.on('request', (r) => {
    if (!win || win.done) return;
    if (r.method() === 'PUT' && /\/workspaces\/[^/]+\/jobs\/[^/?]+\?/.test(r.url())) { win.done = true; return; }
    const m = r.url().match(/\/codes\/[^/]+\/versions\/[^/?]+\?/);
    if (r.method() === 'PUT' && m) codeHash = r.postDataJSON()?.properties?.properties?.hash_sha256 ?? codeHash;
    const storage = r.url().includes('/devstoreaccount1/');
    win.requests.push({ what: `${r.method()} ${storage ? 'storage' : new URL(r.url()).pathname.split('/').slice(-2).join('/')}`, storage, bytes: r.postDataBuffer()?.length ?? 0 });
  });

  const hashMs = [];
  let upload = null;
  const resubmits = [];
  for (let i = 0; i < RUNS; i++) {
    win = { requests: [], done: false };
    await page.evaluate(() => performance.clearMarks());
    await page.getByTestId('submit-job').click();
    await page.getByTestId('job-link').waitFor({ timeout: 300_000 });
    hashMs.push(await between(page, 'aml-hash-start', 'aml-hash-end'));
    if (i === 0) {
      const bytes = Number(await page.getByTestId('upload-bytes').getAttribute('data-bytes'));
      upload = { bytes, ms: await between(page, 'aml-upload-start', 'aml-upload-end'), requests: win.requests.length };
    } else {
      resubmits.push(win);
    }
  }
  const bytes = upload.bytes;
  const hashMB = bytes / 1e6;
  console.log(`hash browser (wasm, 4 MiB slices): ${(hashMB / (median(hashMs) / 1e3)).toFixed(0)} MB/s  (${total}, median ${median(hashMs).toFixed(0)} ms of ${RUNS}: ${hashMs.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`hash browser = native: ${codeHash === null ? 'no code PUT seen' : codeHash === NATIVE_HASH ? 'yes' : `NO (${codeHash} vs ${NATIVE_HASH})`}`);
  console.log(`upload to Azurite: ${(bytes / 1e6 / (upload.ms / 1e3)).toFixed(1)} MB/s  (${(bytes / 1e6).toFixed(1)} MB in ${(upload.ms / 1e3).toFixed(1)} s, ${upload.requests} requests before the job PUT)`);
  for (const [i, w] of resubmits.entries()) {
    const sent = w.requests.filter((r) => r.storage).reduce((a, r) => a + r.bytes, 0);
    console.log(`unchanged re-submit #${i + 1}: ${w.requests.length} requests before the job PUT (goal ≤ 3: ${w.requests.map((r) => r.what).join(', ') || 'none'}), ${sent} bytes to storage (goal 0)`);
  }
}
