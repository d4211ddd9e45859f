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

/**
 * The flows that need Azurite on HTTPS with OAuth (bearer tokens on storage, which Azurite
 * accepts only over HTTPS). `cargo xtask test` runs them in a pass of their own against such an
 * Azurite and sets `AML_AZURITE_TLS_SPKI` (the test certificate's key hash, which Chromium is
 * told to accept); every other pass leaves them out.
 */
export const AZURITE_TLS_SPECS = ['tenant-storage'];
const tlsSpki = process.env.AML_AZURITE_TLS_SPKI ?? '';
const specs = (names: string[]) => names.map((s) => `**/${s}.spec.ts`);

export default defineConfig({
  testDir: '.',
  testMatch: faulted ? specs(FAULT_MATRIX_SPECS) : tlsSpki ? specs(AZURITE_TLS_SPECS) : '**/*.spec.ts',
  testIgnore: tlsSpki || faulted ? [] : specs(AZURITE_TLS_SPECS),
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // The flows share one emulator whose settings some tests change: run them one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // The failure list reporter feeds the summary of `cargo xtask test` (failures-reporter.ts).
  reporter: [['list'], ['./failures-reporter.ts']],
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
        // Trust exactly the test certificate of the HTTPS Azurite (by its public-key hash).
        ...(tlsSpki ? [`--ignore-certificate-errors-spki-list=${tlsSpki}`] : []),
      ],
    },
  },
});
