// Shared steps of the end-to-end flows. Names and ids come from docs/CONTRACTS.md.
import { expect, Page, Request, test as base } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const EMULATOR = process.env.EMULATOR_URL ?? 'http://127.0.0.1:17070';
export const SUB_DEV = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
export const SUB_PROD = '7e2a9f3c-5d41-4c8b-a6e0-2f9b8d7c6e51';
export const DEMO_COMPUTES = `/ws/${SUB_DEV}/rg-ml-dev/ws-demo/computes`;
export const SEEDED_DEMO_COMPUTES = [
  'cpu-cluster', 'gpu-cluster', 'ci-ada', 'ci-grace', 'dsvm-ubuntu', 'hdi-spark', 'dbx-prod',
  'adla-logs', 'k8s-arc', 'synapse-pool', 'aks-inference', 'adf-pipelines', 'broken-cluster',
  'legacy-batch',
];

/** Calls a test hook of the emulator (only served with --test-hooks). */
export async function emulatorHook(
  hook: 'reset' | 'settings' | 'faults' | 'inject' | 'bench', body: object = {}, method: 'POST' | 'DELETE' = 'POST',
): Promise<void> {
  if (hook === 'reset') await recordMatrixFaults();
  const res = await fetch(`${EMULATOR}/_emulator/${hook}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`emulator hook ${hook}: ${res.status} ${await res.text()}`);
  // The fault matrix: every spec resets in beforeEach, so faults installed here cover them all.
  if (hook === 'reset') await installMatrixFaults(true);
}

/** A token minted by the emulator's own CLI, as a command-line client would get it. */
export function cliToken(user = 'ada@contoso.example', lifetime?: number): string {
  const bin = path.resolve(__dirname, '../../target/debug/aml-emulator');
  const args = ['token', '--user', user];
  if (lifetime !== undefined) args.push('--lifetime', String(lifetime));
  return execFileSync(bin, args, { encoding: 'utf8' }).trim();
}

/**
 * A call to the emulator's ARM API as a second client (CLI token), for checks against the
 * service itself. Retries 429/5xx and dropped connections, so the fault matrix (which faults
 * every caller) cannot fail the check instead of the flow. Returns status and JSON body.
 */
export async function cliArm(url: string, method = 'GET', body?: unknown): Promise<{ status: number; json: any }> {
  const full = url.startsWith('http') ? url : `${EMULATOR}${url}`;
  let last = '';
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      const res = await fetch(full, {
        method,
        headers: { authorization: `Bearer ${cliToken()}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status !== 429 && res.status < 500) return { status: res.status, json: text ? JSON.parse(text) : null };
      last = `${res.status} ${text}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
  }
  throw new Error(`${method} ${full}: still failing after retries: ${last}`);
}

/** Every item of an ARM list (`path` without api-version), following nextLinks, via `cliArm`. */
export async function cliArmList(path: string): Promise<any[]> {
  const items = [];
  let url: string | undefined = `${EMULATOR}${path}?api-version=2025-12-01`;
  while (url) {
    const { status, json } = await cliArm(url);
    if (status !== 200) throw new Error(`GET ${url}: ${status} ${JSON.stringify(json)}`);
    items.push(...json.value);
    url = json.nextLink;
  }
  return items;
}

/**
 * Signs in through the local authority's page: the console redirects there, the user picks a
 * demo account, and the authority sends them back with a code the console redeems (PKCE).
 * Starts at `start` and returns when the console has left the authority again.
 */
export async function signIn(page: Page, start = '/', user = 'Ada Lovelace'): Promise<void> {
  // Specs without a reset in beforeEach (jobs) get the matrix faults here (once per test).
  await installMatrixFaults();
  await page.goto(start);
  await page.getByTestId('signin-button').click();
  await page.waitForURL((u) => u.toString().startsWith(EMULATOR));
  await page.getByRole('button', { name: user }).click();
  await page.waitForURL((u) => !u.toString().startsWith(EMULATOR));
  await expect(page.getByTestId('user-name')).toContainText(user);
}

/** Collects every request the page makes to the ARM endpoint. */
export function armRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(EMULATOR) && r.url().includes('/subscriptions')) seen.push(r);
  });
  return seen;
}

/** The names in the compute table, in display order. */
export async function computeNames(page: Page): Promise<string[]> {
  return page.getByTestId('compute-row').evaluateAll((rows) =>
    rows.map((r) => r.getAttribute('data-name') ?? ''));
}

// ---------------------------------------------------------------------------------------------
// Fault injection (docs/CONTRACTS.md, "Emulator hooks: faults and injected resources").

/** A fault rule of `POST /_emulator/faults`. */
export interface FaultRule {
  match?: { method?: string; path?: string };
  rate?: number;
  kinds: ('429' | '500' | '503' | 'drop' | 'latency' | 'expired' | 'custom')[];
  when?: 'before' | 'after';
  latencyMs?: number | [number, number];
  count?: number;
  retryAfter?: number;
  includeToken?: boolean;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Replaces the emulator's fault rules (`reset` clears them again). */
export async function setFaults(rules: FaultRule[], seed = 1): Promise<void> {
  await emulatorHook('faults', { seed, rules });
}

export async function clearFaults(): Promise<void> {
  await emulatorHook('faults', {}, 'DELETE');
}

/** The faults the emulator injected since the rules were set. */
export async function injectedFaults(): Promise<{ kind: string; when: string; method: string; path: string }[]> {
  const res = await fetch(`${EMULATOR}/_emulator/faults`);
  return (await res.json()).injected;
}

/** Stores a raw resource verbatim (`kind` compute|job), for hostile-input tests. */
export async function injectResource(kind: 'compute' | 'job', body: unknown, name?: string, workspace = 'rg-ml-dev/ws-demo'): Promise<void> {
  await emulatorHook('inject', { kind, workspace, name, body });
}

/** FNV-1a of the test title: each test gets its own, stable fault sequence. */
function titleSeed(title: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < title.length; i++) h = Math.imul(h ^ title.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

let matrixInstalledFor = '';

/**
 * With `AML_E2E_FAULT_LOG=FILE`, appends `{"test", "faults": {"before:503": n, …}}` (JSON lines)
 * for the test whose matrix faults are installed, before they are replaced: the raw data of the
 * fault matrix report (which flows met which kinds).
 */
async function recordMatrixFaults(): Promise<void> {
  const file = process.env.AML_E2E_FAULT_LOG;
  if (!file || !matrixInstalledFor || !(Number(process.env.AML_E2E_FAULT_RATE ?? '0') > 0)) return;
  const counts: Record<string, number> = {};
  for (const f of await injectedFaults()) counts[`${f.when}:${f.kind}`] = (counts[`${f.when}:${f.kind}`] ?? 0) + 1;
  fs.appendFileSync(file, JSON.stringify({ test: matrixInstalledFor, faults: counts }) + '\n');
}

/**
 * With `AML_E2E_FAULT_RATE` (e.g. 0.2) set, faults every ARM route at about that rate, half
 * before the handler (request not applied) and half after (applied, answer lost). Optional
 * `AML_E2E_FAULT_KINDS` (default `429,500,503,drop,latency`) and `AML_E2E_FAULT_WHEN`
 * (default `before,after`) narrow the matrix. Seeded by the test title, so a failing cell
 * reproduces. Without the variable it does nothing.
 */
export async function installMatrixFaults(force = false): Promise<void> {
  const rate = Number(process.env.AML_E2E_FAULT_RATE ?? '0');
  if (!(rate > 0)) return;
  let title = 'no-test';
  try {
    title = base.info().titlePath.join(' > ');
  } catch { /* outside a test */ }
  if (!force && matrixInstalledFor === title) return;
  if (!force) await recordMatrixFaults();
  matrixInstalledFor = title;
  const kinds = (process.env.AML_E2E_FAULT_KINDS ?? '429,500,503,drop,latency').split(',').map((k) => k.trim()) as FaultRule['kinds'];
  const whens = (process.env.AML_E2E_FAULT_WHEN ?? 'before,after').split(',').map((w) => w.trim()) as ('before' | 'after')[];
  const rules: FaultRule[] = whens.map((when) => ({
    match: { path: '/subscriptions*' },
    rate: rate / whens.length,
    // Latency after the handler is the same as before it; keep "after" for the lost answers.
    kinds: when === 'after' && kinds.length > 1 ? kinds.filter((k) => k !== 'latency') : kinds,
    when,
    latencyMs: [50, 300] as [number, number],
  })).filter((r) => r.kinds.length > 0);
  await fetch(`${EMULATOR}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seed: titleSeed(title), rules }),
  });
}

