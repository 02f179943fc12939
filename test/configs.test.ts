import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, OWNER_KEY, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
const keys: Record<string, string> = {};

const skillMd = (name: string, extra = '', body = '# Steps\n\n1. Do the thing.\n') => `---\nname: ${name}\ndescription: A skill called ${name}\n${extra}---\n\n${body}`;

async function as(who: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await server.call(method, path, body, who === 'anonymous' ? headers : { 'x-api-key': keys[who]!, ...headers });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, any>, headers: res.headers };
}

beforeAll(async () => {
  server = await startServer({ from: EXAMPLES_DIR, env: { SKILLPORT_PUBLIC_READ: 'true' } });
  keys.owner = OWNER_KEY;
  for (const [id, role] of [['alice', 'member'], ['bob', 'member'], ['carol', 'member'], ['dora', 'admin'], ['vic', 'viewer']] as const) {
    await as('owner', 'POST', '/api/users', { id, name: id, role });
    keys[id] = (await as('owner', 'POST', '/api/keys', { name: id, user_id: id })).body.key;
  }
  await as('owner', 'POST', '/api/teams', { name: 'platform' });
  for (const id of ['alice', 'bob']) await as('owner', 'POST', '/api/teams/platform/members', { user_id: id });
  // Team membership is read when a key is resolved; make fresh keys now that the teams exist.
  for (const id of ['alice', 'bob']) keys[id] = (await as('owner', 'POST', '/api/keys', { name: `${id}-2`, user_id: id })).body.key;
});
afterAll(() => server.close());

