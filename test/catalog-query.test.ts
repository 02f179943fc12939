import { describe, expect, it } from 'vitest';
import { Catalog, GLOBAL_ACCESS, type EntryAccess, type SkillEntry } from '../src/catalog/index.js';
import { CatalogQueryService, type QuarantineView } from '../src/catalog/query.js';
import { ANONYMOUS, type Principal } from '../src/auth/principal.js';
import type { QuarantineDecision } from '../src/scanning/decision.js';
import type { SkillManifest } from '../src/format/index.js';
import { AppError } from '../src/util/app-error.js';

// The query service answers every channel (HTTP, indexes, MCP, ClawHub, the UI) from memory, so
// it is tested here without a server.

function entry(name: string, options: { version?: string; description?: string; body?: string; access?: EntryAccess; tags?: string[] } = {}): SkillEntry {
  const version = options.version ?? '1.0.0';
  const manifest: SkillManifest = {
    name,
    version,
    description: options.description ?? `${name} skill`,
    category: 'general',
    author: null,
    license: null,
    compatibility: null,
    requires_role: null,
    requires_tools: [],
    allowed_tools: [],
    dangerous: false,
    enabled: true,
    budget_max: null,
    metadata: options.tags ? { tags: options.tags } : {},
    frontmatter: { name, version },
  };
  return {
    name,
    version,
    manifest,
    body: options.body ?? `# ${name}\n`,
    contentHash: `sha256:${name.padEnd(64, '0').slice(0, 64)}`,
    warnings: [],
    source: 'filesystem',
    sourceId: `skills:${name}-${version}`,
    sourceOrder: 0,
    updatedAt: '2026-01-01T00:00:00.000Z',
    access: options.access ?? GLOBAL_ACCESS,
    isSystem: false,
    sourcePath: `${name}/SKILL.md`,
    layout: 'agent-skills',
    files: [],
    loadedAt: '2026-01-01T00:00:00.000Z',
  };
}

const passed: QuarantineDecision = { scan_status: 'passed', max_severity: null, quarantined: false, runnable: true, blocked_reason: null, note: null };
const blocked: QuarantineDecision = { scan_status: 'flagged', max_severity: 'CRITICAL', quarantined: true, runnable: false, blocked_reason: 'CRITICAL finding: remote code', note: null };

function service(entries: SkillEntry[], blockedNames: string[] = [], excludeFlagged = false) {
  const catalog = new Catalog();
  catalog.update('test', { entries, errors: [] });
  const view: QuarantineView = {
    decisionFor: (e) => (blockedNames.includes(e.name) ? blocked : passed),
    policy: { exclude_flagged_from_catalog: excludeFlagged },
    generation: 1,
  };
  return { catalog, query: new CatalogQueryService(catalog, view) };
}

const reader: Principal = { kind: 'api_key', id: 'u-reader', role: 'member', scopes: ['skills:read'], teams: ['platform'], keyId: 'k1' };
const admin: Principal = { kind: 'api_key', id: 'u-admin', role: 'admin', scopes: ['skills:read', 'skills:admin', 'admin'], teams: [], keyId: 'k2' };

const refused = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a refusal');
};

describe('catalog query service', () => {
  it('lists one entry per name in name order, paged by offset and by cursor', () => {
    const names = ['delta', 'alpha', 'charlie', 'bravo', 'echo'];
    const { query } = service(names.map((name) => entry(name)));
    const first = query.browse(reader, { pageSize: 2 });
    expect(first.items.map((e) => e.name)).toEqual(['alpha', 'bravo']);
    expect(first.total).toBe(5);
    expect(first.hasMore).toBe(true);
    const second = query.browse(reader, { pageSize: 2, cursor: first.nextCursor! });
    expect(second.items.map((e) => e.name)).toEqual(['charlie', 'delta']);
    expect(second.page).toBeNull();
    expect(query.browse(reader, { pageSize: 2, page: 3 }).items.map((e) => e.name)).toEqual(['echo']);
  });

  it('ranks search hits with an exact name first and refuses a cursor made for another query', () => {
    const { query } = service([entry('deploy'), entry('deploy-helm', { description: 'deploy with helm' }), entry('notes', { body: 'how we deploy' })]);
    const page = query.browse(reader, { q: 'deploy', pageSize: 1 });
    expect(page.items[0]!.name).toBe('deploy');
    expect(page.total).toBe(3);
    const err = refused(() => query.browse(reader, { q: 'helm', pageSize: 1, cursor: page.nextCursor! }));
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe('invalid_cursor');
  });

  it('shows each caller only what it may see', () => {
    const mine = { visibility: 'private' as const, owner_id: 'u-reader', shared_with_teams: [] };
    const others = { visibility: 'private' as const, owner_id: 'u-other', shared_with_teams: [] };
    const team = { visibility: 'team' as const, owner_id: 'u-other', shared_with_teams: ['platform'] };
    const { query } = service([entry('public'), entry('mine', { access: mine }), entry('theirs', { access: others }), entry('team', { access: team })]);
    expect(query.browse(reader).items.map((e) => e.name)).toEqual(['mine', 'public', 'team']);
    expect(query.browse(ANONYMOUS).items).toEqual([]);
    expect(refused(() => query.resolve(reader, 'theirs', 'review')).code).toBe('skill_not_found');
  });

  it('filters by tags and quarantine, and the policy can hide quarantined skills by default', () => {
    const entries = [entry('safe', { tags: ['ops'] }), entry('bad', { tags: ['ops'] }), entry('other')];
    const { query } = service(entries, ['bad']);
    expect(query.browse(reader, { tags: 'OPS' }).items.map((e) => e.name)).toEqual(['bad', 'safe']);
    expect(query.browse(reader, { quarantine: 'only' }).items.map((e) => e.name)).toEqual(['bad']);
    const hiding = service(entries, ['bad'], true).query;
    expect(hiding.browse(reader).items.map((e) => e.name)).toEqual(['other', 'safe']);
  });

  it('never hands a blocked skill out for installing, while admins may still review it', () => {
    const { query } = service([entry('safe'), entry('bad')], ['bad']);
    expect(query.installable(reader).map((e) => e.name)).toEqual(['safe']);
    expect(query.installable(admin).map((e) => e.name)).toEqual(['safe']);
    const err = refused(() => query.resolve(admin, 'bad', 'install'));
    expect(err.statusCode).toBe(403);
    expect(err.code).toBe('skill_quarantined');
    expect(err.message).toContain('CRITICAL finding');
    expect(query.resolve(admin, 'bad', 'review').decision.runnable).toBe(false);
    expect(refused(() => query.resolve(reader, 'bad', 'review')).code).toBe('skill_quarantined');
  });

  it('lists every installable skill with no page cap, and resolves name@version', () => {
    const many = Array.from({ length: 2_500 }, (_, i) => entry(`skill-${String(i).padStart(4, '0')}`));
    const { query } = service([...many, entry('pinned', { version: '2.0.0' }), entry('pinned', { version: '1.0.0' })]);
    expect(query.installable(reader)).toHaveLength(2_501);
    expect(query.resolve(reader, 'pinned', 'install').entry.version).toBe('2.0.0');
    expect(query.resolve(reader, 'pinned@1.0.0', 'install').entry.version).toBe('1.0.0');
    expect(query.versions(reader, 'pinned')?.map((e) => e.version)).toEqual(['2.0.0', '1.0.0']);
  });
});
