// Invariants under injected faults, checked against the service itself (not only the page):
// a create whose answer is lost creates exactly one compute, a job submission whose answer is
// lost starts exactly one job, and a failed submit keeps what the user typed.
import { expect } from '@playwright/test';
import { cliArmList, emulatorHook, injectedFaults, setFaults, signIn, SUB_DEV, test } from './helpers';
import { field, openNew, row } from './compute-helpers';
import { fillJob, JOBS, sampleRepo } from './jobs-helpers';

const VISION = `/ws/${SUB_DEV}/rg-ml-dev/ws-vision/computes`;
const wsId = (ws: string) => `/subscriptions/${SUB_DEV}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/${ws}`;

const armList = cliArmList;

test.beforeEach(async () => {
  await emulatorHook('reset');
  await emulatorHook('settings', { operationSeconds: 1 });
});

test('create cluster, first answer lost after the PUT was applied → exactly one compute', async ({ page }) => {
  const before = await armList(`${wsId('ws-vision')}/computes`);
  await setFaults([{ match: { method: 'PUT', path: '*/computes/*' }, kinds: ['503'], when: 'after', count: 1 }]);
  await signIn(page, VISION);
  await openNew(page, 'new-cluster');
  await field(page, 'name').fill('fault-once');
  await page.locator('[data-testid=size-row][data-name="Standard_D4s_v3"]').click();
  await field(page, 'min_nodes').fill('0');
  await field(page, 'max_nodes').fill('2');
  await page.getByTestId('form-submit').click();
  // Either the console recovers (retry → op-done) or it reports the error; both are fine here.
  await expect(page.getByTestId('op-done').or(page.getByTestId('error-box'))).toBeVisible({ timeout: 60_000 });
  expect((await injectedFaults()).map((f) => f.kind)).toEqual(['503']);

  const after = await armList(`${wsId('ws-vision')}/computes`);
  expect(after.filter((c) => c.name === 'fault-once')).toHaveLength(1);
  expect(after.length).toBe(before.length + 1);
  await page.goto(VISION);
  await expect(row(page, 'fault-once')).toHaveCount(1);
});

test('a submit that keeps failing shows the error and keeps every field', async ({ page }) => {
  await setFaults([{ match: { method: 'PUT', path: '*/computes/*' }, kinds: ['500', '503'], when: 'before' }]);
  await signIn(page, VISION);
  await openNew(page, 'new-cluster');
  await field(page, 'name').fill('never-made');
  await page.locator('[data-testid=size-row][data-name="Standard_D4s_v3"]').click();
  await field(page, 'min_nodes').fill('0');
  await field(page, 'max_nodes').fill('3');
  await page.getByTestId('form-submit').click();
  const box = page.getByTestId('error-box');
  await expect(box).toBeVisible({ timeout: 60_000 });
  await expect(box.getByTestId('error-status')).toContainText(/50[03]/);
  await expect(field(page, 'name')).toHaveValue('never-made');
  await expect(field(page, 'max_nodes')).toHaveValue('3');
  await expect(page.getByTestId('size-selected')).toHaveText('Standard_D4s_v3');
  await expect(page.getByTestId('form-submit')).toBeEnabled();
  expect((await armList(`${wsId('ws-vision')}/computes`)).some((c) => c.name === 'never-made')).toBe(false);
});

test('submit a job, first answer lost after the PUT was applied → exactly one job', async ({ page }) => {
  const repo = sampleRepo();
  const experiment = `faults-${Date.now()}`;
  await signIn(page, JOBS);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
  await fillJob(page, repo, { experiment, command: 'python train.py' });
  await setFaults([{ match: { method: 'PUT', path: '*/jobs/*' }, kinds: ['503'], when: 'after', count: 1 }]);
  await page.getByTestId('submit-job').click();
  await expect(page.getByTestId('job-link').or(page.getByTestId('error-box'))).toBeVisible({ timeout: 60_000 });
  expect((await injectedFaults()).map((f) => f.kind)).toEqual(['503']);
  const jobs = (await armList(`${wsId('ws-demo')}/jobs`)).filter((j) => j.properties?.experimentName === experiment);
  expect(jobs).toHaveLength(1);
});
