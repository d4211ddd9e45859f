// Lists the files of the console's own site a first visit fetches to show the compute list:
// a fresh browser opens the deep link, signs in through the emulator's authority and waits for
// the list. Prints one `fetched <path>` line per distinct path (index.html for deep links too);
// `cargo xtask bench` adds up their sizes as the "first load" figure. Then it opens the
// create-cluster page and prints the files that navigation fetched (`lazy <path>`).
import { chromium } from 'playwright-core';

const CONSOLE = process.env.CONSOLE_URL;
const EMULATOR = process.env.EMULATOR_URL;
const SUB = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
const WS = `/ws/${SUB}/rg-ml-dev/ws-bench`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const context = await browser.newContext();
const page = await context.newPage();
const origin = new URL(CONSOLE).origin;
let seen = new Set();
page.on('request', (r) => {
  const u = new URL(r.url());
  if (u.origin === origin) seen.add(u.pathname);
});
try {
  await page.goto(new URL(`${WS}/computes`, CONSOLE).toString());
  await page.getByTestId('signin-button').click();
  await page.waitForURL((u) => u.toString().startsWith(EMULATOR));
  await page.getByRole('button', { name: 'Ada Lovelace' }).click();
  await page.waitForURL((u) => !u.toString().startsWith(EMULATOR));
  await page.getByTestId('compute-row').first().waitFor();
  for (const p of [...seen].sort()) console.log(`fetched ${p}`);

  seen = new Set();
  await page.locator('[data-testid=new-menu] summary').click();
  await page.getByTestId('new-cluster').click();
  await page.getByTestId('form-submit').waitFor();
  for (const p of [...seen].sort()) console.log(`lazy ${p}`);
} catch (e) {
  await page.screenshot({ path: 'target/bench-first-load-failure.png' }).catch(() => {});
  console.error(e);
  process.exitCode = 1;
}
await browser.close();
