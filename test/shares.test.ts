import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_KEY, REPO_ROOT, startServer, waitFor, type TestServer } from './helpers/server.js';
import { runSkillsCli } from './helpers/skills-cli.js';

const exec = promisify(execFile);
const TSX = pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const skillMd = (name: string) => `---\nname: ${name}\ndescription: Does ${name} things for the shares suite.\n---\n# ${name}\n\nFollow the steps.\n`;

let server: TestServer;
let tmp: string;
const keys: Record<'platform' | 'outsider' | 'viewer', string> = { platform: '', outsider: '', viewer: '' };

async function as(key: string, method: string, pathname: string, body?: unknown) {
  const res = await server.call(method, pathname, body, { 'x-api-key': key });
  const text = await res.text();
  return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as any, headers: res.headers };
}
const owner = (method: string, pathname: string, body?: unknown) => as(OWNER_KEY, method, pathname, body);
/** What a share serves, fetched as the `skills` installer does: no credentials at all. */
const anonymous = async (pathname: string) => {
  const res = await fetch(server.url + pathname);
  const text = await res.text();
  return { status: res.status, body: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as any };
};
const indexNames = async (token: string) => {
  const res = await anonymous(`/s/${token}/.well-known/agent-skills/index.json`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.skills as Array<{ name: string }>).map((s) => s.name).sort();
};

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'skillport-shares-'));
  const seed = path.join(tmp, 'seed');
  for (const [rel, text] of Object.entries({
    'plain-notes/SKILL.md': skillMd('plain-notes'),
    'with-files/SKILL.md': skillMd('with-files'),
    'with-files/scripts/run.sh': '#!/bin/sh\necho run\n',
    'with-files/references/guide.md': '# Guide\n',
  })) {
    await fs.mkdir(path.dirname(path.join(seed, rel)), { recursive: true });
    await fs.writeFile(path.join(seed, rel), text);
  }
  server = await startServer({ from: seed });
  for (const team of ['platform', 'data']) expect((await owner('POST', '/api/teams', { name: team })).status).toBe(201);
  for (const [id, role, team] of [['u-platform', 'member', 'platform'], ['u-outsider', 'member', 'data'], ['u-viewer', 'viewer', null]] as const) {
    expect((await owner('POST', '/api/users', { id, name: id, role })).status).toBe(201);
    if (team) expect((await owner('POST', `/api/teams/${team}/members`, { user_id: id })).status).toBe(204);
  }
  keys.platform = (await owner('POST', '/api/keys', { name: 'p', user_id: 'u-platform' })).body.key;
  keys.outsider = (await owner('POST', '/api/keys', { name: 'o', user_id: 'u-outsider' })).body.key;
  keys.viewer = (await owner('POST', '/api/keys', { name: 'v', user_id: 'u-viewer' })).body.key;
  const stored = [
    { skill_content: skillMd('platform-runbook'), visibility: 'team', shared_with_teams: ['platform'] },
    { skill_content: skillMd('data-recipes'), visibility: 'team', shared_with_teams: ['data'] },
    { skill_content: skillMd('owner-private'), visibility: 'private' },
  ];
  for (const body of stored) expect((await owner('POST', '/api/skills/configs', body)).status).toBe(201);
  await waitFor(async () => (await owner('GET', '/api/v1/skills/owner-private')).status === 200, 10_000);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('without a share', () => {
  it('the root index tells an anonymous installer how to get a share link', async () => {
    const res = await anonymous('/.well-known/agent-skills/index.json');
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).toMatch(/skillport shares create --team/);
  });
});

