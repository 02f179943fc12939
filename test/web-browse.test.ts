import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { EXAMPLES_DIR, OWNER_KEY, startServer, type TestServer } from './helpers/server.js';
import { launchBrowser, openPage, signInWithKey, type WebPage } from './helpers/browser.js';

let server: TestServer;
let browser: Browser;
let owner: WebPage;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ from: EXAMPLES_DIR }), launchBrowser()]);
  owner = await openPage(browser);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the web UI in Chromium', () => {
  it('serves the page with a strict Content-Security-Policy and long-lived hashed assets', async () => {
    const page = await fetch(server.url + '/', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)![1]!;
    const js = await fetch(server.url + asset);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // Client routes get the page; API paths and non-browser clients keep the JSON 404.
    expect((await fetch(server.url + '/skill/deep-research', { headers: { accept: 'text/html' } })).status).toBe(200);
    for (const path of ['/api/nope', '/.well-known/nope', '/mcp/x', '/s/abc', '/clawhub/x', '/skills/nope', '/metrics/x']) {
      const res = await fetch(server.url + path, { headers: { accept: 'text/html' } });
      expect([res.status, res.headers.get('content-type')], path).toEqual([404, 'application/json; charset=utf-8']);
    }
    expect((await fetch(server.url + '/anything')).status).toBe(404);
  });

  it('signs in with a pasted key and lists the catalog', async () => {
    const { page, problems } = owner;
    await signInWithKey(page, server.url, OWNER_KEY);
    await expect.poll(() => page.locator('.skill-row').count()).toBeGreaterThan(3);
    await expect.poll(() => page.getByRole('link', { name: 'deep-research' }).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('searches as you type', async () => {
    const { page } = owner;
    await page.getByLabel('Search').fill('deep res');
    await expect.poll(() => page.url()).toContain('q=deep+res');
    await expect.poll(() => page.locator('.skill-row .skill-name').first().textContent()).toBe('deep-research');
  });

  it('opens a skill page with its rendered body and install instructions', async () => {
    const { page, problems } = owner;
    await page.getByRole('link', { name: 'deep-research' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'deep-research' }).waitFor();
    await page.locator('article.markdown h1, article.markdown h2').first().waitFor();
    await page.getByRole('tab', { name: 'Install' }).click();
    await expect.poll(() => page.locator('.codeblock pre').first().textContent()).toBe(`npx skills add ${server.url} --skill deep-research`);
    expect(problems).toEqual([]);
  });
});
