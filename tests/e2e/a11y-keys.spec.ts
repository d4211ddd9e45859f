// Accessibility by keyboard and in forced colours (issue 13 item 4): modal dialogs trap the focus,
// close on Escape and give the focus back; the log tabs follow the ARIA tabs pattern; the skip
// link; a visible focus ring on every stop; icon-only buttons have names; `forced-colors: active`
// keeps each state visible. Nothing here writes (the dialogs are cancelled), so the fault matrix
// leaves it out.
import { expect, Locator, Page } from '@playwright/test';
import { focused, focusInside, tabTo } from './a11y-helpers';
import { cliArm, DEMO_COMPUTES, emulatorHook, signIn, test } from './helpers';
import { JOBS, SKLEARN_ID } from './jobs-helpers';
import { jobEnded, WS_ARM } from './metrics-helpers';

const JOB = `a11y-keys-${Date.now().toString(36)}`;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // The seeded computes as they start (the reset also drops jobs, so it comes first).
  await emulatorHook('reset');
  const { status, json } = await cliArm(`${WS_ARM}/jobs/${JOB}?api-version=2025-12-01`, 'PUT', {
    properties: {
      jobType: 'Command', displayName: JOB, experimentName: 'e2e-a11y', environmentId: SKLEARN_ID,
      computeId: `${WS_ARM}/computes/cpu-cluster`, command: 'python -c \'print("alpha\\nbeta\\ngamma")\'',
    },
  });
  if (status !== 200 && status !== 201) throw new Error(`job: ${status} ${JSON.stringify(json)}`);
  expect(await jobEnded(JOB)).toBe('Completed');
});

/** Tab `n` times and return where the focus went, checking after each press that it is inside `dialog`. */
async function tabsInside(page: Page, dialog: string, n: number, back = false): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    expect(await focusInside(page, dialog), `focus left the dialog after ${i + 1} × Tab: ${await focused(page)}`).toBe(true);
    seen.push(await focused(page));
  }
  return seen;
}

test('a modal dialog takes the focus, keeps Tab and Shift+Tab inside, closes on Escape and gives the focus back', async ({ page }) => {
  await signIn(page, `${DEMO_COMPUTES}/cpu-cluster`);
  await expect(page.getByTestId('manage-scale')).toBeEnabled();
  await tabTo(page, 'manage-scale');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Scale cluster' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  // The focus is in the dialog at once, on its first field.
  await expect.poll(() => focused(page)).toBe('field-min_nodes');
  // Three fields, Apply, Cancel: Tab goes round them and comes back, never leaving.
  const round = await tabsInside(page, 'scale-dialog', 10);
  expect(round.slice(0, 5)).toEqual(['field-max_nodes', 'field-idle_seconds', 'scale-apply', 'dialog-cancel', 'field-min_nodes']);
  expect(round.slice(5)).toEqual(round.slice(0, 5));
  // Shift+Tab from the first field wraps to the last button.
  await expect.poll(() => focused(page)).toBe('field-min_nodes');
  expect(await tabsInside(page, 'scale-dialog', 2, true)).toEqual(['dialog-cancel', 'scale-apply']);
  // Typing works inside; a click on the backdrop does not close it, and Tab comes back in.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expect.poll(() => focused(page)).toBe('field-max_nodes');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('7');
  await page.mouse.click(5, 300);
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('field-max_nodes')).toHaveValue('7');
  await page.keyboard.press('Tab');
  expect(await focusInside(page, 'scale-dialog')).toBe(true);
  // Escape closes it (as Cancel: nothing sent) and the focus is back on "Scale".
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => focused(page)).toBe('manage-scale');

  // The same for the keys dialog (opened with Space) and the delete dialog.
  await page.goto(`${DEMO_COMPUTES}/dsvm-ubuntu`);
  await expect(page.getByTestId('compute-title')).toHaveText('dsvm-ubuntu');
  await expect(page.getByTestId('manage-keys')).toBeVisible();
  await tabTo(page, 'manage-keys');
  await page.keyboard.press(' ');
  await expect(page.getByRole('dialog', { name: 'Keys' })).toBeVisible();
  await expect(page.getByTestId('keys-list')).toBeVisible();
  await expect.poll(() => focusInside(page, 'keys-dialog')).toBe(true);
  await tabsInside(page, 'keys-dialog', 8);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('keys-dialog')).toHaveCount(0);
  await expect.poll(() => focused(page)).toBe('manage-keys');
  await tabTo(page, 'manage-delete');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Delete or detach' })).toBeVisible();
  await expect.poll(() => focusInside(page, 'delete-dialog')).toBe(true);
  await tabsInside(page, 'delete-dialog', 6);
  await tabsInside(page, 'delete-dialog', 6, true);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('delete-dialog')).toHaveCount(0);
  await expect.poll(() => focused(page)).toBe('manage-delete');
});