describe('a team share', () => {
  let token: string;
  beforeAll(async () => {
    const created = await as(keys.platform, 'POST', '/api/shares', { team: 'platform', expires_in: '30d' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    token = created.body.token;
    expect(token).toMatch(/^shr_[0-9a-f]{64}$/);
    expect(created.body.url).toBe(`${server.url}/s/${token}`);
    expect(created.body.commands.skills_cli).toBe(`npx skills add ${server.url}/s/${token}`);
    expect(created.body.share).toMatchObject({ kind: 'team', team: 'platform', created_by: 'u-platform', status: 'active' });
    expect(created.body.share).not.toHaveProperty('hash');
    expect(created.headers.get('cache-control')).toBe('no-store');
  });

  it("serves what a member of the team sees, and nothing else, to a caller with no credentials", async () => {
    expect(await indexNames(token)).toEqual(['plain-notes', 'platform-runbook', 'with-files']);
    const legacy = await anonymous(`/s/${token}/.well-known/skills/index.json`);
    expect((legacy.body.skills as Array<{ name: string }>).map((s) => s.name).sort()).toEqual(['plain-notes', 'platform-runbook', 'with-files']);
    expect((await anonymous(`/s/${token}/.well-known/agent-skills/platform-runbook/SKILL.md`)).body).toBe(skillMd('platform-runbook'));
    expect((await anonymous(`/s/${token}/.well-known/skills/with-files/scripts/run.sh`)).body).toBe('#!/bin/sh\necho run\n');
    for (const hidden of ['data-recipes', 'owner-private']) {
      expect((await anonymous(`/s/${token}/.well-known/agent-skills/${hidden}/SKILL.md`)).status).toBe(404);
    }
    const list = (await anonymous(`/s/${token}/api/skills/install.tsv`)).body as string;
    expect(list.trim().split('\n').map((line) => line.split('\t')[0]).sort()).toEqual(['plain-notes', 'platform-runbook', 'with-files']);
  });

  it('is installed from by the real skills CLI, for Claude Code and an .agents/skills agent', async () => {
    const home = await fs.mkdtemp(path.join(tmp, 'home-'));
    const project = await fs.mkdtemp(path.join(tmp, 'project-'));
    const run = await runSkillsCli(['add', `${server.url}/s/${token}`, '-y', '--agent', 'claude-code', 'codex'], { cwd: project, home });
    expect(run.code, run.output).toBe(0);
    for (const dir of ['.claude/skills', '.agents/skills']) {
      expect(await fs.readFile(path.join(project, dir, 'platform-runbook/SKILL.md'), 'utf8')).toBe(skillMd('platform-runbook'));
      expect(await fs.readFile(path.join(project, dir, 'with-files/scripts/run.sh'), 'utf8')).toBe('#!/bin/sh\necho run\n');
      expect(existsSync(path.join(project, dir, 'plain-notes/SKILL.md'))).toBe(true);
      expect(existsSync(path.join(project, dir, 'data-recipes'))).toBe(false);
    }
    expect(run.output).not.toContain(OWNER_KEY);
  }, 90_000);

  it('can be made only by admins and members of the team', async () => {
    const refused = await as(keys.outsider, 'POST', '/api/shares', { team: 'platform' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/members of team "platform"/);
    expect((await owner('POST', '/api/shares', { team: 'platform' })).status).toBe(201);
    expect((await as(keys.platform, 'POST', '/api/shares', { team: 'no-such-team' })).body.error).toMatch(/unknown team "no-such-team"/);
  });
});

describe('shares of named skills and of everything', () => {
  it('named skills: only those, and only skills the creator can read', async () => {
    const created = await as(keys.platform, 'POST', '/api/shares', { skills: ['with-files', 'platform-runbook'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(await indexNames(created.body.token)).toEqual(['platform-runbook', 'with-files']);
    expect((await anonymous(`/s/${created.body.token}/.well-known/agent-skills/plain-notes/SKILL.md`)).status).toBe(404);
    const unknown = await as(keys.platform, 'POST', '/api/shares', { skills: ['with-files', 'data-recipes', 'nope'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/data-recipes, nope/);
  });

  it("everything: the creator's own view, read-only and never with admin rights", async () => {
    const viewer = await as(keys.viewer, 'POST', '/api/shares', {});
    expect(viewer.status).toBe(201);
    expect(await indexNames(viewer.body.token)).toEqual(['plain-notes', 'with-files']);
    const own = await as(keys.platform, 'POST', '/api/skills/configs', { skill_content: skillMd('member-private'), visibility: 'private' });
    expect(own.status).toBe(201);
    await waitFor(async () => (await owner('GET', '/api/v1/skills/member-private')).status === 200, 10_000);
    const ownerShare = await owner('POST', '/api/shares', { name: 'everything of the owner' });
    // The owner made the team and private skills above, so it reads them as their author; a
    // member's private skill needs admin rights, which a share never carries.
    expect(await indexNames(ownerShare.body.token)).toEqual(['data-recipes', 'owner-private', 'plain-notes', 'platform-runbook', 'with-files']);
  });

  it('refuses bad requests with what to fix', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ team: 'platform', skills: ['with-files'] }, /either team or skills/],
      [{ expires_in: 'soon' }, /expires_in must be a duration/],
      [{ skills: [] }, /skills/],
      [{ name: 'x', extra: true }, /extra|additional/i],
    ];
    for (const [body, message] of cases) {
      const res = await as(keys.platform, 'POST', '/api/shares', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(message);
    }
  });
});

describe('revocation and expiry', () => {
  it('a revoked share is refused at once, with a message; nobody but its creator or an admin may revoke it', async () => {
    const created = await as(keys.platform, 'POST', '/api/shares', { team: 'platform' });
    const { token, share } = created.body;
    expect(await indexNames(token)).toContain('platform-runbook');
    expect((await as(keys.outsider, 'DELETE', `/api/shares/${share.id}`)).status).toBe(404);
    const revoked = await as(keys.platform, 'DELETE', `/api/shares/${share.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    for (const p of ['/.well-known/agent-skills/index.json', '/.well-known/agent-skills/with-files/bundle.tar.gz', '/api/skills/install.tsv']) {
      const res = await anonymous(`/s/${token}${p}`);
      expect(res.status, p).toBe(401);
      expect(res.body.code).toBe('share_invalid');
      expect(res.body.error).toMatch(/revoked/);
    }
  });

  it('an expired share is refused', async () => {
    const created = await as(keys.platform, 'POST', '/api/shares', { team: 'platform', expires_in: '1' });
    const { token } = created.body;
    const refused = await waitFor(async () => {
      const res = await anonymous(`/s/${token}/.well-known/agent-skills/index.json`);
      return res.status === 401 ? res : undefined;
    }, 5_000);
    expect(refused.body.error).toMatch(/expired/);
  });

  it('a malformed or unknown token gets the same 401', async () => {
    for (const token of ['nonsense', `shr_${'0'.repeat(64)}`]) {
      const res = await anonymous(`/s/${token}/.well-known/agent-skills/index.json`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('share_invalid');
    }
  });
});

describe('listing and audit', () => {
  it('lists own shares to members and all to admins, never a token, and audits without the token', async () => {
    const created = await as(keys.outsider, 'POST', '/api/shares', { team: 'data', name: 'data team' });
    const mine = await as(keys.outsider, 'GET', '/api/shares');
    expect(mine.body.shares.map((s: { created_by: string }) => s.created_by)).toEqual(expect.arrayContaining(['u-outsider']));
    expect(new Set(mine.body.shares.map((s: { created_by: string }) => s.created_by))).toEqual(new Set(['u-outsider']));
    const all = await owner('GET', '/api/shares');
    expect(new Set(all.body.shares.map((s: { created_by: string }) => s.created_by))).toEqual(new Set(['u-outsider', 'u-platform', 'u-viewer', 'owner']));
    expect(JSON.stringify(all.body)).not.toContain(created.body.token);
    const audit = await owner('GET', '/api/audit?action=share.create&limit=200');
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain(created.body.share.id);
    expect(JSON.stringify(audit.body)).not.toContain(created.body.token);
    expect(server.rawLogs.join('')).not.toContain(created.body.token.slice(4));
  });
});

describe('skillport shares', () => {
  const cli = async (args: string[]) => {
    const { dataDir, databaseUrl } = server.app.config;
    try {
      const { stdout, stderr } = await exec(process.execPath, ['--import', TSX, path.join(REPO_ROOT, 'src/cli/main.ts'), 'shares', ...args], {
        cwd: tmp,
        env: { ...process.env, SKILLPORT_DATA_DIR: dataDir, SKILLPORT_DATABASE_URL: databaseUrl ?? '', SKILLPORT_PUBLIC_URL: server.url },
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('creates a team share the server honours, lists it without the token, and revokes it', async () => {
    const created = await cli(['create', '--team', 'platform', '--expires-in', '30d']);
    expect(created.code, created.stderr).toBe(0);
    const url = /(http:\/\/\S+\/s\/shr_[0-9a-f]{64})/.exec(created.stdout)?.[1];
    expect(url, created.stdout).toBeDefined();
    expect(created.stdout).toContain(`npx skills add ${url}`);
    const token = url!.split('/s/')[1]!;
    expect(await indexNames(token)).toContain('platform-runbook');
    const listed = await cli(['list', '--json']);
    const share = (JSON.parse(listed.stdout).shares as Array<{ id: string; team: string | null }>).at(-1)!;
    expect(share.team).toBe('platform');
    expect(listed.stdout).not.toContain(token);
    const revoked = await cli(['revoke', share.id]);
    expect(revoked.code, revoked.stderr).toBe(0);
    // Revoked at the console, the server learns of it when its few-second cache of the token ends.
    await waitFor(async () => (await anonymous(`/s/${token}/.well-known/agent-skills/index.json`)).status === 401, 10_000);
  }, 120_000);
});
