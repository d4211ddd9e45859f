// Shared steps of the jobs flows: a temporary copy of the sample project made into a git
// repository (git objects cannot live in this repository's tree), and the submit form.
import { expect, Locator, Page, Request } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SUB_DEV } from './helpers';

export const AZURITE = process.env.AZURITE_URL ?? 'http://127.0.0.1:20000';
export const JOBS = `/ws/${SUB_DEV}/rg-ml-dev/ws-demo/jobs`;
/** The curated environment the jobs flows pick, by its registry id (curated environments are the azureml registry's). */
export const SKLEARN_ID = 'azureml://registries/azureml/environments/AzureML-sklearn-1.5/labels/latest';

/** `<tmp>/sample-project`, a copy of the fixture with a committed `.git`. */
export function sampleRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aml-jobs-'));
  const repo = path.join(dir, 'sample-project');
  fs.cpSync(path.join(__dirname, 'fixtures', 'sample-project'), repo, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'e2e@contoso.example');
  git('config', 'user.name', 'e2e');
  git('remote', 'add', 'origin', 'https://github.com/contoso/sample-project.git');
  git('add', '-A');
  git('commit', '-q', '-m', 'sample');
  return repo;
}

export interface JobOptions {
  experiment?: string;
  command?: string;
  compute?: string; // a compute name, or 'serverless'
  distribution?: { type: 'PyTorch' | 'Mpi'; processes: number };
}

/** Opens the submit page, picks `repo`, waits for the preview and fills the form. */
export async function fillJob(page: Page, repo: string, o: JobOptions = {}): Promise<void> {
  await page.goto(`${JOBS}/new`);
  await page.getByTestId('source-input').setInputFiles(repo);
  await expect(page.getByTestId('snapshot-preview')).toBeVisible();
  await page.getByTestId('field-experiment').fill(o.experiment ?? 'e2e-jobs');
  await page.getByTestId('field-command').fill(o.command ?? 'python train.py --lr ${{inputs.lr}}');
  // A restored draft may already hold the row (same tab, sessionStorage).
  const hasLr = (await page.getByTestId('input-name').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).includes('lr');
  if (o.command === undefined && !hasLr) {
    await page.getByTestId('add-input').click();
    await page.getByTestId('input-name').last().fill('lr');
    await page.getByTestId('input-value').last().fill('0.05');
  }
  await page.getByTestId('field-env_kind').selectOption('curated');
  await page.getByTestId('field-environment').selectOption(SKLEARN_ID);
  if (o.compute === 'serverless') {
    await page.getByTestId('field-compute_kind').selectOption('serverless');
    await expect(page.getByTestId('field-instance_type').locator('option')).not.toHaveCount(1);
    await page.getByTestId('field-instance_type').selectOption({ index: 1 });
  } else {
    await page.getByTestId('field-compute_kind').selectOption('cluster');
    await page.getByTestId('field-compute').selectOption(o.compute ?? 'cpu-cluster');
  }
  if (o.distribution) {
    await page.getByTestId('field-distribution').selectOption(o.distribution.type);
    await page.getByTestId('field-processes').fill(String(o.distribution.processes));
  }
}

/**
 * Every path of the snapshot preview's file list (rows with data-testid `testid`), in list
 * order. The list is windowed (only the rows in view are in the DOM), so it is scrolled through
 * from top to bottom, a viewport at a time, collecting the rows each position renders.
 */
export async function previewPaths(page: Page, testid = 'snapshot-file'): Promise<string[]> {
  const list = page.getByTestId('snapshot-files-table');
  await expect(list).toBeVisible();
  return list.evaluate(async (el, testid) => {
    const frames = () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    const scrollTo = async (y: number) => { el.scrollTop = y; el.dispatchEvent(new Event('scroll')); await frames(); };
    const paths: string[] = [];
    const seen = new Set<string>();
    await scrollTo(0);
    for (;;) {
      for (const r of el.querySelectorAll(`[data-testid="${testid}"]`)) {
        const p = r.getAttribute('data-path') ?? '';
        if (!seen.has(p)) { seen.add(p); paths.push(p); }
      }
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) break;
      await scrollTo(el.scrollTop + el.clientHeight);
    }
    await scrollTo(0);
    return paths;
  }, testid);
}

/** Scrolls the preview's file list until the row of `path` is rendered; returns that row. */
export async function previewRow(page: Page, path: string, testid = 'snapshot-file'): Promise<Locator> {
  const list = page.getByTestId('snapshot-files-table');
  await expect(list).toBeVisible();
  await list.evaluate(async (el, { path, testid }) => {
    const frames = () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    const sel = `[data-testid="${testid}"][data-path="${CSS.escape(path)}"]`;
    el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); await frames();
    while (!el.querySelector(sel) && el.scrollTop + el.clientHeight < el.scrollHeight - 1) {
      el.scrollTop += el.clientHeight; el.dispatchEvent(new Event('scroll')); await frames();
    }
  }, { path, testid });
  return list.locator(`[data-testid="${testid}"][data-path="${path}"]`);
}

/** Submits and opens the new job; returns its id. */
export async function submitAndOpen(page: Page): Promise<string> {
  await page.getByTestId('submit-job').click();
  const link = page.getByTestId('job-link');
  await expect(link).toBeVisible({ timeout: 60_000 });
  const id = (await link.textContent())!.trim();
  await link.click();
  await expect(page.getByTestId('job-details')).toBeVisible();
  return id;
}

export async function waitForStatus(page: Page, status: string, timeout = 90_000): Promise<void> {
  await expect(page.locator('.page-header [data-testid="job-status"]')).toHaveAttribute('data-status', status, { timeout });
}

/**
 * Every request the page sends to storage (uploads are PUTs there). Matched by the Azurite
 * account path rather than AZURITE_URL: the SAS host is whatever the emulator hands out.
 */
export function storageRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(AZURITE) || r.url().includes('/devstoreaccount1/')) seen.push(r);
  });
  return seen;
}

/** Job PUTs the page sends (code/environment PUTs excluded), in order, one entry per
 * submission (identical resends collapse). */
export function jobPuts(page: Page): { id: string; body: any }[] {
  const seen: { id: string; body: any }[] = [];
  page.on('request', (r) => {
    const m = r.url().match(/\/workspaces\/[^/]+\/jobs\/([^/?]+)\?/);
    if (r.method() !== 'PUT' || !m) return;
    const put = { id: decodeURIComponent(m[1]), body: r.postDataJSON() };
    // A resend (retry after a fault) of the same job with the same body is one submission; a
    // second PUT of that id with another body would be a second one and stays visible.
    if (!seen.some((s) => s.id === put.id && JSON.stringify(s.body) === JSON.stringify(put.body))) seen.push(put);
  });
  return seen;
}

/** The SDK venv's python (`cargo xtask test` prepares it). */
export const SDK_PYTHON = process.env.AML_SDK_PYTHON ?? path.resolve(__dirname, '../../target/xtask/sdk-venv/bin/python');

/** Runs a script of tests/sdk with the venv python against this test stack; returns stdout. */
export function sdkScript(script: string, args: string[]): string {
  try {
    return execFileSync(SDK_PYTHON, [path.resolve(__dirname, '../sdk', script), ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        EMULATOR_URL: process.env.EMULATOR_URL ?? 'http://127.0.0.1:17070',
        AML_EMULATOR_BIN: process.env.AML_EMULATOR_BIN ?? path.resolve(__dirname, '../../target/debug/aml-emulator'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000,
    });
  } catch (e: any) {
    throw new Error(`${script} failed (${e.status}):\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}
