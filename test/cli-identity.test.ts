import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashApiKey } from '../src/auth/api-key.js';
import { AuditService } from '../src/auth/audit.js';
import { IdentityService } from '../src/auth/identity-service.js';
import { openStore, type Store } from '../src/store/index.js';
import { OWNER_KEY, REPO_ROOT } from './helpers/server.js';

const run = promisify(execFile);
const TSX = pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const KEY_PATTERN = /sk_[0-9a-f]{64}/;

// Every test runs the CLI several times, each a fresh Node process compiling TypeScript.
vi.setConfig({ testTimeout: 180_000 });

let dir: string;
let dataDir: string;

/** Runs the CLI from source against `dataDir` (or another); never throws on a non-zero exit. */
async function cli(args: string[], data = dataDir) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', TSX, path.join(REPO_ROOT, 'src/cli/main.ts'), ...args], {
      cwd: dir,
      env: { ...process.env, SKILLPORT_DATA_DIR: data, SKILLPORT_DATABASE_URL: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Opens the same database in-process, for checks the CLI's output cannot show. */
async function withStore<T>(work: (identity: IdentityService, store: Store) => Promise<T>, data = dataDir): Promise<T> {
  const store = await openStore({ dataDir: data });
  try {
    return await work(new IdentityService(store, new AuditService(store)), store);
  } finally {
    await store.close();
  }
}

/** A refusal: exit code 1, nothing on stdout, one `skillport: ...` line on stderr and no stack trace. */
function expectRefusal(result: { code: number; stdout: string; stderr: string }, message: string | RegExp) {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^skillport: /);
  if (typeof message === 'string') expect(lines[0]).toContain(message);
  else expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

/** Runs refusals side by side (none of them changes anything) and checks each. */
async function expectRefusals(cases: Array<[string[], string | RegExp]>) {
  const results = await Promise.all(cases.map(([args]) => cli(args)));
  results.forEach((result, i) => expectRefusal(result, cases[i]![1]));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'skillport-cli-identity-'));
  dataDir = path.join(dir, 'data');
  // What the server does on its first start: an owner user with a known key.
  const result = await withStore((identity) => identity.bootstrap(OWNER_KEY));
  expect(result).toEqual({ key: OWNER_KEY, generated: false });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('help', () => {
  it('lists the identity commands and their subcommands', async () => {
    const subcommands = {
      keys: ['create', 'list', 'revoke'],
      users: ['create', 'list', 'update', 'delete'],
      teams: ['create', 'list', 'show', 'delete', 'add-member', 'remove-member'],
    };
    const [top, create, ...helps] = await Promise.all([cli(['--help']), cli(['keys', 'create', '--help']), ...Object.keys(subcommands).map((command) => cli([command, '--help']))]);
    for (const command of Object.keys(subcommands)) expect(top!.stdout).toMatch(new RegExp(`^  ${command}\\b.*\\S`, 'm'));
    Object.entries(subcommands).forEach(([command, subs], i) => {
      const help = helps[i]!;
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: skillport ${command}`);
      // Each subcommand is listed with its description.
      for (const sub of subs) expect(help.stdout).toMatch(new RegExp(`^  ${sub}\\b.*\\s{2}\\S`, 'm'));
    });
    for (const option of ['--name', '--user', '--role', '--scopes', '--team', '--expires-in', '--json']) expect(create!.stdout).toContain(option);
  });
});

describe('skillport users', () => {
  it('creates, lists, updates and deletes users', async () => {
    const created = await cli(['users', 'create', '--name', 'Alice Example', '--role', 'member', '--email', 'Alice@Example.com', '--id', 'alice']);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created user alice');

    const json = await cli(['users', 'create', '--name', 'Bob', '--role', 'viewer', '--json']);
    expect(json.code).toBe(0);
    const bob = JSON.parse(json.stdout) as { id: string; role: string; email: string | null };
    expect(bob).toMatchObject({ role: 'viewer', email: null });
    expect(bob.id).toMatch(/^usr_[0-9a-f]{16}$/);

    const list = await cli(['users', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+NAME\s+EMAIL\s+ROLE\s+CREATED/m);
    expect(list.stdout).toMatch(/^alice\s+Alice Example\s+alice@example\.com\s+member\s/m);
    expect(list.stdout).toMatch(/^owner\s+Owner\s+-\s+owner\s/m);
    expect(list.stdout).toContain('3 user(s)');

    const updated = await cli(['users', 'update', 'alice', '--role', 'admin', '--name', 'Alice']);
    expect(updated.code).toBe(0);
    const listed = JSON.parse((await cli(['users', 'list', '--json'])).stdout) as { users: Array<{ id: string; name: string; role: string; email: string | null }> };
    expect(listed.users.find((u) => u.id === 'alice')).toMatchObject({ name: 'Alice', role: 'admin', email: 'alice@example.com' });

    expect((await cli(['users', 'update', 'alice', '--no-email'])).code).toBe(0);
    expect(await withStore((_, store) => store.users.get('alice'))).toMatchObject({ email: null, role: 'admin' });

    const deleted = await cli(['users', 'delete', bob.id]);
    expect(deleted.code).toBe(0);
    expect(await withStore((_, store) => store.users.get(bob.id))).toBeUndefined();
  });

  it('refuses bad input with one clear line', async () => {
    await expectRefusals([
      [['users', 'create', '--name', 'X', '--role', 'superuser'], 'role must be one of viewer, member, admin, owner; not "superuser"'],
      [['users', 'create', '--name', 'X', '--role', 'member', '--id', 'alice'], 'already exists'],
      [['users', 'create', '--name', 'X', '--role', 'member', '--email', 'not-an-email'], 'email must be an email address'],
      [['users', 'update', 'nobody', '--name', 'X'], 'User not found: "nobody"'],
      [['users', 'update', 'alice'], 'nothing to change'],
      [['users', 'delete', 'nobody'], 'User not found: "nobody"'],
    ]);
  });
});

describe('skillport teams', () => {
  it('creates a team, adds, shows and removes members, and deletes it', async () => {
    const created = await cli(['teams', 'create', 'platform', '--description', 'Platform engineering']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created team platform \(team_[0-9a-f]{16}\)/);

    const list = await cli(['teams', 'list']);
    expect(list.stdout).toMatch(/^platform\s+team_[0-9a-f]{16}\s+\S+\s+Platform engineering$/m);

    expect((await cli(['teams', 'add-member', 'platform', 'alice'])).code).toBe(0);
    const show = await cli(['teams', 'show', 'platform']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Team platform');
    expect(show.stdout).toMatch(/^alice\s+Alice\s+-\s+admin$/m);
    expect(show.stdout).toContain('1 member(s)');
    expect(await withStore((_, store) => store.teams.teamsOf('alice'))).toEqual(['platform']);

    expect((await cli(['teams', 'remove-member', 'platform', 'alice'])).code).toBe(0);
    const shown = JSON.parse((await cli(['teams', 'show', 'platform', '--json'])).stdout) as { id: string; members: unknown[] };
    expect(shown.members).toEqual([]);

    // Delete by id, the other way to name a team.
    expect((await cli(['teams', 'delete', shown.id])).code).toBe(0);
    expect(await withStore((_, store) => store.teams.get('platform'))).toBeUndefined();
  });

  it('refuses bad input with one clear line', async () => {
    expect((await cli(['teams', 'create', 'ops'])).code).toBe(0);
    await expectRefusals([
      [['teams', 'create', 'ops'], 'a team named "ops" already exists'],
      [['teams', 'create', 'bad name!'], 'name may contain letters, digits'],
      [['teams', 'show', 'ghosts'], 'Team not found: "ghosts"'],
      [['teams', 'delete', 'ghosts'], 'Team not found: "ghosts"'],
      [['teams', 'add-member', 'ghosts', 'alice'], 'Team not found: "ghosts"'],
      [['teams', 'add-member', 'ops', 'nobody'], 'User not found: "nobody"'],
      [['teams', 'remove-member', 'ops', 'alice'], 'Team member not found: "alice"'],
    ]);
  });
});

describe('skillport keys', () => {
  let aliceKey: string;
  let aliceKeyId: string;

  it('creates a key that IdentityService accepts with the role, scopes and teams asked for', async () => {
    expect((await cli(['teams', 'add-member', 'ops', 'alice'])).code).toBe(0);
    const created = await cli(['keys', 'create', '--name', 'ci', '--user', 'alice', '--role', 'member', '--scopes', 'skills:read,tasks:run', '--team', 'ops', '--expires-in', '30d']);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('cannot be shown again');
    const match = KEY_PATTERN.exec(created.stdout);
    expect(match).not.toBeNull();
    aliceKey = match![0];
    aliceKeyId = /Created API key (key_[0-9a-f]{16})/.exec(created.stdout)![1]!;

    const principal = await withStore((identity) => identity.principalForKey(aliceKey));
    expect(principal).toEqual({ kind: 'api_key', id: 'alice', role: 'member', scopes: ['skills:read', 'tasks:run'], teams: ['ops'], keyId: aliceKeyId });
    const record = await withStore((_, store) => store.keys.get(aliceKeyId));
    const days = (Date.parse(record!.expires_at!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });

  it('prints the createKey result with --json, and defaults to the owner user', async () => {
    const created = await cli(['keys', 'create', '--name', 'admin', '--json']);
    expect(created.code).toBe(0);
    const body = JSON.parse(created.stdout) as { key: string; api_key: Record<string, unknown> };
    expect(body.key).toMatch(new RegExp(`^${KEY_PATTERN.source}$`));
    expect(body.api_key).toMatchObject({ name: 'admin', user_id: 'owner', role: 'owner', scopes: [], teams: [], expires_at: null, status: 'active', created_by: 'system' });
    expect(body.api_key).not.toHaveProperty('hash');
    const principal = await withStore((identity) => identity.principalForKey(body.key));
    expect(principal).toMatchObject({ kind: 'api_key', id: 'owner', role: 'owner', keyId: body.api_key.id });
  });

  it('lists keys without ever printing a key or its hash', async () => {
    const secrets = [aliceKey, hashApiKey(aliceKey), OWNER_KEY, hashApiKey(OWNER_KEY)];
    const list = await cli(['keys', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+NAME\s+PREFIX\s+USER\s+ROLE\s+SCOPES\s+STATUS\s+EXPIRES\s+LAST USED$/m);
    expect(list.stdout).toContain(`sk_${aliceKey.slice(3, 11)}…`);
    expect(list.stdout).toMatch(new RegExp(`^${aliceKeyId}\\s+ci\\s+sk_[0-9a-f]{8}…\\s+alice\\s+member\\s+skills:read,tasks:run\\s+active\\s+\\S+\\s+never$`, 'm'));
    expect(list.stdout).toContain('bootstrap owner key');
    expect(list.stdout).toContain('3 key(s)');

    const mine = await cli(['keys', 'list', '--user', 'alice', '--json']);
    const body = JSON.parse(mine.stdout) as { keys: Array<Record<string, unknown>>; count: number };
    expect(body.count).toBe(1);
    expect(body.keys[0]).not.toHaveProperty('hash');
    for (const output of [list.stdout, list.stderr, mine.stdout, mine.stderr]) {
      expect(output).not.toMatch(KEY_PATTERN);
      for (const secret of secrets) expect(output).not.toContain(secret);
    }
  });

  it('revokes a key so that it no longer authenticates', async () => {
    const revoked = await cli(['keys', 'revoke', aliceKeyId]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked API key ${aliceKeyId}`);
    expect(await withStore((identity) => identity.principalForKey(aliceKey))).toBeNull();
    expect((await cli(['keys', 'list', '--user', 'alice'])).stdout).toMatch(new RegExp(`^${aliceKeyId}.*\\srevoked\\s`, 'm'));
    // The owner key is untouched.
    expect(await withStore((identity) => identity.principalForKey(OWNER_KEY))).toMatchObject({ id: 'owner', role: 'owner' });
  });

  it('refuses bad input with one clear line', async () => {
    const base = ['keys', 'create', '--name', 'x', '--user', 'alice'];
    await expectRefusals([
      [[...base, '--role', 'god'], 'role must be one of viewer, member, admin, owner; not "god"'],
      [[...base, '--role', 'owner'], 'role "owner" is higher than the user\'s role "admin"'],
      [[...base, '--scopes', 'skills:read,skills:fly'], 'unknown scope "skills:fly"'],
      [[...base, '--expires-in', 'soon'], 'expires_in must be a duration such as 30d'],
      [[...base, '--expires-in', '0'], 'expires_in must be a duration'],
      [[...base, '--team', 'ghosts'], 'unknown team "ghosts"'],
      [['keys', 'create', '--name', 'x', '--user', 'nobody'], 'User not found: "nobody"'],
      [['keys', 'list', '--user', 'nobody'], 'User not found: "nobody"'],
      [['keys', 'revoke', 'key_nope'], 'API key not found: "key_nope"'],
    ]);
    // None of the refused keys was created.
    expect(await withStore((_, store) => store.keys.list({ user_id: 'alice' }))).toHaveLength(1);
  });
});

describe('audit', () => {
  it('records the CLI actions as the system principal', async () => {
    const entries = await withStore((_, store) => store.audit.query({ limit: 500 }));
    const actions = new Set(entries.map((e) => e.action));
    for (const action of ['user.create', 'user.update', 'user.delete', 'team.create', 'team.delete', 'team.add_member', 'team.remove_member', 'key.create', 'key.revoke']) {
      expect(actions).toContain(action);
    }
    const cliEntries = entries.filter((e) => e.action !== 'bootstrap');
    for (const entry of cliEntries) expect(entry).toMatchObject({ actor_kind: 'system', actor_id: null, ip: null, request_id: null });
    const keyCreate = entries.find((e) => e.action === 'key.create' && e.details.user_id === 'alice');
    expect(keyCreate).toMatchObject({ outcome: 'success', resource_type: 'api_key', details: { role: 'member', scopes: ['skills:read', 'tasks:run'], teams: ['ops'] } });
    // No audit entry carries a key.
    expect(JSON.stringify(entries)).not.toMatch(KEY_PATTERN);
  });
});

describe('a database without users', () => {
  it('explains how to get a first user instead of creating keys for nobody', async () => {
    const empty = path.join(dir, 'empty');
    expectRefusal(await cli(['keys', 'create', '--name', 'x'], empty), /no users yet; start the server once \(skillport serve\).*skillport users create/);
    expectRefusal(await cli(['keys', 'create', '--name', 'x', '--user', 'someone'], empty), /User not found: "someone"; the database has no users yet/);

    const users = await cli(['users', 'create', '--name', 'Root', '--role', 'owner', '--id', 'root'], empty);
    expect(users.code).toBe(0);
    expectRefusal(await cli(['keys', 'create', '--name', 'x'], empty), 'there is no "owner" user; name the key\'s user with --user <id>');
    const created = await cli(['keys', 'create', '--name', 'x', '--user', 'root'], empty);
    expect(created.code).toBe(0);
    const key = KEY_PATTERN.exec(created.stdout)![0];
    expect(await withStore((identity) => identity.principalForKey(key), empty)).toMatchObject({ id: 'root', role: 'owner' });
  });
});

describe('settings', () => {
  it('reports a database it cannot open on one line', async () => {
    try {
      const { stderr } = await run(process.execPath, ['--import', TSX, path.join(REPO_ROOT, 'src/cli/main.ts'), 'users', 'list'], {
        cwd: dir,
        env: { ...process.env, SKILLPORT_DATA_DIR: dataDir, SKILLPORT_DATABASE_URL: 'mysql://nope' },
      });
      expect.unreachable(stderr);
    } catch (err) {
      const e = err as { code: number; stderr: string };
      expectRefusal({ code: e.code, stdout: '', stderr: e.stderr }, 'cannot open the database');
    }
  });
});
