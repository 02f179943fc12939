import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT, type TestServer } from './server.js';

/** Debian's Chromium, installed by .ci/run (apt-get install chromium). */
export const CHROMIUM = '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** One browser per test file; pages are reused within it. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (bash .ci/run does it)`);
  if (!existsSync(path.join(REPO_ROOT, 'dist/web/index.html'))) throw new Error('The web UI is not built: run `npm run build:web` first (npm test does)');
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

export interface WebPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions and CSP violations the page reported. */
  problems: string[];
}

/** A fresh context (its own sessionStorage), with the page's errors collected. */
export async function openPage(browser: Browser, options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {}): Promise<WebPage> {
  const context = await browser.newContext({ colorScheme: options.colorScheme ?? 'light', viewport: options.viewport ?? { width: 1280, height: 860 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (message) => {
    // Chromium logs every 4xx answer; the page expects those (a refused key, a stale write) and says so itself.
    if (message.type() === 'error' && !/status of 4\d\d /.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  return { context, page, problems };
}

/** Signs in by pasting a key, as a person would. */
export async function signInWithKey(page: Page, url: string, key: string): Promise<void> {
  await page.goto(url + '/');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in with key' }).click();
  await page.locator('.topbar').waitFor();
}

/** People with keys, each a user of the given role, in the given teams (created when missing). */
export async function createPeople(server: TestServer, people: Array<{ id: string; role: string; teams?: string[] }>): Promise<Record<string, string>> {
  const keys: Record<string, string> = {};
  const teamIds = new Map<string, string>();
  for (const person of people) {
    await server.call('POST', '/api/users', { id: person.id, name: `Pat ${person.id}`, role: person.role });
    for (const team of person.teams ?? []) {
      if (!teamIds.has(team)) {
        const created = (await (await server.call('POST', '/api/teams', { name: team })).json()) as { id: string };
        teamIds.set(team, created.id);
      }
      await server.call('POST', `/api/teams/${teamIds.get(team)}/members`, { user_id: person.id });
    }
    const res = await server.call('POST', '/api/keys', { name: person.id, user_id: person.id });
    keys[person.id] = ((await res.json()) as { key: string }).key;
  }
  return keys;
}

/** Presses Tab until `reached` holds in the page. */
export async function tabUntil(page: Page, reached: () => boolean, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate(reached)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`focus never reached the target in ${limit} presses; it is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}`);
}

/** The focused element draws a visible outline (at least 2 px). */
export async function focusRing(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    const own = el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    // The editor draws its ring on its frame, around the textarea and its gutter.
    const frame = el.closest('.editor-wrap');
    const framed = frame !== null && getComputedStyle(frame).outlineStyle !== 'none' && parseFloat(getComputedStyle(frame).outlineWidth) >= 2;
    return own || framed;
  });
}
