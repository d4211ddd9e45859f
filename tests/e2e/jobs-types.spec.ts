// Every job type readable: the official 2025-12-01 Jobs_Get examples seeded in ws-demo
// (docs/CONTRACTS.md "Seeded demo state") open read-only with their type and the type's own
// facts, never with Command fields or an action the type cannot take; long names never push
// the page apart. (Details that follow the address: details-url.spec.ts.)
import { expect, Page } from '@playwright/test';
import { emulatorHook, injectResource, signIn, SUB_DEV, test } from './helpers';
import { JOBS } from './jobs-helpers';

// The seeded example jobs are the data: other specs may have archived or deleted them.
test.beforeEach(async () => {
  await emulatorHook('reset');
});

const WS_ID = `/subscriptions/${SUB_DEV}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/ws-demo`;

/** (seeded job, type label, the type's own sections by `data-section`). */
const EXAMPLES: [string, string, string[]][] = [
  ['example-sweep', 'Sweep', ['objective', 'limits', 'early-termination', 'search-space', 'trial']],
  ['example-pipeline', 'Pipeline', ['settings']],
  ['example-automl', 'AutoML', ['task', 'limits', 'inputs']],
  ['example-finetuning', 'FineTuning', ['task', 'limits', 'inputs']],
];

async function expectJob(page: Page, name: string, type: string, sections: string[]): Promise<void> {
  await expect(page.getByTestId('job-id')).toHaveText(name);
  await expect(page.getByTestId('job-type')).toHaveText(type);
  await expect(page.getByTestId('job-details')).toHaveAttribute('data-job-type', type);
  const shown = page.locator('[data-testid=job-section]');
  await expect(shown).toHaveCount(sections.length);
  for (const s of sections) await expect(page.locator(`[data-testid=job-section][data-section="${s}"]`)).toBeVisible();
}

test("each of the spec's job types renders read-only with its type and no action it cannot take", async ({ page }) => {
  await signIn(page, JOBS);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
  for (const [name, type, sections] of EXAMPLES) {
    await page.goto(`${JOBS}/${name}`);
    await expectJob(page, name, type, sections);
    // No Command fields: no command, no distribution, no instance count of a Command job.
    await expect(page.getByTestId('job-command')).toHaveCount(0);
    const props = page.locator('.props').first();
    await expect(props).not.toContainText('Distribution');
    await expect(props).not.toContainText('Instances');
    // "Clone and edit" would make a Command job out of the others; a sweep clones as a sweep.
    await expect(page.getByTestId('job-clone')).toHaveCount(type === 'Sweep' ? 1 : 0);
    // The examples are not in a terminal state (NotStarted, Scheduled, Created): Cancel applies.
    await expect(page.getByTestId('job-cancel')).toBeEnabled();
  }
  // The type's own parts: a sweep's objective and trials, a pipeline's steps, AutoML's task.
  await page.goto(`${JOBS}/example-sweep`);
  const objective = page.locator('[data-testid=job-section][data-section="objective"]');
  await expect(objective).toContainText('Primary metric');
  await expect(page.getByTestId('sweep-trials')).toBeVisible();
  await expect(page.getByTestId('trials-empty')).toBeVisible();
  await page.goto(`${JOBS}/example-pipeline`);
  await expect(page.getByTestId('pipeline-steps')).toBeVisible();
  await page.goto(`${JOBS}/example-automl`);
  await expect(page.locator('[data-testid=job-section][data-section="task"]')).toContainText('Task type');
});

test('a job of an unknown type is shown read-only with its raw JSON as text', async ({ page }) => {
  await injectResource('job', {
    id: `${WS_ID}/jobs/quantum-job`, name: 'quantum-job', type: 'Microsoft.MachineLearningServices/workspaces/jobs',
    properties: { jobType: 'Quantum', status: 'Running', displayName: 'qubits', experimentName: 'q',
      qubits: 64, command: '<img src=x onerror=alert(1)>', properties: {} },
    systemData: { createdAt: '2020-01-02T00:00:00Z', createdBy: 'someone' },
  });
  await signIn(page, `${JOBS}/quantum-job`);
  await expect(page.getByTestId('job-type')).toHaveText('Quantum');
  await expect(page.getByTestId('unknown-job-type')).toBeVisible();
  const raw = page.getByTestId('job-raw-json');
  await expect(raw).toContainText('"jobType": "Quantum"');
  await expect(raw).toContainText('<img src=x onerror=alert(1)>');
  await expect(page.locator('img[src=x]')).toHaveCount(0);
  await expect(page.getByTestId('job-command')).toHaveCount(0);
  await expect(page.getByTestId('job-clone')).toHaveCount(0);
  await expect(page.getByTestId('job-cancel')).toBeEnabled();
});

test('a very long display name is truncated with its full text on hover, and the other columns keep their places', async ({ page }) => {
  const long = 'an-extremely-long-display-name-without-any-space-'.repeat(8) + 'end';
  const name = 'long-name-job';
  await injectResource('job', {
    id: `${WS_ID}/jobs/${name}`, name, type: 'Microsoft.MachineLearningServices/workspaces/jobs',
    properties: { jobType: 'Command', status: 'Completed', displayName: long, experimentName: 'e2e-long',
      command: 'echo hi', computeId: `${WS_ID}/computes/cpu-cluster`, properties: {} },
    // Newest, so the windowed list (newest first) renders it without scrolling.
    systemData: { createdAt: new Date().toISOString(), createdBy: 'someone' },
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, JOBS);
  const row = page.locator(`[data-testid=job-row][data-name="${name}"]`);
  await expect(row).toBeVisible();
  const link = row.getByRole('link');
  const cells = row.locator('[role=cell]');
  // Cells: select, name, type, status, …
  await expect(cells.nth(1)).toHaveAttribute('title', `${long} (${name})`);
  // The long name's cell stays narrow, so the columns after it keep their places: the status
  // column starts where it does for a job with a short name, and it ends inside the window.
  // (Whether every column of the list fits at this width is the list's layout, not this name's.)
  const viewport = page.viewportSize()!;
  const nameBox = (await cells.nth(1).boundingBox())!;
  expect(nameBox.width).toBeLessThanOrEqual(0.35 * viewport.width);
  const statusX = (await cells.nth(3).boundingBox())!.x;
  const other = page.locator('[data-testid=job-row][data-name="example-sweep"] [role=cell]').nth(3);
  expect(Math.abs(statusX - (await other.boundingBox())!.x)).toBeLessThan(1);
  const status = (await cells.nth(3).boundingBox())!;
  expect(status.x + status.width).toBeLessThanOrEqual(viewport.width);
  await link.click();
  const title = page.getByTestId('job-title');
  await expect(title).toHaveAttribute('title', long);
  const box = (await title.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  // The header's actions stay on screen next to a long title.
  const cancel = (await page.getByTestId('job-cancel').boundingBox())!;
  expect(cancel.x + cancel.width).toBeLessThanOrEqual(viewport.width);
  await expect(page.getByTestId('job-type')).toHaveText('Command');
  await expect(page.getByTestId('job-clone')).toBeVisible();
});
