import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_KEY, startServer, waitFor, type TestServer } from './helpers/server.js';

const skill = (fields: Record<string, unknown>, body = '# Instructions\n\nDo the work carefully.\n') =>
  `---\n${Object.entries(fields)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n')}\n---\n\n${body}`;

const FILES: Record<string, string> = {
  'research/deep-research.md': skill({ name: 'deep-research', version: '1.1.0', category: 'research', description: 'Research with citations', requires_tools: ['web_search', 'web_fetch'], budget_max: 50000, requires_role: 'research', reviewed_by: 'platform-team' }, '# Deep Research Skill\n\nYou are a research agent.\n'),
  'research/deep-research-old.md': skill({ name: 'deep-research', version: '1.0.0', description: 'Older research skill' }),
  'development/code-review.md': skill({ name: 'code-review', version: '1.2.0', description: 'Review code', requires_tools: ['file_read'] }),
  'development/code-review-next.md': skill({ name: 'code-review', version: '2.0.0-beta.1', description: 'Next review', enabled: false }),
  'development/code-review-ancient.md': skill({ name: 'code-review', version: '0.9.0', description: 'Old review' }),
  'legacy/retired.md': skill({ name: 'retired', version: '1.0.0', description: 'Old', enabled: false }),
  'legacy/retired-2.md': skill({ name: 'retired', version: '2.0.0', description: 'Newer but off', enabled: false }),
  'incident-triage/SKILL.md': skill({ name: 'incident-triage', description: 'Triage incidents', 'allowed-tools': 'Read Grep Bash(git log:*)' }),
  'incident-triage/references/severity.md': '# Severity matrix\n',
  'analysis/broken.md': '---\nname: broken\ndescription: [unclosed\n---\nbody\n',
  'analysis/dup-a.md': skill({ name: 'dup', version: '1.0.0', description: 'A' }),
  'analysis/dup-b.md': skill({ name: 'dup', version: '1.0.0', description: 'B' }),
  'README.md': '# Our skills\n\nNot a skill.\n',
};

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  for (const [file, text] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(server.skillsDir, file)), { recursive: true });
    await writeFile(path.join(server.skillsDir, file), text);
  }
  await server.app.sources[0]!.reload();
});
afterAll(() => server.close());