describe('CRUD contract', () => {
  it('creates from a SKILL.md, taking name, description, category and version from it', async () => {
    const created = await as('alice', 'POST', '/api/skills/configs', { skill_content: skillMd('deploy-checklist', 'version: "1.2.0"\ncategory: operations\n') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'deploy-checklist', description: 'A skill called deploy-checklist', category: 'operations', version: '1.2.0', visibility: 'private', owner_id: 'alice', is_system: false, revision: 1, scan_status: 'passed' });
    expect(created.body.scan_summary).toMatchObject({ verdict: 'passed', max_severity: null });
    expect(created.body.id).toMatch(/^skill-deploy-checklist-[0-9a-f]{6}$/);
    const one = await as('alice', 'GET', `/api/skills/configs?id=${created.body.id}`);
    expect(one.body).toEqual(created.body);
    expect(one.headers.get('etag')).toBe('"r1"');
    // It is in the catalog at once, for its owner.
    expect((await as('alice', 'GET', '/api/v1/skills/deploy-checklist')).body.skill).toMatchObject({ version: '1.2.0', content: '# Steps\n\n1. Do the thing.\n' });
  });

  it('writes given fields into the stored SKILL.md, and builds one from tasks when none is sent', async () => {
    const created = await as('alice', 'POST', '/api/skills/configs', { skill_content: skillMd('renamed-later'), description: 'Better words', category: 'docs' });
    expect(created.body.skill_content).toContain('description: Better words');
    expect(created.body).toMatchObject({ description: 'Better words', category: 'docs' });
    const fromTasks = await as('alice', 'POST', '/api/skills/configs', {
      name: 'triage-helper',
      description: 'Helps triage',
      tasks: [{ display_text: 'Collect logs', llm_prompt: 'Gather the last hour of logs.', subagent: 'log-reader' }],
    });
    expect(fromTasks.status).toBe(201);
    expect(fromTasks.body.skill_content).toMatch(/^---\nname: triage-helper\n/);
    expect(fromTasks.body.skill_content).toContain('### Collect logs');
    expect(fromTasks.body.tasks).toHaveLength(1);
  });

  it('lists with filters and pages', async () => {
    for (let i = 0; i < 5; i++) await as('bob', 'POST', '/api/skills/configs', { skill_content: skillMd(`bob-skill-${i}`, 'category: paging\n') });
    const page1 = await as('bob', 'GET', '/api/skills/configs?category=paging&page_size=2');
    expect(page1.body).toMatchObject({ total: 5, page: 1, page_size: 2, has_more: true });
    expect(page1.body.configs.map((c: any) => c.name)).toEqual(['bob-skill-0', 'bob-skill-1']);
    const page3 = await as('bob', 'GET', '/api/skills/configs?category=paging&page_size=2&page=3');
    expect(page3.body).toMatchObject({ has_more: false });
    expect(page3.body.configs).toHaveLength(1);
    expect((await as('bob', 'GET', '/api/skills/configs?q=skill-3')).body.configs.map((c: any) => c.name)).toEqual(['bob-skill-3']);
    expect((await as('bob', 'GET', '/api/skills/configs?owner_id=bob&category=paging')).body.total).toBe(5);
  });

  it('updates partially with the id in the body or the query, and refuses stale writes', async () => {
    const created = (await as('alice', 'POST', '/api/skills/configs', { skill_content: skillMd('edit-me') })).body;
    const byBody = await as('alice', 'PUT', '/api/skills/configs', { id: created.id, description: 'Second', updated_at: created.updated_at });
    expect(byBody.status).toBe(200);
    expect(byBody.body).toMatchObject({ description: 'Second', revision: 2, name: 'edit-me' });
    expect(byBody.body.skill_content).toContain('# Steps');
    const stale = await as('alice', 'PUT', `/api/skills/configs?id=${created.id}`, { description: 'Third', updated_at: created.updated_at });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'stale_write', current_revision: 2 });
    const staleEtag = await as('alice', 'PUT', `/api/skills/configs?id=${created.id}`, { description: 'Third' }, { 'if-match': '"r1"' });
    expect(staleEtag.status).toBe(409);
    const fresh = await as('alice', 'PUT', `/api/skills/configs?id=${created.id}`, { description: 'Third' }, { 'if-match': '"r2"' });
    expect(fresh.body).toMatchObject({ description: 'Third', revision: 3 });
  });

  it('keeps an earlier version available when the frontmatter version changes', async () => {
    const created = (await as('alice', 'POST', '/api/skills/configs', { skill_content: skillMd('versioned', 'version: "1.0.0"\n', '# One\n'), visibility: 'global' })).body;
    await as('alice', 'PUT', `/api/skills/configs?id=${created.id}`, { skill_content: skillMd('versioned', 'version: "2.0.0"\n', '# Two\n') });
    const versions = await as('carol', 'GET', '/api/v1/skills/versioned/versions');
    expect(versions.body.versions.map((v: any) => v.version)).toEqual(['2.0.0', '1.0.0']);
    expect((await as('carol', 'GET', '/api/v1/skills/versioned@1.0.0')).body.skill.content).toBe('# One\n');
    expect((await as('carol', 'GET', '/api/v1/skills/versioned')).body.skill.content).toBe('# Two\n');
  });

  it('deletes, after which the id is unknown and the catalog forgets it', async () => {
    const created = (await as('alice', 'POST', '/api/skills/configs', { skill_content: skillMd('short-lived') })).body;
    expect((await as('alice', 'DELETE', `/api/skills/configs?id=${created.id}`)).status).toBe(204);
    expect((await as('alice', 'GET', `/api/skills/configs?id=${created.id}`)).status).toBe(404);
    expect((await as('alice', 'GET', '/api/v1/skills/short-lived')).status).toBe(404);
    expect((await as('alice', 'DELETE', `/api/skills/configs?id=${created.id}`)).status).toBe(404);
  });
});

