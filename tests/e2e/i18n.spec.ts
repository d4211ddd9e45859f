// Turkish and English (docs/i18n.md): a Turkish browser gets the main flows in Turkish — sign in,
// compute list, create a cluster, submit a job, job details — with no English of ours left on
// those pages (service data aside); the header's switch changes the language and is remembered;
// times name their zone; the Turkish catalog is fetched only when Turkish is the language; the
// filters fold Turkish capitals (I ı İ i).
import { expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_COMPUTES, EMULATOR, emulatorHook, installMatrixFaults, SUB_DEV, test } from './helpers';
import { expectOpDone, field, fieldError, openNew, row } from './compute-helpers';
import { fillJob, JOBS, sampleRepo, waitForStatus } from './jobs-helpers';

const ROOT = path.resolve(__dirname, '../..');
// Creates run in ws-vision (westeurope), as in compute-create.spec.ts: eastus has no quota left.
const VISION = `/ws/${SUB_DEV}/rg-ml-dev/ws-vision/computes`;
const TR_JSON = JSON.parse(fs.readFileSync(path.join(ROOT, 'public/i18n-tr.json'), 'utf8'));

function rustFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? rustFiles(p) : p.endsWith('.rs') ? [p] : [];
  });
}

/** A Rust string literal's value (`\"`, `\\`, `\n`, `\u{…}` and line continuations). */
function unescape(lit: string): string {
  return lit
    .replace(/\\\n\s*/g, '')
    .replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
}

const STR = String.raw`"((?:[^"\\]|\\.)*)"`;

/** Our English texts: the defaults next to every key in src/ and the api crate's messages. */
function englishTexts(): string[] {
  const out: string[] = [];
  for (const f of rustFiles(path.join(ROOT, 'src'))) {
    const s = fs.readFileSync(f, 'utf8');
    for (const m of s.matchAll(new RegExp(String.raw`(?<![\w.])tf?\(\s*${STR},\s*${STR}`, 'g'))) out.push(unescape(m[2]));
  }
  for (const f of rustFiles(path.join(ROOT, 'api/src'))) {
    const s = fs.readFileSync(f, 'utf8');
    for (const m of s.matchAll(new RegExp(String.raw`msg(?:_str)?!\(\s*${STR}`, 'g'))) out.push(unescape(m[1]));
  }
  return out;
}

const words = (text: string) => text.replace(/\{[^}]*\}/g, ' ').split(/[^A-Za-z]+/).filter((w) => w.length >= 3);

/**
 * The English words of ours that Turkish never uses: every word of three letters or more in our
 * English texts, minus the words the Turkish catalog itself uses (product names, YAML, vCPU, …).
 * A page in Turkish shows none of them outside service data.
 */
const ENGLISH_ONLY: string[] = (() => {
  const turkish = new Set(
    [...Object.values<string>(TR_JSON.ui), ...Object.values<string>(TR_JSON.api)].flatMap(words).map((w) => w.toLowerCase()),
  );
  const english = new Set(englishTexts().flatMap(words).map((w) => w.toLowerCase()));
  return [...english].filter((w) => !turkish.has(w));
})();

/**
 * English words of ours on the page: every text node and every title / aria-label / placeholder,
 * except inside service data (`[data-service]`: names, sizes, ids, messages the service wrote),
 * product names (`translate="no"`), code, logs and what the user typed.
 */
