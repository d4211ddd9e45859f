// Hostile and malformed service data: raw resources injected into the emulator (unknown enums,
// missing fields, wrong types, huge strings, markup in names and messages) must render as text,
// never as elements or script, and never crash the app (it stays usable afterwards).
import { expect, Page } from '@playwright/test';
import { cliArmList, DEMO_COMPUTES, emulatorHook, injectResource, SEEDED_DEMO_COMPUTES, setFaults, signIn, SUB_DEV, test } from './helpers';

const WS_ID = `/subscriptions/${SUB_DEV}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/ws-demo`;
const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';
const JOBS = `/ws/${SUB_DEV}/rg-ml-dev/ws-demo/jobs`;

const cid = (name: string) => `${WS_ID}/computes/${name}`;

/** Everything the app must survive: collects dialogs, page errors and wasm panics. */
function watch(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (/panicked|RuntimeError|unreachable/i.test(m.text())) problems.push(`console: ${m.text().slice(0, 300)}`);
  });
  return { problems };
}

async function expectNothingInjected(page: Page): Promise<void> {
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await page.locator('script').evaluateAll((els) => els.filter((e) => e.textContent?.includes('alert(')).length)).toBe(0);
  expect(await page.evaluate(() => document.querySelectorAll('[onerror]').length)).toBe(0);
}

async function injectAll(): Promise<void> {
  await injectResource('compute', {
    id: cid('xss-name'), name: IMG, location: 'eastus', type: 'Microsoft.MachineLearningServices/workspaces/computes',
    properties: { computeType: 'AmlCompute', provisioningState: 'Succeeded', description: SCRIPT,
      properties: { vmSize: IMG, scaleSettings: { minNodeCount: 0, maxNodeCount: 1 } } },
  }, 'xss-name');
  await injectResource('compute', {
    id: cid('weird-enums'), name: 'weird-enums', location: 'eastus',
    properties: { computeType: 'AmlCompute', provisioningState: 'Teleporting', description: 'd'.repeat(1 << 20),
      properties: { allocationState: 'Wobbling', vmSize: 'STANDARD_DS3_V2', currentNodeCount: 'two',
        scaleSettings: { minNodeCount: -1, maxNodeCount: 'four' }, nodeStateCounts: { idleNodeCount: 'x' } } },
  });
  await injectResource('compute', {
    id: cid('future-thing'), name: 'future-thing', location: 'eastus',
    properties: { computeType: 'QuantumAnnealer', provisioningState: 'Entangling', description: IMG,
      properties: { qubits: 4096, topology: { kind: SCRIPT } } },
  });
  await injectResource('compute', { id: cid('no-props'), name: 'no-props' });
  await injectResource('compute', { properties: { computeType: 'AmlCompute' } }, 'nameless');
  await injectResource('compute', { id: cid('n'.repeat(10_000)), name: 'n'.repeat(10_000), location: 7, properties: { computeType: 42 } }, 'long-name');
}

test.beforeEach(async () => {
  await emulatorHook('reset');
  await injectAll();
});

// Injected resources must not outlive the spec: the jobs specs that follow do not reset.
test.afterEach(async () => {
  await emulatorHook('reset');
});

test('the compute list renders hostile and malformed computes as text and stays usable', async ({ page }) => {
  const w = watch(page);
  await signIn(page, DEMO_COMPUTES);
  await expect(page.getByTestId('compute-table')).toBeVisible();
  await expect(page.locator('[data-testid=compute-row][data-name="cpu-cluster"]')).toBeVisible();
  await expect(page.locator('[data-testid=compute-row][data-name="weird-enums"]')).toBeVisible();
  // The markup arrives as the literal text of the name.
  await expect(page.getByTestId('compute-table')).toContainText(IMG);
  await expect(page.locator('[data-testid=compute-row][data-name="weird-enums"]')).toContainText(/Teleporting|Wobbling/);
  await expectNothingInjected(page);
  // Still interactive: filter, then open a real compute.
  await page.getByTestId('compute-filter').fill('cpu-cluster');
  await expect(page.getByTestId('compute-row')).toHaveCount(1);
  await page.locator('[data-testid=compute-row][data-name="cpu-cluster"] a').first().click();
  await expect(page.getByTestId('compute-title')).toContainText('cpu-cluster');
  await expectNothingInjected(page);
  expect(w.problems).toEqual([]);
});

