// Jobs that log metrics with the real MLflow client (mlflow-skinny, installed into the job's
// environment by the emulator's runner from PyPI the first time, cached after), made through the
// ARM API as a second client, and reads of their MLflow runs as the service holds them.
import { Page, Request } from '@playwright/test';
import { cliArm, cliToken, EMULATOR, SUB_DEV } from './helpers';

export const WS_ARM = `/subscriptions/${SUB_DEV}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/ws-demo`;
const API = 'api-version=2025-12-01';
/** The workspace's MLflow tracking base on the emulator (docs/azure-ml-rest.md §MLflow). */
export const TRACKING = `${EMULATOR}/mlflow/v1.0${WS_ARM}/api/2.0/mlflow`;

/** A conda file whose pip list is mlflow-skinny (the version tests/sdk/job_mlflow.py uses). */
const CONDA = 'name: mlflow\ndependencies:\n- python=3.11\n- pip:\n  - mlflow-skinny==3.17.2\nchannels:\n- conda-forge\n';

/** An environment whose conda file asks for mlflow-skinny. */
export async function mlflowEnvironment(): Promise<string> {
  const { status, json } = await cliArm(`${WS_ARM}/environments/e2e-mlflow/versions/1?${API}`, 'PUT', {
    properties: { image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest', condaFile: CONDA },
  });
  if (status !== 200 && status !== 201) throw new Error(`environment: ${status} ${JSON.stringify(json)}`);
  return 'azureml:e2e-mlflow:1';
}

/**
 * A Command job that runs `script` (Python, with `import mlflow` available) on cpu-cluster, in
 * the mlflow-skinny environment. Returns the job name (its MLflow run id).
 */
export async function mlflowJob(prefix: string, script: string, experiment = 'e2e-metrics'): Promise<string> {
  const env = await mlflowEnvironment();
  const name = `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const { status, json } = await cliArm(`${WS_ARM}/jobs/${name}?${API}`, 'PUT', {
    properties: {
      jobType: 'Command',
      displayName: name,
      experimentName: experiment,
      command: `python -c '${script}'`,
      environmentId: env,
      computeId: `${WS_ARM}/computes/cpu-cluster`,
    },
  });
  if (status !== 200 && status !== 201) throw new Error(`job: ${status} ${JSON.stringify(json)}`);
  return name;
}

/** The job's ARM status. */
export async function jobStatus(name: string): Promise<string> {
  const { json } = await cliArm(`${WS_ARM}/jobs/${name}?${API}`);
  return json?.properties?.status ?? '';
}

/** Waits until the job has ended; returns its status. */
export async function jobEnded(name: string, timeoutMs = 300_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await jobStatus(name);
    if (['Completed', 'Failed', 'Canceled'].includes(s)) return s;
    if (Date.now() > end) throw new Error(`job ${name} still ${s}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** A metric's whole history as the emulator's MLflow holds it (one page, up to 25,000). */
export async function history(run: string, key: string): Promise<{ step: number; timestamp: number; value: number | string }[]> {
  const url = `${TRACKING}/metrics/get-history?run_id=${encodeURIComponent(run)}&metric_key=${encodeURIComponent(key)}&max_results=25000`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${cliToken()}` } });
  if (!res.ok) throw new Error(`get-history ${run}/${key}: ${res.status} ${await res.text()}`);
  return ((await res.json()).metrics ?? []).map((m: any) => ({ step: Number(m.step ?? 0), timestamp: Number(m.timestamp), value: m.value }));
}

/** Every MLflow request the page sends, with when it was sent (ms since the epoch). */
export function mlflowRequests(page: Page): { at: number; op: string; req: Request }[] {
  const seen: { at: number; op: string; req: Request }[] = [];
  page.on('request', (r) => {
    const m = r.url().match(/\/api\/2\.0\/mlflow\/([a-z-]+\/[a-z-]+)/);
    if (m && r.method() !== 'OPTIONS') seen.push({ at: Date.now(), op: m[1], req: r });
  });
  return seen;
}

/** Makes the page believe its tab is hidden (or shown again), as a background tab would be. */
export async function setTabHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
    Object.defineProperty(document, 'hidden', { value: h, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}
