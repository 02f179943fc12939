import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_KEY, startServer, waitFor, type TestServer } from './helpers/server.js';

const skill = (fields: Record<string, unknown>, body: string) =>
  `---\n${Object.entries(fields)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n')}\n---\n\n${body}`;

const CATEGORIES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
const GENERATED = 250;
const pad = (i: number) => String(i).padStart(3, '0');

/** 250 generated flat skills, a few hand-written ones for ranking, an older version and a conflict. */
function corpus(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < GENERATED; i++) {
    const category = CATEGORIES[i % CATEGORIES.length]!;
    const name = `skill-${pad(i)}`;
    files[`${category}/${name}.md`] = skill(
      {
        name,
        version: '1.0.0',
        description: `Generated skill number ${i} for the ${category} team`,
        metadata: { tags: ['common', `group-${i % 5}`, i % 2 === 0 ? 'even' : 'odd'] },
      },
      `# Skill ${i}\n\nFollow the procedure step by step.\n\n${'Check the inputs, then report the result. '.repeat(1 + (i % 7))}\n`,
    );
  }
  files['alpha/skill-000-old.md'] = skill({ name: 'skill-000', version: '0.9.0', description: 'Older release', metadata: { tags: ['common', 'group-0', 'even'] } }, '# Old\n\nFollow the old procedure.\n');
  files['ops/deploy.md'] = skill({ name: 'deploy', version: '2.0.0', description: 'Ship a build to production', metadata: { tags: ['ops'] } }, '# Deploy\n\nShip it.\n');
  files['ops/deployment-checklist.md'] = skill({ name: 'deployment-checklist', version: '1.0.0', description: 'What to verify before going live' }, '# Checklist\n\nVerify everything.\n');
  files['ops/release-notes.md'] = skill({ name: 'release-notes', version: '1.0.0', description: 'Write notes after each deploy' }, '# Release notes\n\nSummarise the changes.\n');
  files['ops/kubernetes-rollout.md'] = skill({ name: 'kubernetes-rollout', version: '1.0.0', description: 'Roll pods over gradually', metadata: { tags: ['deploy', 'k8s'] } }, '# Rollout\n\nWatch the pods.\n');
  files['ops/incident-review.md'] = skill(
    { name: 'incident-review', version: '1.0.0', description: 'Look back at an outage' },
    `# Incident review\n\n${'Collect the timeline and talk to the people involved. '.repeat(20)}\nCheck whether the last deploy caused it. Note anything zygomorphic.\n`,
  );
  files['ops/code-review.md'] = skill({ name: 'code-review', version: '1.0.0', description: 'Review a change' }, '# Code review\n\nRead the diff.\n');
  files['ops/review-code-owners.md'] = skill({ name: 'review-code-owners', version: '1.0.0', description: 'Code review of the owners file' }, '# Owners\n\nCode review the code owners, review twice.\n');
  // Two files claiming dup@1.0.0: one is served, the other reported as a conflict.
  files['ops/dup-a.md'] = skill({ name: 'dup', version: '1.0.0', description: 'A' }, '# A\n\nA.\n');
  files['ops/dup-b.md'] = skill({ name: 'dup', version: '1.0.0', description: 'B' }, '# B\n\nB.\n');
  return files;
}

const FILES = corpus();
/** Distinct names served at start. */
const INITIAL_NAMES = [...new Set(Object.values(FILES).map((text) => /^name: "([^"]+)"/m.exec(text)![1]!))].sort();

let server: TestServer;
let fixtures: string;

beforeAll(async () => {
  fixtures = await mkdtemp(path.join(os.tmpdir(), 'skillport-catalog-'));
  for (const [file, text] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(fixtures, file)), { recursive: true });
    await writeFile(path.join(fixtures, file), text);
  }
  server = await startServer({ from: fixtures });
  await server.app.scanning.background.idle();
});
afterAll(async () => {
  await server?.close();
  await rm(fixtures, { recursive: true, force: true });
});

const get = async (pathname: string) => {
  const res = await server.get(pathname);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};
const list = async (query: string) => {
  const { status, body } = await get(`/api/skills${query ? `?${query}` : ''}`);
  expect(status, `${query}: ${JSON.stringify(body)}`).toBe(200);
  return body as { skills: Array<Record<string, any>>; meta: Record<string, any> };
};
const names = (body: { skills: Array<Record<string, any>> }) => body.skills.map((s) => s.name as string);