async function englishLeft(page: Page): Promise<string[]> {
  return page.evaluate((list) => {
    const english = new Set(list);
    // Service data, product names (translate="no"), code, logs and what the user typed.
    const skip = (el: Element) => el.closest('[data-service], [translate="no"], code, pre, textarea, script, style');
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (el && !skip(el) && n.textContent?.trim()) texts.push(n.textContent);
    }
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
      if (skip(el)) continue;
      for (const a of ['title', 'aria-label', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v) texts.push(v);
      }
    }
    // Service data quoted inside our own sentences or labels ("Select example-sweep for
    // compare"): a word the page shows as service data is the service's, wherever it appears.
    const service = new Set(
      [...document.querySelectorAll('[data-service]')].flatMap((el) => (el.textContent ?? '').toLowerCase().split(/[^a-z]+/)),
    );
    const found: string[] = [];
    for (const t of texts) {
      // Azure ML's expression syntax in hints (`${{inputs.name}}`) is code, not English.
      for (const w of t.replace(/\$\{\{[^}]*\}\}/g, ' ').split(/[^A-Za-z]+/)) {
        const word = w.toLowerCase();
        if (w.length >= 3 && english.has(word) && !service.has(word)) found.push(`${w}  ←  "${t.trim().slice(0, 90)}"`);
      }
    }
    return [...new Set(found)];
  }, ENGLISH_ONLY);
}

async function expectTurkish(page: Page, what: string): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', 'tr');
  expect(await englishLeft(page), `English left on the ${what}`).toEqual([]);
}

/** Signs in through the emulator's authority (its own page, not ours) from `start`. */
async function signInFrom(page: Page, start: string, check?: () => Promise<void>): Promise<void> {
  await installMatrixFaults();
  await page.goto(start);
  await expect(page.getByTestId('signin-button')).toBeVisible();
  if (check) await check();
  await page.getByTestId('signin-button').click();
  await page.waitForURL((u) => u.toString().startsWith(EMULATOR));
  await page.getByRole('button', { name: 'Ada Lovelace' }).click();
  await page.waitForURL((u) => !u.toString().startsWith(EMULATOR));
  await expect(page.getByTestId('user-name')).toContainText('Ada Lovelace');
}

/** Requests for the Turkish catalog. */
function catalogFetches(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith('/i18n-tr.json')) seen.push(r.url());
  });
  return seen;
}

test('the check finds English: an English page has many of our words', async ({ page }) => {
  // The same check on the English console must fail loudly, or it proves nothing in Turkish.
  expect(ENGLISH_ONLY.length).toBeGreaterThan(300);
  await signInFrom(page, DEMO_COMPUTES);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  const left = await englishLeft(page);
  expect(left.length).toBeGreaterThan(10);
  expect(left.join('\n')).toMatch(/Compute|Refresh|Sign/);
});