describe('bad input', () => {
  const count = async () => (await as('owner', 'GET', '/api/skills/configs?page_size=100')).body.total as number;

  it('answers each with a 4xx that says what to fix, and writes nothing', async () => {
    const before = await count();
    const audits = (await as('owner', 'GET', '/api/audit?action=skill_config.create&limit=500')).body.entries.length;
    const cases: Array<[string, unknown, number, RegExp]> = [
      ['huge content', { skill_content: skillMd('huge', '', 'x'.repeat(5 * 1024 * 1024)) }, 413, /1 MB/],
      ['invalid YAML', { skill_content: '---\nname: broken\ndescription: [oops\n---\n# Body\n' }, 400, /line 3: frontmatter: invalid YAML/],
      ['no name', { skill_content: '---\ndescription: nameless\n---\n# Body\n' }, 400, /name/],
      ['empty body', { skill_content: '---\nname: empty\ndescription: x\n---\n' }, 400, /instructions/],
      ['nothing at all', {}, 400, /skill_content .* or name, description and tasks/],
      ['no tasks', { name: 'x', description: 'y' }, 400, /tasks/],
      ['traversal', { skill_content: skillMd('files-a'), ancillary_files: { '../escape.md': 'x' } }, 400, /not allowed/],
      ['absolute path', { skill_content: skillMd('files-b'), ancillary_files: { '/etc/passwd': 'x' } }, 400, /not allowed/],
      ['SKILL.md as a file', { skill_content: skillMd('files-c'), ancillary_files: { 'SKILL.md': 'x' } }, 400, /skill_content/],
      ['team without teams', { skill_content: skillMd('team-a'), visibility: 'team' }, 400, /shared_with_teams/],
      ['foreign team', { skill_content: skillMd('team-b'), visibility: 'team', shared_with_teams: ['nope'] }, 400, /unknown team/],
      ['unknown field', { skill_content: skillMd('extra'), colour: 'red' }, 400, /colour|additional/],
      ['wrong type', { skill_content: 42 }, 400, /skill_content/],
    ];
    for (const [label, body, status, message] of cases) {
      const res = await as('alice', 'POST', '/api/skills/configs', body);
      expect(res.status, label).toBe(status);
      expect(res.body.error, label).toMatch(message);
    }
    const invalid = await as('alice', 'POST', '/api/skills/configs', { skill_content: '---\nname: broken\ndescription: [oops\n---\n# Body\n' });
    expect(invalid.body.details[0]).toMatchObject({ line: 3, field: 'frontmatter' });
    expect(await count()).toBe(before);
    expect((await as('owner', 'GET', '/api/audit?action=skill_config.create&limit=500')).body.entries.length).toBe(audits);
  });

  it('refuses a second skill of the same name for one owner, but not for another', async () => {
    expect((await as('carol', 'POST', '/api/skills/configs', { skill_content: skillMd('dupe') })).status).toBe(201);
    const again = await as('carol', 'POST', '/api/skills/configs', { skill_content: skillMd('dupe') });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/already have a skill named "dupe"/);
    expect((await as('bob', 'POST', '/api/skills/configs', { skill_content: skillMd('dupe') })).status).toBe(201);
  });

  it('refuses changes to id or owner, unknown ids, and oversized pages', async () => {
    const mine = (await as('carol', 'POST', '/api/skills/configs', { skill_content: skillMd('fixed-identity') })).body;
    expect((await as('carol', 'PUT', `/api/skills/configs?id=${mine.id}`, { id: 'skill-other-000000' })).body.error).toMatch(/id cannot be changed/);
    expect((await as('carol', 'PUT', `/api/skills/configs?id=${mine.id}`, { owner_id: 'bob' })).body.error).toMatch(/owner_id cannot be changed/);
    expect((await as('carol', 'PUT', '/api/skills/configs', { description: 'x' })).status).toBe(400);
    expect((await as('carol', 'GET', '/api/skills/configs?id=skill-nothing-000000')).status).toBe(404);
    expect((await as('carol', 'PUT', '/api/skills/configs?id=skill-nothing-000000', { description: 'x' })).status).toBe(404);
    expect((await as('carol', 'GET', '/api/skills/configs?page_size=10000')).status).toBe(400);
    expect((await as('carol', 'GET', '/api/skills/configs/revisions?id=skill-nothing-000000')).status).toBe(404);
    expect((await as('carol', 'GET', '/api/skills/configs?id=fixed-identity')).status).toBe(404);
    expect((await as('carol', 'GET', `/api/skills/configs?id=${mine.id}`)).body.owner_id).toBe('carol');
  });
});

