// Playwright runs the user flows in Debian's Chromium (no browser download) against the emulator
// + Azurite started by `cargo xtask test`, which passes their URLs in the environment.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
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
