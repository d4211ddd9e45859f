// Time to data of the two lazily loaded pages with the most to fetch: from a fresh load of the
// compute list, an in-app click on "New → Compute cluster" until the VM size table is filled, and
// on "Jobs" in the nav until the first job rows are painted. In the release build each click
// downloads and compiles the page's .wasm chunk; its requests (workspace, VM sizes, quota / the
// job list) either wait for that chunk or run beside it (the route's `data()`). Each figure is the
// median of RUNS fresh page loads, measured twice: as the local emulator answers, and with every
// ARM call delayed by ARM_LATENCY_MS (the emulator's latency fault), closer to a remote service.
// Also printed: when the first ARM request of the page started and when its last .wasm chunk
// arrived, both after the click — the two overlap only when data() starts the requests.
// Run by `cargo xtask bench`; printed, never asserted.
import { chromium } from 'playwright-core';

const CONSOLE = process.env.CONSOLE_URL;
const EMULATOR = process.env.EMULATOR_URL;
const SUB = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
const WS = `/ws/${SUB}/rg-ml-dev/ws-bench`;
const WS_ID = `/subscriptions/${SUB}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/ws-bench`;
const RUNS = 7;
const JOBS = 20;
const ARM_LATENCY_MS = 100;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, n=${xs.length})`;

async function hook(name, body, method = 'POST') {
  const r = await fetch(`${EMULATOR}/_emulator/${name}`, {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`emulator hook ${name}: ${r.status} ${await r.text()}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const page = await browser.newPage();
try {
  await measure(page);
} catch (e) {
  await page.screenshot({ path: 'target/bench-time-to-data-failure.png' }).catch(() => {});
  console.error(e);
  process.exitCode = 1;
} finally {
  await hook('faults', undefined, 'DELETE').catch(() => {});
}
await browser.close();

async function measure(page) {
  const url = (p) => new URL(p, CONSOLE).toString();
  await hook('settings', { computePageSize: 25 });
  for (let i = 1; i <= JOBS; i++) {
    const name = `bench-job-${String(i).padStart(2, '0')}`;
    await hook('inject', {
      kind: 'job', workspace: 'rg-ml-dev/ws-bench', name, body: {
        id: `${WS_ID}/jobs/${name}`, name, type: 'Microsoft.MachineLearningServices/workspaces/jobs',
        properties: { jobType: 'Command', status: i % 3 ? 'Completed' : 'Running', displayName: `bench job ${i}`,
          experimentName: 'bench', computeId: `${WS_ID}/computes/bench-001`, properties: {}, tags: {} },
        systemData: { createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() },
      },
    });
  }
  await page.goto(url(`${WS}/computes`));
  await page.getByTestId('signin-button').click();
  await page.waitForURL((u) => u.toString().startsWith(EMULATOR));
  await page.getByRole('button', { name: 'Ada Lovelace' }).click();
  await page.waitForURL((u) => !u.toString().startsWith(EMULATOR));
  await page.getByTestId('compute-row').first().waitFor();

  const flows = [
    {
      name: 'create-cluster', what: 'click New → Compute cluster → VM sizes listed',
      open: async () => { await page.locator('[data-testid=new-menu] summary').click(); return page.getByTestId('new-cluster'); },
      // Sizes that do not fit the free quota are hidden (and counted) instead of listed.
      ready: '[data-testid=size-row], [data-testid=size-hidden]',
    },
    {
      name: 'jobs', what: 'click Jobs in the nav → first job rows painted',
      open: async () => page.getByTestId('nav-jobs'),
      ready: '[data-testid=job-row]',
    },
  ];
  for (const latency of [0, ARM_LATENCY_MS]) {
    if (latency) {
      await hook('faults', { seed: 1, rules: [{ match: { path: '/subscriptions*' }, kinds: ['latency'], latencyMs: latency }] });
    }
    for (const flow of flows) {
      const total = [], armStart = [], chunkEnd = [];
      for (let i = 0; i < RUNS; i++) {
        await page.goto(url(`${WS}/computes`));
        await page.getByTestId('compute-row').first().waitFor();
        const link = await flow.open();
        await link.waitFor();
        const r = await link.evaluate((a, [ready, emulator]) => new Promise((resolve) => {
          const t0 = performance.now();
          const check = () => {
            if (document.querySelector(ready)) {
              requestAnimationFrame(() => {
                const t1 = performance.now();
                const after = performance.getEntriesByType('resource').filter((e) => e.startTime >= t0 && e.startTime <= t1);
                const arm = after.filter((e) => e.name.startsWith(emulator) && e.initiatorType !== 'navigation');
                const wasm = after.filter((e) => new URL(e.name).pathname.endsWith('.wasm'));
                resolve({
                  total: t1 - t0,
                  armStart: arm.length ? Math.min(...arm.map((e) => e.startTime)) - t0 : NaN,
                  chunkEnd: wasm.length ? Math.max(...wasm.map((e) => e.responseEnd)) - t0 : NaN,
                });
              });
            } else {
              requestAnimationFrame(check);
            }
          };
          a.click();
          requestAnimationFrame(check);
        }), [flow.ready, EMULATOR]);
        total.push(r.total);
        armStart.push(r.armStart);
        chunkEnd.push(r.chunkEnd);
      }
      const at = latency ? `ARM +${latency} ms` : 'local emulator';
      console.log(`time-to-data ${flow.name} (${flow.what}, ${at}): ${fmt(total)}; first ARM request at +${median(armStart).toFixed(0)} ms, last chunk in at +${median(chunkEnd).toFixed(0)} ms`);
    }
  }
}