describe('visibility', () => {
  it('shows private, team and global skills to exactly the right callers, and hides the rest as 404', async () => {
    const ids: Record<string, string> = {};
    for (const [visibility, extra] of [['private', {}], ['team', { shared_with_teams: ['platform'] }], ['global', {}]] as const) {
      const res = await as('alice', 'POST', '/api/skills/configs', { skill_content: skillMd(`vis-${visibility}`), visibility, ...extra });
      expect(res.status, visibility).toBe(201);
      ids[visibility] = res.body.id;
    }
    const callers = ['alice', 'bob', 'carol', 'dora', 'anonymous'] as const; // owner, teammate, outsider, admin, anonymous
    const expected: Record<string, Record<(typeof callers)[number], number>> = {
      private: { alice: 200, bob: 404, carol: 404, dora: 200, anonymous: 404 },
      team: { alice: 200, bob: 200, carol: 404, dora: 200, anonymous: 404 },
      global: { alice: 200, bob: 200, carol: 200, dora: 200, anonymous: 200 },
    };
    for (const visibility of Object.keys(expected)) {
      for (const caller of callers) {
        const config = await as(caller, 'GET', `/api/skills/configs?id=${ids[visibility]}`);
        const catalog = await as(caller, 'GET', `/api/v1/skills/vis-${visibility}`);
        expect([visibility, caller, config.status]).toEqual([visibility, caller, expected[visibility]![caller]]);
        expect([visibility, caller, catalog.status]).toEqual([visibility, caller, expected[visibility]![caller]]);
      }
    }
    const carolList = (await as('carol', 'GET', '/api/v1/skills')).body.skills.map((s: any) => s.name);
    expect(carolList).toContain('vis-global');
    expect(carolList).not.toContain('vis-private');
    expect(carolList).not.toContain('vis-team');
  });

  it('lets owners and admins write, teammates only read', async () => {
    const team = (await as('alice', 'POST', '/api/skills/configs', { skill_content: skillMd('team-write'), visibility: 'team', shared_with_teams: ['platform'] })).body;
    expect((await as('bob', 'PUT', `/api/skills/configs?id=${team.id}`, { description: 'bob was here' })).status).toBe(403);
    expect((await as('vic', 'POST', '/api/skills/configs', { skill_content: skillMd('viewer-write') })).status).toBe(403);
    expect((await as('dora', 'PUT', `/api/skills/configs?id=${team.id}`, { description: 'admin edit' })).status).toBe(200);
    expect((await as('alice', 'PUT', `/api/skills/configs?id=${team.id}`, { visibility: 'private' })).body).toMatchObject({ visibility: 'private', shared_with_teams: [] });
    expect((await as('bob', 'GET', `/api/skills/configs?id=${team.id}`)).status).toBe(404);
  });
});

describe('revisions', () => {
  it('records every change and restores an earlier revision as a new one', async () => {
    const created = (await as('alice', 'POST', '/api/skills/configs', { skill_content: skillMd('history', '', '# First\n') })).body;
    await as('alice', 'PUT', `/api/skills/configs?id=${created.id}`, { skill_content: skillMd('history', '', '# Second\n') });
    await as('alice', 'PUT', `/api/skills/configs?id=${created.id}`, { skill_content: skillMd('history', '', '# Third\n') });
    const revisions = (await as('alice', 'GET', `/api/skills/configs/revisions?id=${created.id}`)).body;
    expect(revisions.revisions.map((r: any) => [r.revision, r.action])).toEqual([[3, 'update'], [2, 'update'], [1, 'create']]);
    const restored = await as('alice', 'POST', '/api/skills/configs/restore', { id: created.id, revision: 1 });
    expect(restored.body).toMatchObject({ revision: 4 });
    expect(restored.body.skill_content).toContain('# First');
    expect((await as('alice', 'GET', '/api/v1/skills/history')).body.skill.content).toBe('# First\n');
    expect((await as('alice', 'GET', `/api/skills/configs/revisions?id=${created.id}`)).body.revisions[0]).toMatchObject({ revision: 4, action: 'restore' });
    expect((await as('alice', 'POST', '/api/skills/configs/restore', { id: created.id, revision: 99 })).status).toBe(404);
  });
});

