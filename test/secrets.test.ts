import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../src/auth/api-key.js';
import { EXAMPLES_DIR, OWNER_KEY, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ from: EXAMPLES_DIR, logLevel: 'trace' });
});
afterAll(() => server.close());

describe('secrets', () => {
  it('never writes a key, its hash or a bearer token to the log, the audit log or an error', async () => {
    const created = (await (await server.call('POST', '/api/keys', { name: 'secret-test' })).json()) as { key: string; api_key: { id: string } };
    const secrets = [created.key, OWNER_KEY, hashApiKey(created.key), hashApiKey(OWNER_KEY), created.key.slice(11), OWNER_KEY.slice(11)];
    const wrong = created.key.slice(0, -4) + '0000';
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    secrets.push(wrong.slice(11), token);

    const responses: string[] = [];
    for (const headers of <Array<Record<string, string>>>[{ 'x-api-key': created.key }, { authorization: `Bearer ${created.key}` }, { 'x-api-key': wrong }, { authorization: `Bearer ${token}` }]) {
      for (const path of ['/api/me', '/api/v1/skills/nope', '/api/users']) responses.push(await (await server.get(path, headers)).text());
    }
    responses.push(await (await server.call('POST', '/api/keys', { name: 'x', scopes: ['bogus'] }, { 'x-api-key': created.key })).text());
    await server.call('DELETE', `/api/keys/${created.api_key.id}`);
    responses.push(await (await server.get('/api/me', { 'x-api-key': created.key })).text());
    const audit = await (await server.get('/api/audit?limit=500')).text();

    const logText = server.rawLogs.join('');
    expect(logText.length).toBeGreaterThan(0);
    expect(server.logs.some((line) => line.msg === 'request')).toBe(true);
    for (const secret of secrets) {
      expect(logText).not.toContain(secret);
      expect(audit).not.toContain(secret);
      for (const body of responses) expect(body).not.toContain(secret);
    }
  });
});
