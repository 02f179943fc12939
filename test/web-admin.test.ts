/// <reference lib="dom" />
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { OWNER_KEY, startServer, type TestServer } from './helpers/server.js';
import { createPeople, launchBrowser, openPage, signInWithKey, type WebPage } from './helpers/browser.js';

/** Administering in the browser: users, teams, webhooks and their deliveries, the audit log with its filters. */

interface Received {
  event: string;
  signature: string | undefined;
}

let server: TestServer;
let browser: Browser;
let keys: Record<string, string>;
let owner: WebPage;
let receiver: http.Server;
let receiverUrl = '';
let received: Received[] = [];
let answer = 200;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += String(chunk)));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as { type?: string };
      received.push({ event: body.type ?? String(req.headers['x-skillport-event']), signature: req.headers['x-skillport-signature'] as string | undefined });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  [server, browser] = await Promise.all([startServer({ env: { SKILLPORT_WEBHOOK_RETRY_BASE_MS: '100' } }), launchBrowser()]);
  keys = await createPeople(server, [
    { id: 'ada', role: 'admin' },
    { id: 'mia', role: 'member' },
    { id: 'vic', role: 'viewer' },
  ]);
  owner = await openPage(browser);
  await signInWithKey(owner.page, server.url, OWNER_KEY);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});

const section = async (page: WebPage['page'], name: string) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name }).click();
};