test('the job edit dialog: Escape drops the edit and gives the focus back to Edit', async ({ page }) => {
  await signIn(page, `${JOBS}/example-automl`);
  await expect(page.getByTestId('job-title')).toBeVisible();
  await tabTo(page, 'job-edit');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Edit job' })).toBeVisible();
  await expect.poll(() => focused(page)).toBe('job-edit-display_name');
  await page.keyboard.type(' edited');
  await tabsInside(page, 'job-edit-dialog', 12);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('job-edit-dialog')).toHaveCount(0);
  await expect.poll(() => focused(page)).toBe('job-edit');
  // Nothing was saved: the title is as before.
  await expect(page.getByTestId('job-title')).toHaveText('string');
});

/** The state of the log tabs: names, which is selected, tabindex, and the panel's label. */
async function tabState(page: Page): Promise<{ names: string[]; selected: string[]; stops: string[]; panelOk: boolean }> {
  return page.evaluate(() => {
    const tabs = [...document.querySelectorAll('[role=tablist] [role=tab]')] as HTMLElement[];
    const sel = tabs.filter((t) => t.getAttribute('aria-selected') === 'true');
    const panel = document.getElementById(tabs[0]?.getAttribute('aria-controls') ?? '');
    return {
      names: tabs.map((t) => t.dataset.name ?? ''),
      selected: sel.map((t) => t.dataset.name ?? ''),
      stops: tabs.filter((t) => t.tabIndex === 0).map((t) => t.dataset.name ?? ''),
      panelOk: !!panel && panel.getAttribute('role') === 'tabpanel' && panel.getAttribute('aria-labelledby') === sel[0]?.id
        && tabs.every((t) => t.getAttribute('aria-controls') === panel.id),
    };
  });
}

test('log tabs follow the ARIA tabs pattern: one Tab stop, arrows, Home and End select and focus', async ({ page }) => {
  await signIn(page, `${JOBS}/${JOB}`);
  const tabs = page.getByRole('tablist', { name: 'Log files' }).getByRole('tab');
  await expect(tabs).toHaveCount(3, { timeout: 30_000 });
  await expect(page.getByTestId('log-text')).toContainText('gamma');
  const first = await tabState(page);
  expect(first.selected).toEqual([first.names[0]]);
  expect(first.stops).toEqual([first.names[0]]);
  expect(first.panelOk).toBe(true);
  const names = first.names;

  // Tab reaches the selected tab, and the next Tab leaves the list (one stop for all tabs).
  await tabTo(page, `[role=tab][data-name="${names[0]}"]`);
  const expectOn = async (i: number) => {
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement)?.dataset.name)).toBe(names[i]);
    const s = await tabState(page);
    expect(s.selected).toEqual([names[i]]);
    expect(s.stops).toEqual([names[i]]);
    expect(s.panelOk).toBe(true);
    await expect(page.getByTestId('log-text')).toHaveAttribute('data-name', names[i]);
  };
  await page.keyboard.press('ArrowRight');
  await expectOn(1);
  await page.keyboard.press('ArrowRight');
  await expectOn(2);
  await page.keyboard.press('ArrowRight');
  await expectOn(0);
  await page.keyboard.press('ArrowLeft');
  await expectOn(2);
  await page.keyboard.press('Home');
  await expectOn(0);
  await page.keyboard.press('End');
  await expectOn(2);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).not.toBe('tab');
  // Shift+Tab comes back to the selected tab, not the first.
  await page.keyboard.press('Shift+Tab');
  await expectOn(2);
});