test('details of hostile computes: markup as text, an unknown type read-only, odd enums shown', async ({ page }) => {
  const w = watch(page);
  // Nodes with states the console does not know, and markup in their fields.
  await setFaults([{ match: { method: 'POST', path: '*/computes/weird-enums/listnodes' }, kinds: ['custom'], status: 200,
    body: { nodes: [{ nodeId: IMG, nodeState: 'levitating', privateIpAddress: SCRIPT, port: 'many', runId: 7 }] } }]);
  await signIn(page, `${DEMO_COMPUTES}/xss-name`);
  await expect(page.getByTestId('compute-details')).toBeVisible();
  await expect(page.getByTestId('compute-details')).toContainText(SCRIPT);
  await expectNothingInjected(page);

  await page.goto(`${DEMO_COMPUTES}/future-thing`);
  await expect(page.getByTestId('unknown-type-note')).toContainText('QuantumAnnealer');
  await expect(page.getByTestId('compute-details')).toContainText(IMG);
  // Read-only: no scale/start/stop/restart for a type the console cannot write.
  for (const action of ['scale', 'start', 'stop', 'restart']) await expect(page.getByTestId(`manage-${action}`)).toHaveCount(0);
  await expectNothingInjected(page);

  await page.goto(`${DEMO_COMPUTES}/weird-enums`);
  await expect(page.getByTestId('compute-title')).toContainText('weird-enums');
  await expect(page.getByTestId('compute-details')).toContainText(/Teleporting/);
  await expect(page.getByTestId('node-table')).toContainText(IMG);
  await expectNothingInjected(page);

  await page.goto(`${DEMO_COMPUTES}/no-props`);
  await expect(page.getByTestId('compute-title')).toContainText('no-props');

  // The app is still usable afterwards.
  await page.goto(DEMO_COMPUTES);
  await expect(page.locator('[data-testid=compute-row][data-name="cpu-cluster"]')).toBeVisible();
  expect(w.problems).toEqual([]);
});

test('a hostile error response is shown as text in the error box', async ({ page }) => {
  const w = watch(page);
  await setFaults([{ match: { method: 'GET', path: '*/workspaces/ws-demo/computes' }, kinds: ['custom'], status: 400,
    body: { error: { code: `<b>Bad</b>${IMG}`, message: `${IMG} ${SCRIPT}`, target: SCRIPT,
      details: [{ code: IMG, message: SCRIPT }, { code: 'x', message: 'm'.repeat(100_000) }] } } }]);
  await signIn(page, DEMO_COMPUTES);
  const box = page.getByTestId('error-box');
  await expect(box).toBeVisible();
  await expect(box.getByTestId('error-message')).toContainText(IMG);
  await expect(box.getByTestId('error-code')).toContainText('<b>Bad</b>');
  await expect(box.locator('b')).toHaveCount(0);
  await expectNothingInjected(page);
  // Recovers once the service behaves.
  await emulatorHook('faults', {}, 'DELETE');
  await page.goto('/workspaces');
  await expect(page.getByTestId('workspace-link').first()).toBeVisible();
  expect(w.problems).toEqual([]);
});

test('jobs with unknown statuses and markup render as text', async ({ page }) => {
  const w = watch(page);
  await injectResource('job', {
    id: `${WS_ID}/jobs/weird-job`, name: 'weird-job', type: 'Microsoft.MachineLearningServices/workspaces/jobs',
    properties: { jobType: 'Command', status: 'Levitating', displayName: IMG, experimentName: SCRIPT, description: IMG,
      tags: { [IMG]: SCRIPT }, isArchived: false, properties: {} },
    systemData: { createdAt: '2099-01-01T00:00:00Z', createdBy: IMG },
  });
  await injectResource('job', { id: `${WS_ID}/jobs/bare-job`, name: 'bare-job' });
  await signIn(page, JOBS);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
  await expect(page.locator('[data-testid=job-row][data-name="weird-job"]')).toBeVisible();
  await expect(page.locator('[data-testid=job-row][data-name="weird-job"]')).toContainText('Levitating');
  await expectNothingInjected(page);
  await page.goto(`${JOBS}/weird-job`);
  await expect(page.getByTestId('job-details')).toBeVisible();
  await expectNothingInjected(page);
  await page.goto(DEMO_COMPUTES);
  await expect(page.locator('[data-testid=compute-row][data-name="cpu-cluster"]')).toBeVisible();
  expect(w.problems).toEqual([]);
});

test('a list item that is not even an object is left out and named; the rest is listed', async ({ page }) => {
  const w = watch(page);
  await injectResource('compute', 'not even an object', 'a-string');
  await injectResource('job', 42, 'a-number');
  await signIn(page, DEMO_COMPUTES);
  await expect(page.locator('[data-testid=compute-row][data-name="cpu-cluster"]')).toBeVisible();
  // Every item of the service's list that is an object has its row (the seeded computes and
  // the other hostile ones of this spec); only the string is left out.
  const items = await cliArmList(`/subscriptions/${SUB_DEV}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/ws-demo/computes`);
  expect(items.filter((i) => typeof i === 'string')).toEqual(['not even an object']);
  await expect(page.getByTestId('compute-row')).toHaveCount(items.filter((i) => typeof i === 'object' && i !== null).length);
  await expect(page.getByTestId('list-skipped')).toContainText('1 item in the service');
  await expect(page.getByTestId('list-skipped')).toContainText('not an object (a string)');
  await expect(page.getByTestId('error-box')).toHaveCount(0);
  await page.getByRole('link', { name: 'Jobs' }).first().click();
  await expect(page.getByTestId('list-skipped')).toContainText('not an object (a number)');
  await expect(page.getByTestId('jobs-table')).toBeVisible();
  await expectNothingInjected(page);
  await emulatorHook('reset');
  await page.getByRole('link', { name: 'Compute' }).first().click();
  await expect(page.getByTestId('compute-row')).toHaveCount(SEEDED_DEMO_COMPUTES.length);
  await expect(page.getByTestId('list-skipped')).toHaveCount(0);
  expect(w.problems).toEqual([]);
});