describe('administering as the owner', () => {
  it('adds a user, changes their role and removes them', { timeout: 60_000 }, async () => {
    const { page, problems } = owner;
    await section(page, 'Users');
    const table = page.getByRole('table', { name: 'Users' });
    await table.getByRole('cell', { name: 'ada', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('alert').filter({ hasText: 'A user needs a name.' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Grace Hopper');
    await page.getByLabel('Email (optional)').fill('grace@example.com');
    await page.getByLabel('Id (optional)').fill('grace');
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Add user' }).click();
    await table.getByRole('cell', { name: 'grace@example.com' }).waitFor();
    // The owner cannot change their own role, or remove themselves, by accident.
    expect(await page.getByLabel('Role of owner', { exact: false }).first().isDisabled()).toBe(true);

    await page.getByLabel('Role of Grace Hopper').selectOption('member');
    await expect.poll(async () => ((await (await server.get('/api/users/grace')).json()) as { role: string }).role).toBe('member');
    await table.getByRole('button', { name: 'Remove Grace Hopper' }).click();
    await table.getByRole('cell', { name: 'grace@example.com' }).waitFor({ state: 'detached' });
    expect((await server.get('/api/users/grace')).status).toBe(404);
    expect(problems).toEqual([]);
  });

  it('creates a team, adds and removes a member, and deletes it', { timeout: 60_000 }, async () => {
    const { page } = owner;
    await section(page, 'Teams');
    await page.getByText('No teams yet.').waitFor();
    await page.getByLabel('Team name').fill('search');
    await page.getByRole('button', { name: 'Create team' }).click();
    const card = page.locator('.card', { hasText: 'search' });
    await card.getByRole('button', { name: 'Members' }).click();
    await card.getByText('No members yet.').waitFor();
    await card.getByLabel('Add a member (user id)').fill('mia');
    await card.getByRole('button', { name: 'Add', exact: true }).click();
    await card.getByRole('button', { name: 'Remove Pat mia from search' }).waitFor();
    expect(((await (await server.get('/api/me', { 'x-api-key': keys.mia! })).json()) as { teams: string[] }).teams).toEqual(['search']);
    await card.getByLabel('Add a member (user id)').fill('nobody-here');
    await card.getByRole('button', { name: 'Add', exact: true }).click();
    await card.getByRole('alert').waitFor();
    await card.getByRole('button', { name: 'Remove Pat mia from search' }).click();
    await card.getByText('No members yet.').waitFor();
    await card.getByRole('button', { name: 'Delete team' }).click();
    await page.getByText('No teams yet.').waitFor();
  });

  it('adds a webhook, shows its secret once, and lists its deliveries, failed ones too', { timeout: 90_000 }, async () => {
    const { page, problems } = owner;
    await section(page, 'Webhooks');
    await page.getByText('No webhooks.').waitFor();
    await page.getByLabel('Receiver URL').fill(receiverUrl);
    await page.getByLabel('skill.created').check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const shown = page.getByRole('region', { name: 'Signing secret' });
    const secret = (await shown.locator('code.secret').textContent())!;
    expect(secret.length).toBeGreaterThan(20);
    await shown.getByRole('button', { name: 'I have stored it, hide the secret' }).click();
    const card = page.locator('.card', { hasText: receiverUrl });
    await card.getByText(/Active · skill\.created/).waitFor();
    expect(await page.evaluate(() => document.body.innerText + JSON.stringify(sessionStorage))).not.toContain(secret);

    await card.getByRole('button', { name: 'Send a test' }).click();
    const deliveries = card.getByRole('table', { name: 'Deliveries' });
    await deliveries.locator('tbody tr').first().waitFor();
    expect(await deliveries.locator('tbody tr').first().locator('td').allTextContents()).toEqual([expect.stringMatching(/ping/), 'succeeded', '1', '200', expect.any(String)]);
    expect(received.at(-1)!.signature).toBeTruthy();

    // A skill is stored: the change is delivered.
    await server.call('POST', '/api/skills/configs', { skill_content: '---\nname: hooked\ndescription: A skill that triggers a delivery\n---\n\n# Hooked\n\nBody.\n' });
    await card.getByRole('button', { name: 'Send a test' }).click();
    await deliveries.getByRole('cell', { name: 'skill.created' }).waitFor();

    // The receiver starts failing: the delivery says what it answered, and is retried until it gives up.
    answer = 500;
    await card.getByRole('button', { name: 'Send a test' }).click();
    const failing = deliveries.locator('tbody tr').first();
    await expect.poll(() => failing.locator('td').nth(3).textContent()).toMatch(/^500/);
    await expect.poll(() => failing.locator('td').nth(1).textContent(), { timeout: 60_000 }).toBe('failed');
    answer = 200;

    await card.getByRole('button', { name: 'Pause' }).click();
    await card.getByText(/^Paused/).waitFor();
    await card.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No webhooks.').waitFor();
    expect(problems).toEqual([]);
  });

  it('reads the audit log with filters: who, what, outcome and time', { timeout: 60_000 }, async () => {
    const { page, problems } = owner;
    // A member tries something only administrators may do: that is in the log as denied.
    expect((await server.call('POST', '/api/users', { name: 'Mallory', role: 'owner' }, { 'x-api-key': keys.mia! })).status).toBe(403);
    await section(page, 'Audit log');
    const table = page.getByRole('table', { name: 'Audit log, newest first' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(5);

    await page.getByLabel('Action').fill('user.create');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(async () => new Set(await table.locator('tbody tr td:nth-child(3)').allTextContents())).toEqual(new Set(['user.create']));
    expect(await table.getByRole('cell', { name: /grace/ }).count()).toBeGreaterThan(0);

    await page.getByLabel('Action').fill('');
    await page.getByLabel('Who (actor id)').fill('mia');
    await page.getByLabel('Outcome').selectOption('denied');
    await page.getByRole('button', { name: 'Filter' }).click();
    // The previous filter's rows stay until the new answer arrives: wait for the table to hold only denials.
    await expect.poll(async () => [...new Set(await table.locator('tbody tr td:nth-child(5)').allTextContents())]).toEqual(['denied']);
    expect(await table.locator('tbody tr td:nth-child(3)').first().textContent()).toBe('POST /api/users');
    await table.getByRole('button', { name: 'Details' }).first().click();
    await table.locator('pre.snippet').first().waitFor();

    // A time window that ended before anything happened matches nothing, and says so.
    await page.getByLabel('Who (actor id)').fill('');
    await page.getByLabel('Outcome').selectOption('');
    await page.getByLabel('To', { exact: true }).fill('2001-01-01T00:00');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No entries match.').waitFor();
    expect(problems).toEqual([]);
  });
});

describe('other roles', () => {
  it('lets an administrator manage people but not make owners', { timeout: 60_000 }, async () => {
    const { page, context } = await openPage(browser);
    await signInWithKey(page, server.url, keys.ada!);
    await section(page, 'Users');
    expect(await page.getByLabel('Role', { exact: true }).locator('option').allTextContents()).toEqual(['viewer', 'member', 'admin']);
    expect(await page.getByLabel('Role of Pat mia').locator('option[value="owner"]').isDisabled()).toBe(true);
    await context.close();
  });

  it('offers members and viewers no administration', { timeout: 60_000 }, async () => {
    for (const id of ['mia', 'vic']) {
      const { page, context } = await openPage(browser);
      await signInWithKey(page, server.url, keys[id]!);
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).toBe(0);
      await page.goto(server.url + '/admin/audit');
      await page.getByText('There is no page at this address, or your role cannot open it.').waitFor();
      await context.close();
    }
  });
});