test('the skip link is the first Tab stop and moves the focus to the main content', async ({ page }) => {
  await signIn(page, DEMO_COMPUTES);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  await page.goto(`${DEMO_COMPUTES}/cpu-cluster`);
  await expect(page.getByTestId('compute-title')).toBeVisible();
  const url = page.url();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  // Shown while focused (it sits off-screen otherwise).
  const box = await skip.boundingBox();
  expect(box && box.y >= 0 && box.height > 10).toBe(true);
  await page.screenshot({ path: test.info().outputPath('skip-link.png') });
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
  expect(page.url()).toBe(url);
  // The next Tab lands in the main content, past the top bar and the nav rail.
  await page.keyboard.press('Tab');
  expect(await focusInside(page, 'manage-bar') || await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
  const off = await skip.boundingBox();
  expect(off === null || off.y + off.height <= 0).toBe(true);
});

/** Tabs `n` times and returns, per stop, whether it shows a focus ring (outline ≥ 2px, not transparent). */
async function focusRings(page: Page, n: number): Promise<{ id: string; ring: boolean; style: string }[]> {
  const out = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('Tab');
    out.push(await page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      const cs = getComputedStyle(a);
      const ring = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 && !/rgba\(.*, 0\)$|transparent/.test(cs.outlineColor);
      return { id: a.getAttribute('data-testid') ?? `${a.tagName.toLowerCase()}${a.className ? '.' + a.className : ''}`, ring, style: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}` };
    }));
  }
  return out;
}

test('every Tab stop shows a focus ring (compute list, create form, job details)', async ({ page }) => {
  await signIn(page, DEMO_COMPUTES);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  const pages: [string, string][] = [
    [DEMO_COMPUTES, 'compute-row'], [`${DEMO_COMPUTES}/new/cluster`, 'size-table'], [`${JOBS}/${JOB}`, 'log-tab'],
  ];
  for (const [p, ready] of pages) {
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(p);
      await expect(page.getByTestId(ready).first()).toBeVisible({ timeout: 30_000 });
      // 30 stops; past the page's last one the focus leaves for the browser (the document's
      // body is then "focused"): those are not stops of the page.
      const stops = (await focusRings(page, 30)).filter((s) => s.id !== 'body');
      const missing = stops.filter((s) => !s.ring);
      expect(missing, `${p} (${theme}): stops without a visible focus ring; all stops: ${stops.map((s) => s.id).join(' → ')}`).toEqual([]);
      expect(new Set(stops.map((s) => s.id)).size).toBeGreaterThan(5);
    }
  }
});

/** Visible buttons and links whose text has no letter or digit (an icon, an arrow, ×). */
async function iconOnly(page: Page): Promise<Locator[]> {
  const all = page.locator('button:visible, a:visible, [role=button]:visible');
  const out: Locator[] = [];
  for (const el of await all.all()) {
    if (!/[\p{L}\p{N}]/u.test((await el.innerText()).trim())) out.push(el);
  }
  return out;
}

test('icon-only buttons have accessible names', async ({ page }) => {
  await signIn(page, `${JOBS}/${JOB}`);
  await expect(page.getByTestId('log-tab')).toHaveCount(3, { timeout: 30_000 });
  let checked = 0;
  const expectNamed = async () => {
    for (const el of await iconOnly(page)) {
      await expect(el).toHaveAccessibleName(/\p{L}{3}/u);
      checked += 1;
    }
  };
  await expectNamed();
  await page.goto(`${JOBS}/new`);
  await expect(page.getByTestId('job-form')).toBeVisible();
  await page.getByTestId('add-input').press('Enter');
  await page.getByTestId('add-output').press('Enter');
  await page.getByTestId('field-job_kind').selectOption('sweep');
  await page.getByTestId('add-search-param').press('Enter');
  await expectNamed();
  // At least: the theme switch, the log's previous/next match, remove input/output/search parameter.
  expect(checked).toBeGreaterThanOrEqual(6);
  await expect(page.getByTestId('theme-toggle')).toHaveAccessibleName(/Switch to (dark|light) theme/);
});

/** A few computed styles of the first element matching `selector`. */
async function styleOf(page: Page, selector: string) {
  return page.locator(selector).first().evaluate((el) => {
    const cs = getComputedStyle(el);
    return {
      color: cs.color, background: cs.backgroundColor,
      borderBottom: `${cs.borderBottomStyle} ${cs.borderBottomWidth} ${cs.borderBottomColor}`,
      borderBottomColor: cs.borderBottomColor,
      border: `${cs.borderTopStyle} ${cs.borderTopWidth} ${cs.borderTopColor}`,
      outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
    };
  });
}

test('forced colors keep every state visible: selected tab, disabled button, status, focus, selected rows', async ({ page }) => {
  await page.emulateMedia({ forcedColors: 'active' });
  await signIn(page, `${JOBS}/${JOB}`);
  await expect(page.getByTestId('log-tab')).toHaveCount(3, { timeout: 30_000 });
  expect(await page.evaluate(() => matchMedia('(forced-colors: active)').matches)).toBe(true);
  // The selected tab is underlined; the others are not (their underline is the background's colour).
  const sel = await styleOf(page, '[role=tab][aria-selected=true]');
  const other = await styleOf(page, '[role=tab][aria-selected=false]');
  expect(sel.borderBottom).toMatch(/^solid 3px /);
  expect(sel.borderBottomColor).not.toBe(sel.background);
  expect(other.borderBottomColor).toBe(other.background);
  expect(sel.borderBottomColor).not.toBe(other.borderBottomColor);
  // A disabled button is drawn in GrayText, unlike an enabled one.
  await expect(page.getByTestId('log-prev')).toBeDisabled();
  const disabled = await styleOf(page, '[data-testid=log-prev]');
  const enabled = await styleOf(page, '[data-testid=job-edit]');
  expect(disabled.color).not.toBe(enabled.color);
  expect(disabled.border).not.toBe(enabled.border);
  // The status dot is a ring (its fill was a background, which forced colours drop).
  expect((await styleOf(page, '.page-header .status-dot')).border).toMatch(/^solid [1-9]/);
  // Focus: a 3px ring.
  await tabTo(page, 'job-edit');
  expect((await styleOf(page, '[data-testid=job-edit]')).outline).toMatch(/^solid 3px /);
  await page.screenshot({ path: test.info().outputPath('forced-colors-job.png') });
  await page.getByRole('tablist', { name: 'Log files' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('forced-colors-logs.png') });

  // Selected rows: the chosen VM size and the jobs picked for comparison are outlined.
  await page.goto(`${DEMO_COMPUTES.replace('ws-demo', 'ws-vision')}/new/cluster`);
  const row = page.locator('[data-testid=size-row][data-name="Standard_D4s_v3"]');
  await row.locator('input[type=radio]').check();
  await expect(row).toHaveClass(/selected/);
  expect((await styleOf(page, '[data-testid=size-row].selected')).outline).toMatch(/^solid 2px /);
  expect((await styleOf(page, '[data-testid=size-row]:not(.selected)')).outline).toMatch(/^none/);
  // The pressed segment (CPU/GPU) differs from the other.
  expect((await styleOf(page, '[data-testid=size-cpu]')).background).not.toBe((await styleOf(page, '[data-testid=size-gpu]')).background);
  await page.screenshot({ path: test.info().outputPath('forced-colors-cluster.png') });
  await page.goto(JOBS);
  await page.locator(`[data-testid=job-row][data-name="${JOB}"] [data-testid=job-select]`).check();
  expect((await styleOf(page, `[data-testid=job-row][data-name="${JOB}"]`)).outline).toMatch(/^solid 2px /);
  await page.screenshot({ path: test.info().outputPath('forced-colors-jobs.png') });
});