/** Writes a new flat skill and waits until the catalog serves it. */
async function addSkill(name: string, body = '# New\n\nFollow the procedure.\n'): Promise<void> {
  await mkdir(path.join(server.skillsDir, 'late'), { recursive: true });
  await writeFile(path.join(server.skillsDir, 'late', `${name}.md`), skill({ name, version: '1.0.0', description: 'Added during a walk', metadata: { tags: ['late'] } }, body));
  await waitFor(async () => (await server.get(`/api/v1/skills/${name}`)).status === 200, 5000);
}

describe('GET /api/skills: shape', () => {
  it('answers one item per name, ordered by name, with the documented fields and meta', async () => {
    const body = await list('page_size=5');
    expect(names(body)).toEqual(INITIAL_NAMES.slice(0, 5));
    const first = body.skills.find((s) => s.name === 'code-review')!;
    expect(Object.keys(first).sort()).toEqual(
      ['id', 'name', 'version', 'description', 'category', 'source', 'source_id', 'owner_id', 'visibility', 'metadata', 'tags', 'versions_count', 'content_hash', 'updated_at', 'scan_status', 'max_severity', 'quarantined', 'runnable', 'blocked_reason', 'quarantine_note'].sort(),
    );
    expect(first).toMatchObject({
      name: 'code-review',
      version: '1.0.0',
      description: 'Review a change',
      category: 'ops',
      source: 'filesystem',
      owner_id: null,
      visibility: 'global',
      tags: [],
      versions_count: 1,
      scan_status: 'passed',
      quarantined: false,
      runnable: true,
      blocked_reason: null,
    });
    expect(first.id).toBe(`filesystem:${first.source_id}`);
    expect(first.source_id).toMatch(/ops\/code-review\.md$/);
    expect(first.content_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(new Date(first.updated_at).toISOString()).toBe(first.updated_at);

    expect(body.meta).toMatchObject({
      total: INITIAL_NAMES.length,
      page: 1,
      page_size: 5,
      has_more: true,
      unavailable_sources: [],
    });
    expect(body.meta.sources_loaded).toContain('filesystem');
    expect(typeof body.meta.next_cursor).toBe('string');
    expect(body.meta.generation).toBeGreaterThan(0);
    expect(body.meta.conflicts).toEqual([
      expect.objectContaining({ name: 'dup', version: '1.0.0', served: expect.objectContaining({ source_path: 'ops/dup-a.md' }) }),
    ]);
  });

  it('lists the version a bare name resolves to, with how many versions exist, and tags and metadata as written', async () => {
    const body = await list('tags=group-0&page_size=1');
    expect(body.skills[0]).toMatchObject({ name: 'skill-000', version: '1.0.0', versions_count: 2, tags: ['common', 'group-0', 'even'] });
    expect(body.skills[0]!.metadata).toEqual({ tags: ['common', 'group-0', 'even'] });
  });

  it('includes the body only when include_content=true', async () => {
    const withContent = await list('include_content=true&page_size=3&category=ops');
    expect(withContent.skills[0]!.content).toBe('# Code review\n\nRead the diff.\n');
    for (const item of withContent.skills) expect(typeof item.content).toBe('string');
    const without = await list('include_content=false&page_size=3&category=ops');
    for (const item of without.skills) expect(item).not.toHaveProperty('content');
  });

  it('answers If-None-Match with 304 while nothing changed', async () => {
    const first = await server.get('/api/skills?category=beta');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await server.get('/api/skills?category=beta', { 'x-api-key': OWNER_KEY, 'if-none-match': etag! });
    expect(again.status).toBe(304);
  });
});

describe('GET /api/skills: filters', () => {
  it('filters by source', async () => {
    expect((await list('source=filesystem')).meta.total).toBe(INITIAL_NAMES.length);
    expect(await list('source=config')).toMatchObject({ skills: [], meta: { total: 0, has_more: false, next_cursor: null } });
    expect((await get('/api/skills?source=ftp')).status).toBe(400);
  });

  it('filters by category', async () => {
    const beta = await list('category=beta&page_size=100');
    expect(beta.meta.total).toBe(GENERATED / CATEGORIES.length);
    expect(beta.skills.every((s) => s.category === 'beta')).toBe(true);
    expect((await list('category=nothing-here')).meta.total).toBe(0);
  });

  it('filters by tags: every listed tag, case-insensitively', async () => {
    expect((await list('tags=common')).meta.total).toBe(GENERATED);
    const both = await list('tags=common,group-1&page_size=100');
    expect(both.meta.total).toBe(GENERATED / 5);
    expect(both.skills.every((s) => s.tags.includes('group-1'))).toBe(true);
    expect((await list('tags=COMMON,%20Group-1%20')).meta.total).toBe(GENERATED / 5);
    expect((await list('tags=common,group-1,odd')).meta.total).toBe(GENERATED / 10);
    expect((await list('tags=common,no-such-tag')).meta.total).toBe(0);
    expect(names(await list('tags=deploy'))).toEqual(['kubernetes-rollout']);
  });

  it('filters by visibility, scan status and quarantine', async () => {
    expect((await list('visibility=global')).meta.total).toBe(INITIAL_NAMES.length);
    expect((await list('visibility=private')).meta.total).toBe(0);
    expect((await list('scan_status=passed')).meta.total).toBe(INITIAL_NAMES.length);
    expect((await list('scan_status=unscanned')).meta.total).toBe(0);
    expect((await list('quarantine=include')).meta.total).toBe(INITIAL_NAMES.length);
    expect((await list('quarantine=exclude')).meta.total).toBe(INITIAL_NAMES.length);
    expect((await list('quarantine=only')).meta.total).toBe(0);
    for (const bad of ['visibility=public', 'scan_status=clean', 'quarantine=maybe', 'include_content=perhaps']) {
      const { status, body } = await get(`/api/skills?${bad}`);
      expect(status, bad).toBe(400);
      expect(body.error).toMatch(new RegExp(bad.split('=')[0]!));
    }
  });
});

describe('GET /api/skills: search', () => {
  it('ranks an exact name match first, then name, tag, description and body matches', async () => {
    const body = await list('q=deploy');
    const found = names(body);
    expect(found[0]).toBe('deploy');
    expect(found).toEqual(expect.arrayContaining(['deployment-checklist', 'kubernetes-rollout', 'release-notes', 'incident-review']));
    expect(found.indexOf('kubernetes-rollout')).toBeLessThan(found.indexOf('release-notes'));
    expect(found.indexOf('release-notes')).toBeLessThan(found.indexOf('incident-review'));
    expect(body.meta.total).toBe(found.length);
  });

  it('matches the last word as a prefix', async () => {
    const found = names(await list('q=deplo'));
    expect(found).toEqual(expect.arrayContaining(['deploy', 'deployment-checklist', 'kubernetes-rollout', 'release-notes', 'incident-review']));
    expect(found).toHaveLength(5);
  });

  it('finds a word that only occurs in a body, and treats the query case-insensitively', async () => {
    expect(names(await list('q=zygomorphic'))).toEqual(['incident-review']);
    expect(names(await list('q=ZYGOMORPHIC'))).toEqual(['incident-review']);
  });

  it('takes an exact name written with spaces as that name', async () => {
    const found = names(await list('q=code%20review'));
    expect(found[0]).toBe('code-review');
    expect(found).toContain('review-code-owners');
  });

  it('answers no match with an empty page', async () => {
    expect(await list('q=qqqxxyzz')).toMatchObject({ skills: [], meta: { total: 0, has_more: false, next_cursor: null } });
  });

  it('combines search with filters', async () => {
    const found = names(await list('q=procedure&category=gamma&page_size=100'));
    expect(found).toHaveLength(GENERATED / CATEGORIES.length);
    expect(found.every((name) => name.startsWith('skill-'))).toBe(true);
  });
});

describe('GET /api/skills: offset paging and validation', () => {
  it('pages with page and page_size', async () => {
    const second = await list('page=2&page_size=10');
    expect(names(second)).toEqual(INITIAL_NAMES.slice(10, 20));
    expect(second.meta).toMatchObject({ page: 2, page_size: 10, has_more: true });
    const beyond = await list('page=1000&page_size=10');
    expect(beyond).toMatchObject({ skills: [], meta: { has_more: false, next_cursor: null } });
    const defaults = await list('');
    expect(defaults.skills).toHaveLength(20);
    expect(defaults.meta.page_size).toBe(20);
  });

  it('refuses out-of-range and malformed paging with a 400 that names the field', async () => {
    for (const bad of ['page_size=1000', 'page_size=0', 'page_size=101', 'page=0', 'page=-1', 'page_size=abc', 'page_size=1&page_size=2']) {
      const { status, body } = await get(`/api/skills?${bad}`);
      expect(status, bad).toBe(400);
      expect(body.code).toBe('invalid_request');
      expect(body.error, bad).toMatch(/page/);
    }
  });

  it('refuses unknown query fields, naming them', async () => {
    const { status, body } = await get('/api/skills?color=blue&q=deploy');
    expect(status).toBe(400);
    expect(body.code).toBe('invalid_request');
    expect(body.error).toContain('color');
  });
});

describe('GET /api/skills: cursors', () => {
  it('rejects forged, malformed and mismatched cursors with invalid_cursor', async () => {
    const fromQuery = (await list('q=procedure&page_size=3')).meta.next_cursor as string;
    const fromListing = (await list('page_size=3')).meta.next_cursor as string;
    const decoded = JSON.parse(Buffer.from(fromListing, 'base64url').toString()) as Record<string, unknown>;
    const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cases = [
      'cursor=abc',
      `cursor=${Buffer.from('{}').toString('base64')}`,
      `cursor=${forge({})}`,
      `cursor=${forge([1, 2])}`,
      `cursor=${forge({ ...decoded, v: 2 })}`,
      `cursor=${forge({ ...decoded, n: 42 })}`,
      `cursor=${fromListing}%3D`,
      `cursor=${fromQuery}&q=deploy`,
      `cursor=${fromQuery}`,
      `cursor=${fromListing}&q=procedure`,
      `cursor=${fromListing}&category=beta`,
    ];
    for (const query of cases) {
      const { status, body } = await get(`/api/skills?${query}`);
      expect(status, query).toBe(400);
      expect(body.code, query).toBe('invalid_cursor');
      expect(body.error, query).toMatch(/cursor/i);
      expect(typeof body.message).toBe('string');
    }
    // The genuine ones work, and take precedence over page.
    const next = await list(`cursor=${fromListing}&page=5&page_size=3`);
    expect(names(next)).toEqual(INITIAL_NAMES.slice(3, 6));
    expect(next.meta.page).toBeNull();
    expect((await list(`cursor=${fromQuery}&q=procedure&page_size=3`)).skills).toHaveLength(3);
  });

  it('walks every skill exactly once by name while skills are added between pages', { timeout: 60_000 }, async () => {
    const before = await allNames();
    expect(before.length).toBeGreaterThan(GENERATED);
    const seen: string[] = [];
    const mustSee: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body = await list(`page_size=7${cursor ? `&cursor=${cursor}` : ''}`);
      const page = names(body);
      expect(page.length).toBeGreaterThan(0);
      seen.push(...page);
      cursor = body.meta.next_cursor;
      expect(body.meta.has_more).toBe(cursor !== null);
      if (cursor) {
        // One skill right after the position reached (the next page must bring it), and one
        // before everything (the walk must not bring it, nor repeat anything because of it).
        const last = page[page.length - 1]!;
        const after = `${last}-late`;
        await addSkill(after);
        mustSee.push(after);
        if (pages % 3 === 0) await addSkill(`aaa-late-${pages}`);
      }
      pages++;
    } while (cursor);

    expect(new Set(seen).size).toBe(seen.length);
    for (const name of before) expect(seen.filter((s) => s === name), name).toHaveLength(1);
    for (const name of mustSee) expect(seen, name).toContain(name);
    expect(seen.some((name) => name.startsWith('aaa-late-'))).toBe(false);
    expect(seen).toEqual([...seen].sort());
  });

  it('walks every search hit exactly once while matching skills are added between pages', { timeout: 60_000 }, async () => {
    const before = await allNames('q=procedure');
    expect(before.length).toBeGreaterThan(GENERATED);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body = await list(`q=procedure&page_size=7${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...names(body));
      cursor = body.meta.next_cursor;
      if (cursor && pages % 2 === 0) {
        // New matches that rank anywhere: strong, weak and in between.
        const strength = ['procedure procedure procedure', 'procedure', `procedure ${'filler words '.repeat(40)}`][pages % 3]!;
        await addSkill(`procedure-late-${pages}`, `# Late\n\n${strength}\n`);
      }
      pages++;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const name of before) expect(seen.filter((s) => s === name), name).toHaveLength(1);
  });
});

/** Every name a query lists, walked with cursors. */
async function allNames(query = ''): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const body = await list(`${query}${query ? '&' : ''}page_size=100${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...names(body));
    cursor = body.meta.next_cursor;
  } while (cursor);
  return out;
}