describe('templates and seeding', () => {
  it('lists at least 12 packaged templates with their metadata', async () => {
    const { body } = await as('carol', 'GET', '/api/skills/templates');
    expect(body.count).toBeGreaterThanOrEqual(12);
    for (const template of body.templates) {
      expect(template).toMatchObject({ id: expect.any(String), title: expect.any(String), category: expect.any(String), icon: expect.any(String) });
      expect(template.input_variables.length).toBeGreaterThan(0);
    }
    expect(body.templates.map((t: any) => t.id)).toEqual(expect.arrayContaining(['incident-postmortem-report', 'code-review', 'release-notes', 'runbook']));
  });

  it('imports idempotently, reports unknown ids, and needs one of its two fields', async () => {
    const first = await as('owner', 'POST', '/api/skills/templates/import', { template_ids: ['incident-postmortem-report', 'no-such-template'] });
    expect(first.status).toBe(200);
    expect(first.body.imported).toEqual([{ id: expect.stringMatching(/^skill-incident-postmortem-report-/), template_source_id: 'incident-postmortem-report' }]);
    expect(first.body.errors).toEqual([{ template_source_id: 'no-such-template', error: 'unknown template id' }]);
    const again = await as('owner', 'POST', '/api/skills/templates/import', { template_ids: ['incident-postmortem-report'] });
    expect(again.body).toEqual({ imported: [], skipped: [{ template_source_id: 'incident-postmortem-report', reason: 'already_imported' }], errors: [] });
    expect((await as('owner', 'POST', '/api/skills/templates/import', {})).status).toBe(400);
    expect((await as('alice', 'POST', '/api/skills/templates/import', { import_all: true })).status).toBe(403);

    const status = (await as('owner', 'GET', '/api/skills/seed')).body;
    expect(status).toMatchObject({ needsSeeding: true, existingCount: 1 });
    const seeded = (await as('owner', 'POST', '/api/skills/seed')).body;
    expect(seeded.imported.length).toBe(status.templateCount - 1);
    expect((await as('owner', 'GET', '/api/skills/seed')).body).toMatchObject({ needsSeeding: false, existingCount: status.templateCount });

    const row = (await as('carol', 'GET', `/api/skills/configs?id=${first.body.imported[0].id}`)).body;
    expect(row).toMatchObject({ is_system: true, visibility: 'global', template_source_id: 'incident-postmortem-report' });
    // Built-in rows are read-only except for owners.
    expect((await as('dora', 'PUT', `/api/skills/configs?id=${row.id}`, { description: 'admin edit' })).status).toBe(403);
    expect((await as('owner', 'PUT', `/api/skills/configs?id=${row.id}`, { description: 'owner edit' })).status).toBe(200);
  });

  it('seeds a fresh server by itself unless SKILLPORT_AUTO_SEED=false', async () => {
    const fresh = await startServer({ env: { SKILLPORT_AUTO_SEED: 'true' } });
    try {
      const { body } = await fresh.call('GET', '/api/skills/seed').then(async (r) => ({ body: (await r.json()) as Record<string, any> }));
      expect(body).toMatchObject({ needsSeeding: false });
      expect(body.existingCount).toBeGreaterThanOrEqual(12);
    } finally {
      await fresh.close();
    }
  });
});

describe('legacy paths and source control', () => {
  it('answers every /api/agent-skills request with 410 and the replacement', async () => {
    for (const [method, path] of [['GET', '/api/agent-skills'], ['POST', '/api/agent-skills'], ['DELETE', '/api/agent-skills/abc?id=1'], ['PUT', '/api/agent-skills/x/y']]) {
      const res = await as('anonymous', method!, path!);
      expect(res.status).toBe(410);
      expect(res.body).toMatchObject({ code: 'gone', replacement: '/api/skills/configs' });
    }
  });

  it('reloads sources for admins only and reports their state', async () => {
    expect((await as('anonymous', 'POST', '/skills/refresh')).status).toBe(401);
    expect((await as('alice', 'POST', '/skills/refresh')).status).toBe(403);
    const refreshed = await as('owner', 'POST', '/skills/refresh?include_hubs=true');
    expect(refreshed.body).toMatchObject({ status: 'ok', generation: expect.any(Number) });
    expect(refreshed.body.skills_loaded_count).toBeGreaterThan(10);
    const status = (await as('alice', 'GET', '/skills/status')).body;
    expect(status.sources.map((s: any) => s.source).sort()).toEqual(['config', 'filesystem', 'hub']);
    expect(status.generation).toBeGreaterThanOrEqual(refreshed.body.generation);
    expect(status.scanning).toMatchObject({ pending: expect.any(Number), scanned: expect.any(Number), running: expect.any(Boolean) });
  });
});