test.describe('in a Turkish browser', () => {
  test.use({ locale: 'tr-TR', timezoneId: 'Europe/Istanbul' });

  test.beforeEach(async () => {
    await emulatorHook('reset');
    await emulatorHook('settings', { operationSeconds: 1 });
  });

  test('sign-in, compute list and create cluster are Turkish', async ({ page }) => {
    const fetched = catalogFetches(page);
    await signInFrom(page, VISION, () => expectTurkish(page, 'sign-in page'));
    expect(fetched.length).toBeGreaterThan(0);
    await expect(page.getByTestId('signout-button')).toHaveText('Oturumu kapat');
    await expect(page.getByTestId('compute-row').first()).toBeVisible();
    await expect(page.locator('h1')).toHaveText('İşlem');
    await expectTurkish(page, 'compute list');

    await openNew(page, 'new-cluster');
    await expect(page.getByTestId('size-row').first()).toBeVisible();
    await expectTurkish(page, 'create-cluster page');
    // Our validation messages, before any request, in Turkish.
    await field(page, 'name').fill('1-bad');
    await field(page, 'max_nodes').fill('0');
    await page.getByTestId('form-submit').click();
    await expect(fieldError(page, 'name')).toHaveText('Ad bir harfle başlamalıdır.');
    await expect(fieldError(page, 'max_nodes')).toHaveText('En çok düğüm sayısı en az 1 olmalıdır.');
    await expect(page.getByTestId('form-errors')).toContainText('sorunu düzeltin');
    await page.locator('details.advanced > summary').click();
    await expectTurkish(page, 'create-cluster page with its errors and advanced settings');

    await field(page, 'name').fill('tr-kume');
    await field(page, 'max_nodes').fill('2');
    await page.locator('[data-testid=size-row][data-name="Standard_D4s_v3"]').click();
    await page.getByTestId('form-submit').click();
    await expectOpDone(page);
    await expect(page.getByTestId('op-done')).toContainText('tr-kume oluşturuldu.');
    await expectTurkish(page, 'create-cluster page after creating');
    await page.getByTestId('form-cancel').click();
    await expect(row(page, 'tr-kume')).toContainText('Başarılı');
    await expectTurkish(page, 'compute list with the new cluster');
  });

  test('submit a job and its details are Turkish, times name their zone', async ({ page }) => {
    test.setTimeout(180_000);
    const repo = sampleRepo();
    await signInFrom(page, `${JOBS}/new`);
    await fillJob(page, repo, { experiment: 'tr-deneme' });
    await field(page, 'display_name').fill('Işıklı iş');
    await expectTurkish(page, 'submit page');
    await page.getByTestId('submit-job').click();
    const link = page.getByTestId('job-link');
    await expect(link).toBeVisible({ timeout: 60_000 });
    await expectTurkish(page, 'submit page after submitting');
    await link.click();
    await expect(page.getByTestId('job-details')).toBeVisible();
    await waitForStatus(page, 'Completed');
    await expectTurkish(page, 'job details');
    // A time in the job's facts names its zone (Istanbul: GMT+3 / UTC+3).
    await expect(page.getByTestId('job-details')).toContainText(/\d{2}:\d{2}:\d{2} (GMT|UTC)\+3/);

    // The jobs list finds the display name whatever case the Turkish capitals are typed in.
    await page.getByTestId('nav-jobs').click();
    const filter = page.getByTestId('job-search');
    for (const typed of ['IŞIKLI', 'ışıklı İŞ', 'işikli']) {
      await filter.fill(typed);
      await expect(page.getByTestId('job-row')).toHaveCount(1);
    }
    await filter.fill('ışıklı yok');
    await expect(page.getByTestId('job-row')).toHaveCount(0);
    await filter.fill('');
    await expectTurkish(page, 'jobs list');
  });

  test('the compute filter folds Turkish capitals', async ({ page }) => {
    await signInFrom(page, DEMO_COMPUTES);
    const filter = page.getByTestId('compute-filter');
    // ci-ada is Running: "Çalışıyor" in Turkish. Plain lower-casing turns the typed I into i,
    // which would miss the dotless ı of the state.
    for (const typed of ['ÇALIŞIYOR', 'çalışıyor', 'ÇALIŞ']) {
      await filter.fill(typed);
      await expect(row(page, 'ci-ada')).toBeVisible();
      await expect(row(page, 'ci-grace')).toHaveCount(0);
    }
    // A Turkish keyboard's dotted İ still finds an ASCII name.
    await filter.fill('Cİ-ADA');
    await expect(page.getByTestId('compute-row')).toHaveCount(1);
    await expect(row(page, 'ci-ada')).toBeVisible();
  });
});

test('an English browser never fetches the Turkish catalog; the switch changes the language and is remembered', async ({ page }) => {
  await emulatorHook('reset');
  const fetched = catalogFetches(page);
  await signInFrom(page, DEMO_COMPUTES);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toHaveText('Compute');
  expect(fetched).toEqual([]);

  await page.getByTestId('lang-switch').selectOption('tr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'tr');
  await expect(page.locator('h1')).toHaveText('İşlem');
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  // Reloaded in Turkish (and signed in again through the authority's session): fetched now.
  expect(fetched.length).toBeGreaterThan(0);
  await expect(page.getByTestId('lang-switch')).toHaveValue('tr');

  await page.reload();
  await expect(page.locator('h1')).toHaveText('İşlem');
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  await expectTurkish(page, 'compute list after a reload');

  await page.getByTestId('lang-switch').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toHaveText('Compute');
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('aml.lang'))).toBe('en');
});
