// Accessibility checks of the e2e flows: axe-core (`@axe-core/playwright`) on the page as it is
// shown, against WCAG 2.0/2.1 A and AA, in the light and the dark theme. A serious or critical
// violation fails the check; every violation (any impact) is counted, so a spec can print the
// totals the README quotes.
import AxeBuilder from '@axe-core/playwright';
import { expect, Page } from '@playwright/test';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export type Theme = 'light' | 'dark';
export const THEMES: Theme[] = ['light', 'dark'];
const FAILING = ['serious', 'critical'];

/** What the checks of one spec file saw (module state: one Playwright worker runs the file). */
export const tally = {
  checks: 0,
  views: new Set<string>(),
  byImpact: { critical: 0, serious: 0, moderate: 0, minor: 0 } as Record<string, number>,
  byRule: {} as Record<string, number>,
};

/**
 * Shows the page in `theme`. The console follows `prefers-color-scheme` until the user picks a
 * theme with the header's toggle (then `<html data-theme>` wins): a fresh test context has no
 * pick, so emulating the media feature is what a user with that system setting gets. Checked
 * on the document's computed `color-scheme`, so a check can never run in the other theme.
 */
export async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await expect
    .poll(() => page.evaluate(() => getComputedStyle(document.documentElement).colorScheme))
    .toBe(theme);
  // Colour transitions (buttons, drop zone) end before colours are measured.
  await page.waitForTimeout(200);
}

/**
 * Runs axe on the current page in `theme` and fails on serious or critical violations, naming
 * each rule, its help text and the selectors of the offending nodes (a soft failure: the
 * test goes on to its other views, and fails at its end). `view` names what is shown
 * (a page or an open dialog) in the message and the tally.
 */
export async function checkA11y(page: Page, view: string, theme: Theme): Promise<void> {
  await setTheme(page, theme);
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  tally.checks += 1;
  tally.views.add(view);
  for (const v of results.violations) {
    tally.byImpact[v.impact ?? 'minor'] = (tally.byImpact[v.impact ?? 'minor'] ?? 0) + 1;
    tally.byRule[`${v.id} (${v.impact})`] = (tally.byRule[`${v.id} (${v.impact})`] ?? 0) + v.nodes.length;
  }
  const failing = results.violations.filter((v) => FAILING.includes(v.impact ?? ''));
  const report = failing.map((v) => {
    const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`);
    return `  ${v.id} [${v.impact}] ${v.help}\n${nodes.join('\n')}`;
  });
  const minor = results.violations.filter((v) => !FAILING.includes(v.impact ?? ''));
  if (minor.length) console.log(`axe ${view} (${theme}): not failing: ${minor.map((v) => `${v.id} [${v.impact}] ×${v.nodes.length}`).join(', ')}`);
  expect.soft(failing.length, `axe: serious/critical violations on ${view} (${theme}):\n${report.join('\n')}`).toBe(0);
}

/** Both themes, light first. */
export async function checkBothThemes(page: Page, view: string): Promise<void> {
  for (const theme of THEMES) await checkA11y(page, view, theme);
}

/** One line of totals (views × themes, violations by impact and rule). */
export function tallyLine(): string {
  const impacts = Object.entries(tally.byImpact).map(([k, n]) => `${k} ${n}`).join(', ');
  const rules = Object.entries(tally.byRule).map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';
  return `axe totals: ${tally.checks} checks (${tally.views.size} views × light/dark); violations by impact: ${impacts}; by rule (nodes): ${rules}`;
}

/** The focused element's `data-testid` (else its tag name, lower case; `body` when none). */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const a = document.activeElement;
    return a?.getAttribute('data-testid') ?? a?.tagName.toLowerCase() ?? 'none';
  });
}

/** Whether the focused element is inside the element with this `data-testid`. */
export async function focusInside(page: Page, testid: string): Promise<boolean> {
  return page.evaluate((id) => !!document.activeElement?.closest(`[data-testid="${id}"]`), testid);
}

/**
 * Presses Tab (Shift+Tab with `back`) until the focused element is `[data-testid=target]` (or
 * matches `target` as a CSS selector when it is more than a bare test id); fails after `max`
 * presses. The keyboard's way to "go to" a control: a control Tab cannot reach fails here.
 */
export async function tabTo(page: Page, target: string, { back = false, max = 60 } = {}): Promise<void> {
  const selector = /^[\w-]+$/.test(target) ? `[data-testid="${target}"]` : target;
  const path: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await page.evaluate((s) => !!document.activeElement?.matches(s), selector)) return;
    path.push(await focused(page));
  }
  throw new Error(`${target} not reached with ${max} × ${back ? 'Shift+Tab' : 'Tab'}; focus went: ${path.join(' → ')}`);
}
