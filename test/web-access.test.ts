/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { EXAMPLES_DIR, OWNER_KEY, startServer, waitFor, type TestServer } from './helpers/server.js';
import { createPeople, launchBrowser, openPage, signInWithKey, type WebPage } from './helpers/browser.js';
import { FakeIdp } from './helpers/oidc-provider.js';

/** Who gets in and with what: API keys shown once, share links, signing in with the identity provider, and credentials that stop working. */

const CLIENT_ID = 'skillport-web';
let server: TestServer;
let browser: Browser;
let idp: FakeIdp;
let keys: Record<string, string>;

beforeAll(async () => {
  idp = new FakeIdp();
  idp.audience = CLIENT_ID;
  await idp.start();
  [server, browser] = await Promise.all([
    startServer({ from: EXAMPLES_DIR, env: { SKILLPORT_OIDC_ISSUER: idp.issuer, SKILLPORT_OIDC_AUDIENCE: CLIENT_ID, SKILLPORT_OIDC_CLIENT_ID: CLIENT_ID } }),
    launchBrowser(),
  ]);
  keys = await createPeople(server, [
    { id: 'mia', role: 'member', teams: ['platform'] },
    { id: 'vic', role: 'viewer' },
  ]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await idp?.stop();
});

/** Everything the page holds that someone could read later: its text, its storage. */
const leftovers = (page: WebPage['page']) => page.evaluate(() => document.body.innerText + JSON.stringify(sessionStorage) + JSON.stringify(localStorage) + document.documentElement.outerHTML);

describe('API keys', () => {
  it('shows a new key once, with a copy button, and never again', { timeout: 60_000 }, async () => {
    const { page, problems, context } = await openPage(browser);
    await signInWithKey(page, server.url, keys.mia!);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    const table = page.getByRole('table', { name: 'API keys' });
    await table.getByRole('cell', { name: 'mia', exact: true }).first().waitFor();
    // A member may give a key no more than a member's role.
    expect(await page.getByLabel('Role').locator('option').allTextContents()).toEqual(['Same as mine', 'viewer', 'member']);

    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('alert').filter({ hasText: 'Give the key a name' }).waitFor();
    await page.getByLabel('Name').fill('laptop');
    await page.getByLabel('Role').selectOption('viewer');
    await page.getByLabel('Expires after').fill('7d');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByRole('region', { name: 'Your new key “laptop”' });
    const key = (await shown.locator('code.secret').textContent())!;
    expect(key).toMatch(/^sk_[0-9a-f]{64}$/);
    await shown.getByRole('button', { name: 'Copy the new API key' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    const me = (await (await server.get('/api/me', { 'x-api-key': key })).json()) as { id: string; role: string };
    expect(me).toMatchObject({ id: 'mia', role: 'viewer' });

    await shown.getByRole('button', { name: 'I have stored it, hide the key' }).click();
    await table.getByRole('cell', { name: 'laptop', exact: true }).waitFor();
    expect(await leftovers(page)).not.toContain(key.slice(3));
    const prefix = (await table.locator('tr', { hasText: 'laptop' }).locator('code').textContent())!;
    expect(key.startsWith(prefix.replace('…', ''))).toBe(true);
    await page.reload();
    await table.getByRole('cell', { name: 'laptop', exact: true }).waitFor();
    expect(await leftovers(page)).not.toContain(key.slice(3));

    // Revoking the key this tab signed in with signs the person out, saying why.
    await table.getByRole('button', { name: 'Revoke mia' }).click();
    await table.getByRole('button', { name: 'Revoke (signs you out)' }).click();
    await page.getByText('Your key or session is no longer valid (it expired or was revoked). Sign in again.').waitFor();
    await page.getByLabel('API key').waitFor();
    expect(problems).toEqual([]);
    await context.close();
    keys.mia = ((await (await server.call('POST', '/api/keys', { name: 'mia-again', user_id: 'mia' })).json()) as { key: string }).key;
  });

  it('lets the owner see and make everyone’s keys, and a viewer only viewer keys', { timeout: 60_000 }, async () => {
    const owner = await openPage(browser);
    await signInWithKey(owner.page, server.url, OWNER_KEY);
    await owner.page.goto(server.url + '/keys');
    const table = owner.page.getByRole('table', { name: 'API keys' });
    await table.waitFor();
    expect(await table.getByRole('cell', { name: 'vic', exact: true }).count()).toBe(0);
    await owner.page.getByLabel("Show everyone's keys").check();
    await table.getByRole('cell', { name: 'vic', exact: true }).first().waitFor();
    await owner.page.getByLabel('Name').fill('ci for vic');
    await owner.page.getByLabel('For user (id)').fill('vic');
    await owner.page.getByRole('button', { name: 'Create key' }).click();
    const key = (await owner.page.getByRole('region', { name: 'Your new key “ci for vic”' }).locator('code.secret').textContent())!;
    expect(((await (await server.get('/api/me', { 'x-api-key': key })).json()) as { id: string }).id).toBe('vic');
    await owner.context.close();

    const viewer = await openPage(browser);
    await signInWithKey(viewer.page, server.url, keys.vic!);
    await viewer.page.goto(server.url + '/keys');
    await viewer.page.getByRole('table', { name: 'API keys' }).waitFor();
    expect(await viewer.page.getByLabel('Role').locator('option').allTextContents()).toEqual(['Same as mine', 'viewer']);
    expect(await viewer.page.getByLabel('For user (id)').count()).toBe(0);
    await viewer.context.close();
  });

  it('returns a person whose key expires to sign-in with a message', { timeout: 60_000 }, async () => {
    const { page, context } = await openPage(browser);
    await page.goto(server.url + '/');
    await page.getByLabel('API key').waitFor();
    const short = ((await (await server.call('POST', '/api/keys', { name: 'short', user_id: 'mia', expires_in: '8s' })).json()) as { key: string }).key;
    await page.getByLabel('API key').fill(short);
    await page.getByRole('button', { name: 'Sign in with key' }).click();
    await page.locator('.topbar').waitFor();
    await waitFor(async () => (await server.get('/api/me', { 'x-api-key': short })).status === 401, 15_000);
    await page.getByRole('link', { name: 'deep-research' }).first().click();
    await page.getByText('Your key or session is no longer valid (it expired or was revoked). Sign in again.').waitFor();
    await page.getByLabel('API key').fill(short);
    await page.getByRole('button', { name: 'Sign in with key' }).click();
    await page.getByRole('alert').filter({ hasText: 'The server does not accept this key: it is unknown, expired or revoked.' }).waitFor();
    expect(await leftovers(page)).not.toContain(short.slice(3, 40));
    await context.close();
  });
});

describe('share links', () => {
  it('makes a link for one skill from its page, shows it once, and revokes it', { timeout: 60_000 }, async () => {
    const { page, problems, context } = await openPage(browser);
    await signInWithKey(page, server.url, keys.mia!);
    await page.goto(server.url + '/shares');
    await page.getByText('No share links yet.').waitFor();
    await page.goto(server.url + '/skill/code-review');
    await page.getByRole('link', { name: 'Share', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Share links' }).waitFor();
    expect(await page.getByLabel('Only some skills').isChecked()).toBe(true);
    expect(await page.getByLabel('Skills', { exact: true }).inputValue()).toBe('code-review');
    await page.getByLabel('Name (optional)').fill('for contractors');
    await page.getByLabel('Expires after').selectOption({ label: '7 days' });
    await page.getByRole('button', { name: 'Create link' }).click();

    const shown = page.getByRole('region', { name: 'Your new link “for contractors”' });
    const url = (await shown.getByLabel('share link', { exact: true }).textContent())!;
    expect(url).toMatch(new RegExp(`^${server.url}/s/shr_[0-9a-f]{64}$`));
    expect(await shown.getByLabel('skills command for the link', { exact: true }).textContent()).toBe(`npx skills add ${url}`);
    await shown.getByRole('button', { name: 'Copy share link' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    // The link alone, with no key, reads exactly that skill.
    const index = (await (await fetch(`${url}/.well-known/agent-skills/index.json`)).json()) as { skills: Array<{ name: string }> };
    expect(index.skills.map((s) => s.name)).toEqual(['code-review']);

    await shown.getByRole('button', { name: 'I have stored it, hide the link' }).click();
    const table = page.getByRole('table', { name: 'Share links' });
    const row = table.locator('tr', { hasText: 'for contractors' });
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual(expect.arrayContaining(['code-review', 'active']));
    expect(await leftovers(page)).not.toContain(url.split('/s/')[1]);

    await row.getByRole('button', { name: 'Revoke for contractors' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect.poll(() => row.locator('td').nth(5).textContent()).toBe('revoked');
    expect((await fetch(`${url}/.well-known/agent-skills/index.json`)).status).toBe(401);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shares what a team sees', { timeout: 60_000 }, async () => {
    const { page, context } = await openPage(browser);
    await signInWithKey(page, server.url, keys.mia!);
    await page.goto(server.url + '/shares');
    await page.getByLabel('What a team sees').check();
    expect(await page.getByLabel('Team', { exact: true }).locator('option').allTextContents()).toEqual(['platform']);
    await page.getByRole('button', { name: 'Create link' }).click();
    await page.getByRole('region', { name: 'Your new link “team platform”' }).waitFor();
    await context.close();
  });
});

describe('signing in with the identity provider', () => {
  it('signs in with the authorization code and PKCE, and out again', { timeout: 60_000 }, async () => {
    idp.nextUser = { sub: 'alice', email: 'alice@example.com', role: 'member', groups: ['platform'] };
    const { page, problems, context } = await openPage(browser);
    await page.goto(server.url + '/');
    await page.getByText(`Uses 127.0.0.1:${idp.port}`).waitFor();
    await page.getByRole('button', { name: 'Sign in with your identity provider' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('.whoami').textContent()).toBe('oidc:alicemember');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Catalog', 'Write', 'API keys', 'Share links']);

    // The provider saw a challenge, never the verifier; the server redeemed the code with the verifier.
    const authorization = idp.authorizations.at(-1)!;
    expect(authorization).toMatchObject({ response_type: 'code', client_id: CLIENT_ID, code_challenge_method: 'S256', redirect_uri: `${server.url}/auth/callback`, scope: 'openid profile email' });
    const exchange = idp.tokenRequests.at(-1)!;
    expect(exchange).toMatchObject({ grant_type: 'authorization_code', client_id: CLIENT_ID, redirect_uri: `${server.url}/auth/callback` });
    expect(exchange.code_verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(JSON.stringify(authorization)).not.toContain(exchange.code_verifier);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain('eyJ');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain('eyJ');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('refuses a callback this tab did not start, and one the provider refused', { timeout: 30_000 }, async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${server.url}/auth/callback?code=stolen&state=not-mine`);
    await page.getByText('This sign-in link is not the one this tab started (or it was already used). Start again.').waitFor();
    await page.goto(`${server.url}/auth/callback?error=access_denied&state=x`);
    await page.getByText('The identity provider did not sign you in (access_denied).').waitFor();
    await page.getByRole('link', { name: 'Back to sign-in' }).click();
    await page.getByLabel('API key').waitFor();
    expect(idp.tokenRequests.some((r) => r.code === 'stolen')).toBe(false);
    await context.close();
  });

  it('returns to sign-in with a message when the sign-in expires', { timeout: 60_000 }, async () => {
    // Tokens that expired 22 s ago: the server tolerates 30 s of clock skew, so they work for about 8 s.
    idp.tokenLifetimeS = -22;
    try {
      const { page, context } = await openPage(browser);
      await page.goto(server.url + '/');
      await page.getByRole('button', { name: 'Sign in with your identity provider' }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('skillport.credential')!) as { secret: string }).secret);
      await waitFor(async () => (await server.get('/api/me', { authorization: `Bearer ${token}` })).status === 401, 15_000);
      await page.getByRole('link', { name: 'deep-research' }).first().click();
      await page.getByText('Your sign-in is no longer valid (it expired or the identity provider ended it). Sign in again.').waitFor();
      await page.getByRole('button', { name: 'Sign in with your identity provider' }).waitFor();
      expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain(token);
      await context.close();
    } finally {
      idp.tokenLifetimeS = 300;
    }
  });
});
