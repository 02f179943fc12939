import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from './server.js';

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
    if (message.type() === 'error' && !/status of (401|403|404|409)/.test(message.text())) problems.push(`console: ${message.text()}`);
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
