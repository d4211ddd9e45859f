// Playwright runs the user flows in Debian's Chromium (no browser download) against the emulator
// + Azurite started by `cargo xtask test`, which passes their URLs in the environment.
import { defineConfig } from '@playwright/test';

/**
 * The fault-matrix pass (`AML_E2E_FAULT_RATE` > 0, the last pass of `cargo xtask test`) runs the
 * flows that write or sign in — where a lost answer or a retry could create something twice,
 * lose what was typed or drop the session. The read-only flows (lists, hosting, embedding,
 * chunks, YAML, panic) run once, unfaulted; their error paths have their own tests.
 */
export const FAULT_MATRIX_SPECS = [
  'auth', 'platform-auth', 'platform-network', 'faults-invariants',
  'compute-create', 'compute-attach', 'compute-manage', 'compute-secrets', 'compute-form-loading',
  'jobs-submit', 'jobs-clone', 'jobs-drop', 'jobs-reuse',
];
const faulted = Number(process.env.AML_E2E_FAULT_RATE ?? '0') > 0;

export default defineConfig({
  testDir: '.',
  testMatch: faulted ? FAULT_MATRIX_SPECS.map((s) => `**/${s}.spec.ts`) : '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // The flows share one emulator whose settings some tests change: run them one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  // One folder per test stack, so parallel runs (AML_PORT_OFFSET) never delete each other's traces;
  // the fault-matrix pass of `xtask test` adds a suffix so it keeps the first pass's.
  outputDir: `../../target/e2e-results-${process.env.AML_PORT_OFFSET ?? '0'}${process.env.AML_E2E_OUTPUT_SUFFIX ?? ''}`,
  use: {
    baseURL: process.env.CONSOLE_URL ?? 'http://127.0.0.1:18080/',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Without the networking flags Chromium keeps trying to reach Google, which this
      // machine refuses (docs/toolchain.md §3).
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      ],
    },
  },
});