const json = async (pathname: string) => {
  const res = await server.get(pathname);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('GET /api/v1/skills', () => {
  it('lists one entry per name, at the version a bare name resolves to', async () => {
    const { status, body } = await json('/api/v1/skills');
    expect(status).toBe(200);
    const names = body.skills.map((s: any) => `${s.name}@${s.version}`);
    expect(names).toEqual(['code-review@1.2.0', 'deep-research@1.1.0', 'dup@1.0.0', 'incident-triage@1.0.0', 'retired@2.0.0']);
    expect(body.count).toBe(5);
    expect(body.categories).toEqual(['analysis', 'development', 'legacy', 'research', 'uncategorized']);
    expect(Object.keys(body.skills[1]).sort()).toEqual(
      ['author', 'budget_max', 'category', 'dangerous', 'description', 'enabled', 'name', 'requires_role', 'requires_tools', 'source', 'version'].sort(),
    );
  });

  it('filters by category and always answers with an array', async () => {
    const research = await json('/api/v1/skills?category=research');
    expect(research.body.skills.map((s: any) => s.name)).toEqual(['deep-research']);
    expect(research.body.categories).toContain('development');
    const none = await json('/api/v1/skills?category=nothing-here');
    expect(none.body).toMatchObject({ skills: [], count: 0 });
  });

  it('rejects a malformed category filter with a 400 that says what is wrong', async () => {
    const { status, body } = await json('/api/v1/skills?category=a&category=b');
    expect(status).toBe(400);
    expect(body.code).toBe('invalid_request');
    expect(body.error).toMatch(/category/);
  });
});

describe('GET /api/v1/skills/{name}', () => {
  it('returns the documented snake_case shape with the body as content', async () => {
    const { status, body } = await json('/api/v1/skills/deep-research');
    expect(status).toBe(200);
    expect(body.skill).toMatchObject({
      name: 'deep-research',
      version: '1.1.0',
      category: 'research',
      description: 'Research with citations',
      content: '# Deep Research Skill\n\nYou are a research agent.\n',
      requires_role: 'research',
      requires_tools: ['web_search', 'web_fetch'],
      dangerous: false,
      enabled: true,
      budget_max: 50000,
    });
    expect(body.skill.frontmatter.reviewed_by).toBe('platform-team');
    const raw = await readFile(path.join(server.skillsDir, 'research/deep-research.md'));
    expect(body.metadata).toMatchObject({
      source_path: 'research/deep-research.md',
      content_hash: `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    });
    expect(new Date(body.metadata.loaded_at).toISOString()).toBe(body.metadata.loaded_at);
  });

  it('resolves name@version exactly, and 1.0 as 1.0.0', async () => {
    expect((await json('/api/v1/skills/deep-research@1.0.0')).body.skill.description).toBe('Older research skill');
    expect((await json('/api/v1/skills/deep-research@1.0')).body.skill.version).toBe('1.0.0');
    expect((await json('/api/v1/skills/code-review@2.0.0-beta.1')).body.skill).toMatchObject({ version: '2.0.0-beta.1', enabled: false });
    expect((await json('/api/v1/skills/deep-research%401.1.0')).body.skill.version).toBe('1.1.0');
  });

  it('skips a disabled higher version, and reports itself disabled when no version is enabled', async () => {
    expect((await json('/api/v1/skills/code-review')).body.skill.version).toBe('1.2.0');
    expect((await json('/api/v1/skills/retired')).body.skill).toMatchObject({ version: '2.0.0', enabled: false });
  });

  it('lists the files beside an Agent Skills SKILL.md', async () => {
    const { body } = await json('/api/v1/skills/incident-triage');
    expect(body.skill.layout).toBe('agent-skills');
    expect(body.skill.allowed_tools).toEqual(['Read', 'Grep', 'Bash(git log:*)']);
    expect(body.skill.files).toEqual([
      { path: 'references/severity.md', size: 18, sha256: createHash('sha256').update('# Severity matrix\n').digest('hex') },
    ]);
  });

  it('answers 404 {"error":"Skill not found"} for unknown names and versions', async () => {
    for (const p of ['/api/v1/skills/nope', '/api/v1/skills/deep-research@9.9.9', '/api/v1/skills/deep-research@', '/api/v1/skills/deep-research@abc']) {
      const { status, body } = await json(p);
      expect(status, p).toBe(404);
      expect(body).toEqual({ error: 'Skill not found', code: 'skill_not_found' });
    }
  });

  it('never answers odd names with a 5xx', async () => {
    const odd = ['%00', '..%2F..%2Fetc%2Fpasswd', '..', '%2e%2e', 'a'.repeat(5000), '%E0%A4%A', '%ZZ', '%F0%9F%98%80', 'name%0Aline', '@', '@1.0.0', 'x@@y', '%C0%AE%C0%AE'];
    for (const name of odd) {
      for (const suffix of ['', '/versions']) {
        const res = await server.get(`/api/v1/skills/${name}${suffix}`);
        expect([400, 404], `${name}${suffix}`).toContain(res.status);
        const body = (await res.json()) as Record<string, unknown>;
        expect(typeof body.error).toBe('string');
        expect(typeof body.code).toBe('string');
      }
    }
  });
});

describe('GET /api/v1/skills/{name}/versions', () => {
  it('lists every version newest first, a prerelease below nothing it precedes', async () => {
    const { status, body } = await json('/api/v1/skills/code-review/versions');
    expect(status).toBe(200);
    expect(body.name).toBe('code-review');
    expect(body.versions.map((v: any) => v.version)).toEqual(['2.0.0-beta.1', '1.2.0', '0.9.0']);
    expect(body.versions[0].enabled).toBe(false);
    expect(body.count).toBe(3);
  });

  it('answers 404 for an unknown skill', async () => {
    expect((await json('/api/v1/skills/nope/versions')).status).toBe(404);
  });
});

describe('load errors and conflicts', () => {
  it('reports the bad file with its line, and the duplicate name@version, while serving the rest', async () => {
    const { status, body } = await json('/api/v1/skills/_errors');
    expect(status).toBe(200);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ file: 'analysis/broken.md', serving_previous_version: false });
    expect(body.errors[0].diagnostics[0]).toMatchObject({ severity: 'error', code: 'yaml_syntax', file: 'analysis/broken.md' });
    expect(body.errors[0].diagnostics[0].line).toBeGreaterThanOrEqual(3);
    expect(body.conflicts).toEqual([
      {
        name: 'dup',
        version: '1.0.0',
        served: expect.objectContaining({ source_path: 'analysis/dup-a.md' }),
        shadowed: [expect.objectContaining({ source_path: 'analysis/dup-b.md' })],
      },
    ]);
    expect((await json('/api/v1/skills/dup')).body.skill.description).toBe('A');
  });
});

describe('HTTP behaviour', () => {
  it('answers If-None-Match with 304 and a changed skill with a new ETag', async () => {
    const first = await server.get('/api/v1/skills/code-review');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await server.get('/api/v1/skills/code-review', { 'if-none-match': etag!, 'x-api-key': OWNER_KEY });
    expect(again.status).toBe(304);
    const list = await server.get('/api/v1/skills');
    expect(list.headers.get('etag')).not.toBe(etag);
  });

  it('compresses when asked', async () => {
    const res = await new Promise<IncomingMessage>((resolve, reject) =>
      httpGet(server.url + '/api/v1/skills', { headers: { 'accept-encoding': 'gzip', 'x-api-key': OWNER_KEY } }, resolve).on('error', reject),
    );
    expect(res.headers['content-encoding']).toBe('gzip');
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const body = JSON.parse(gunzipSync(Buffer.concat(chunks)).toString()) as { count: number };
    expect(body.count).toBe(5);
  });

  it('echoes a caller request id, makes one otherwise, and logs one structured line per request', async () => {
    const given = await server.get('/healthz', { 'x-request-id': 'trace-abc-123' });
    expect(given.headers.get('x-request-id')).toBe('trace-abc-123');
    const made = await server.get('/healthz', { 'x-request-id': 'bad id with spaces' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const line = server.logs.find((l) => l.reqId === 'trace-abc-123');
    expect(line).toMatchObject({ msg: 'request', method: 'GET', path: '/healthz', status: 200 });
  });

  it('serves health, readiness and a valid OpenAPI 3.1 document', async () => {
    expect((await json('/healthz')).body.status).toBe('ok');
    expect((await json('/readyz')).body).toMatchObject({ status: 'ready', skills: 5 });
    const doc = (await json('/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/skills', '/api/v1/skills/{ref}', '/api/v1/skills/{name}/versions']));
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
  });

  it('answers unknown routes with the error envelope', async () => {
    const { status, body } = await json('/api/v1/nothing');
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: 'Not found', code: 'not_found' });
  });
});

describe('live reload through the API', () => {
  it('shows an edit, keeps the last good version over a bad edit, and drops a deleted file', async () => {
    const file = path.join(server.skillsDir, 'development/code-review.md');
    await writeFile(file, skill({ name: 'code-review', version: '1.2.0', description: 'Edited review' }));
    await waitFor(async () => (await json('/api/v1/skills/code-review')).body.skill.description === 'Edited review', 1000);

    await writeFile(file, '---\nname: code-review\nversion: [\n---\n');
    await waitFor(async () => (await json('/api/v1/skills/_errors')).body.errors.some((e: any) => e.file === 'development/code-review.md'), 1000);
    const errors = (await json('/api/v1/skills/_errors')).body.errors;
    expect(errors.find((e: any) => e.file === 'development/code-review.md').serving_previous_version).toBe(true);
    expect((await json('/api/v1/skills/code-review')).body.skill.description).toBe('Edited review');

    await rm(file);
    await waitFor(async () => (await json('/api/v1/skills/code-review')).body.skill.version === '0.9.0', 1000);
  });
});