/**
 * Runs `fn` with the fault matrix paused. For a step done by another client (the official SDK),
 * whose own retry policy is not what the matrix tests; the console's steps around it stay
 * faulted. Without `AML_E2E_FAULT_RATE` it just runs `fn`.
 */
export async function withoutMatrixFaults<T>(fn: () => Promise<T>): Promise<T> {
  if (!(Number(process.env.AML_E2E_FAULT_RATE ?? '0') > 0)) return fn();
  await recordMatrixFaults();
  await fetch(`${EMULATOR}/_emulator/faults`, { method: 'DELETE' });
  try {
    return await fn();
  } finally {
    await installMatrixFaults(true);
  }
}

/**
 * Every flow runs against the CSP'd build (`xtask dist`): this `test` collects
 * `securitypolicyviolation` events from every frame of the page (console, embedded console, host
 * pages) and fails the test on any. Specs import `test` from here, not from @playwright/test.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [async ({ page }, use) => {
    const seen: string[] = [];
    await page.exposeBinding('__amlCspViolation', ({ frame }, v: string) => { seen.push(`${frame.url()}: ${v}`); });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        const report = `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} ${e.sourceFile}:${e.lineNumber}`;
        (window as unknown as { __amlCspViolation(v: string): void }).__amlCspViolation(report);
      });
    });
    await use(seen);
    // The fault matrix log gets this flow's faults now (the last flow has no next reset).
    await recordMatrixFaults();
    matrixInstalledFor = '';
    expect(seen, 'Content-Security-Policy violations').toEqual([]);
  }, { auto: true }],
});
