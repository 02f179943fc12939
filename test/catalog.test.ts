import { GLOBAL_ACCESS } from '../src/catalog/types.js';
import { describe, expect, it } from 'vitest';
import {
  Catalog,
  CatalogSnapshot,
  SOURCE_PRECEDENCE,
  type CatalogChange,
  type SkillEntry,
  type SourceError,
  type SourceKind,
  type SourceState,
} from '../src/catalog/index.js';
import type { SkillManifest } from '../src/format/index.js';

// ---------------------------------------------------------------------------------------------
// factory

interface EntryOptions {
  category?: string;
  enabled?: boolean;
  dangerous?: boolean;
  source?: SourceKind;
  sourceId?: string;
  sourcePath?: string;
  body?: string;
}

function entry(name: string, version: string, options: EntryOptions = {}): SkillEntry {
  const category = options.category ?? 'general';
  const enabled = options.enabled ?? true;
  const manifest: SkillManifest = {
    name,
    version,
    description: `${name} ${version}`,
    category,
    author: null,
    license: null,
    compatibility: null,
    requires_role: null,
    requires_tools: [],
    allowed_tools: [],
    dangerous: options.dangerous ?? false,
    enabled,
    budget_max: null,
    metadata: {},
    frontmatter: { name, version, category, enabled },
  };
  const sourcePath = options.sourcePath ?? `${category}/${name}-${version}.md`;
  return {
    name,
    version,
    manifest,
    body: options.body ?? `# ${name} ${version}\n`,
    contentHash: `sha256:${'0'.repeat(64)}`,
    warnings: [],
    source: options.source ?? 'filesystem',
    sourceId: options.sourceId ?? `skills:${sourcePath}`,
    sourceOrder: 0,
    updatedAt: '2026-01-01T00:00:00.000Z',
    access: GLOBAL_ACCESS,
    isSystem: false,
    sourcePath,
    layout: 'flat',
    files: [],
    loadedAt: '2024-01-01T00:00:00.000Z',
  };
}

function state(entries: SkillEntry[], errors: SourceError[] = []): SourceState {
  return { entries, errors };
}

function build(...entries: SkillEntry[]): CatalogSnapshot {
  return CatalogSnapshot.build(1, [state(entries)]);
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

// ---------------------------------------------------------------------------------------------

describe('CatalogSnapshot: resolving a bare name', () => {
  it('resolves to the highest enabled version', () => {
    const snapshot = build(entry('deploy', '1.0.0'), entry('deploy', '2.0.0'), entry('deploy', '1.5.0'));
    expect(snapshot.resolve('deploy')?.version).toBe('2.0.0');
    expect(snapshot.resolveRef('deploy')?.version).toBe('2.0.0');
  });

  it('skips a disabled highest version for the next enabled one', () => {
    const snapshot = build(entry('deploy', '1.0.0'), entry('deploy', '3.0.0', { enabled: false }), entry('deploy', '2.0.0'), entry('deploy', '2.5.0', { enabled: false }));
    expect(snapshot.resolve('deploy')?.version).toBe('2.0.0');
    expect(snapshot.resolveRef('deploy')?.version).toBe('2.0.0');
    expect(snapshot.list().find((e) => e.name === 'deploy')?.version).toBe('2.0.0');
  });

  it('falls back to the highest (disabled) version when none is enabled', () => {
    const snapshot = build(entry('deploy', '1.0.0', { enabled: false }), entry('deploy', '3.0.0', { enabled: false }), entry('deploy', '2.0.0', { enabled: false }));
    const resolved = snapshot.resolve('deploy');
    expect(resolved?.version).toBe('3.0.0');
    expect(resolved?.manifest.enabled).toBe(false);
    expect(snapshot.list().map((e) => e.version)).toEqual(['3.0.0']);
  });

  it('an enabled prerelease is chosen over a disabled release', () => {
    const snapshot = build(entry('x', '1.0.0', { enabled: false }), entry('x', '1.0.0-rc.1'));
    expect(snapshot.resolve('x')?.version).toBe('1.0.0-rc.1');
  });

  it('an unknown name resolves to nothing', () => {
    const snapshot = build(entry('deploy', '1.0.0'));
    expect(snapshot.resolve('nope')).toBeUndefined();
    expect(snapshot.resolveRef('nope')).toBeUndefined();
    expect(snapshot.resolveRef('nope@1.0.0')).toBeUndefined();
    expect(snapshot.versions('nope')).toBeUndefined();
  });
});

describe('CatalogSnapshot: exact versions', () => {
  const snapshot = build(entry('deploy', '1.0.0'), entry('deploy', '2.0.0', { enabled: false }), entry('deploy', '1.10.0'), entry('deploy', '2.0.0-beta.1'));

  it('resolveExact finds a version, disabled ones too', () => {
    expect(snapshot.resolveExact('deploy', '1.0.0')?.version).toBe('1.0.0');
    expect(snapshot.resolveExact('deploy', '2.0.0')?.manifest.enabled).toBe(false);
    expect(snapshot.resolveExact('deploy', '2.0.0-beta.1')?.version).toBe('2.0.0-beta.1');
    expect(snapshot.resolveExact('deploy', '3.0.0')).toBeUndefined();
    expect(snapshot.resolveExact('deploy', 'abc')).toBeUndefined();
  });

  it('a short version finds its normalised form', () => {
    expect(snapshot.resolveExact('deploy', '1.0')?.version).toBe('1.0.0');
    expect(snapshot.resolveExact('deploy', '1.10')?.version).toBe('1.10.0');
    expect(snapshot.resolveExact('deploy', '1')?.version).toBe('1.0.0');
  });

  it("resolveRef('name@1.0') finds 1.0.0", () => {
    expect(snapshot.resolveRef('deploy@1.0')?.version).toBe('1.0.0');
    expect(snapshot.resolveRef('deploy@1.0.0')?.version).toBe('1.0.0');
    expect(snapshot.resolveRef('deploy@1.10.0')?.version).toBe('1.10.0');
    expect(snapshot.resolveRef('deploy@2.0.0')?.version).toBe('2.0.0');
    expect(snapshot.resolveRef('deploy@9.9.9')).toBeUndefined();
    expect(snapshot.resolveRef('deploy@')).toBeUndefined();
  });

  it('versions() lists every version newest first', () => {
    expect(snapshot.versions('deploy')?.map((e) => e.version)).toEqual(['2.0.0', '2.0.0-beta.1', '1.10.0', '1.0.0']);
    expect([...snapshot.allVersions()]).toHaveLength(4);
  });
});

describe('CatalogSnapshot: listing', () => {
  const snapshot = build(
    entry('zeta', '1.0.0', { category: 'ops' }),
    entry('alpha', '1.0.0', { category: 'dev' }),
    entry('alpha', '2.0.0', { category: 'dev' }),
    entry('mid', '1.0.0', { category: 'ops' }),
    entry('mid', '0.1.0', { category: 'legacy' }),
    entry('beta', '1.0.0', { category: 'dev', enabled: false }),
  );

  it('list() gives one entry per name, the resolved version, sorted by name', () => {
    const listed = snapshot.list();
    expect(listed.map((e) => `${e.name}@${e.version}`)).toEqual(['alpha@2.0.0', 'beta@1.0.0', 'mid@1.0.0', 'zeta@1.0.0']);
    expect(snapshot.size).toBe(4);
  });

  it('list({category}) filters, still one latest entry per name', () => {
    expect(snapshot.list({ category: 'ops' }).map((e) => `${e.name}@${e.version}`)).toEqual(['mid@1.0.0', 'zeta@1.0.0']);
    expect(snapshot.list({ category: 'dev' }).map((e) => `${e.name}@${e.version}`)).toEqual(['alpha@2.0.0', 'beta@1.0.0']);
    expect(snapshot.list({ category: 'nothing-here' })).toEqual([]);
  });

  it('categories are sorted and complete (every version counts)', () => {
    expect(snapshot.categories).toEqual(['dev', 'legacy', 'ops']);
  });

  it('the latest version per name is listed, whatever the load order', () => {
    const entries = [entry('a', '1.0.0'), entry('a', '1.2.0'), entry('a', '1.10.0'), entry('a', '1.9.0')];
    for (const order of permutations(entries)) {
      expect(build(...order).list().map((e) => e.version)).toEqual(['1.10.0']);
      expect(build(...order).list({ category: 'general' }).map((e) => e.version)).toEqual(['1.10.0']);
    }
  });

  it('an empty snapshot lists nothing', () => {
    const empty = CatalogSnapshot.empty();
    expect(empty.list()).toEqual([]);
    expect(empty.categories).toEqual([]);
    expect(empty.generation).toBe(0);
    expect(empty.size).toBe(0);
  });

  it('errors from every source are kept', () => {
    const error: SourceError = {
      source: 'filesystem',
      file: 'bad.md',
      diagnostics: [{ severity: 'error', code: 'no_frontmatter', file: 'bad.md', field: 'frontmatter', line: 1, message: 'no frontmatter' }],
      serving_previous_version: false,
      at: '2024-01-01T00:00:00.000Z',
    };
    const other: SourceError = { ...error, source: 'config', file: 'another.md' };
    const snap = CatalogSnapshot.build(3, [state([entry('a', '1.0.0')], [error]), state([], [other])]);
    expect(snap.errors.map((e) => e.file).sort()).toEqual(['another.md', 'bad.md']);
    expect(snap.generation).toBe(3);
    expect(snap.list()).toHaveLength(1);
  });
});

describe('CatalogSnapshot: conflicts', () => {
  it('the same name@version twice in one source: the lower sourceId is always served, the other is reported', () => {
    const a = entry('deploy', '1.0.0', { sourceId: 'skills:a/deploy.md', sourcePath: 'a/deploy.md', body: 'from a' });
    const b = entry('deploy', '1.0.0', { sourceId: 'skills:b/deploy.md', sourcePath: 'b/deploy.md', body: 'from b' });
    const orders: SourceState[][] = [[state([a, b])], [state([b, a])], [state([a]), state([b])], [state([b]), state([a])]];
    for (const states of orders) {
      const snapshot = CatalogSnapshot.build(1, states);
      expect(snapshot.resolve('deploy')?.body).toBe('from a');
      expect(snapshot.resolveExact('deploy', '1.0.0')?.sourceId).toBe('skills:a/deploy.md');
      expect(snapshot.versions('deploy')).toHaveLength(1);
      expect(snapshot.conflicts).toEqual([
        {
          name: 'deploy',
          version: '1.0.0',
          served: { source: 'filesystem', source_id: 'skills:a/deploy.md', source_path: 'a/deploy.md' },
          shadowed: [{ source: 'filesystem', source_id: 'skills:b/deploy.md', source_path: 'b/deploy.md' }],
        },
      ]);
    }
  });

  it('three copies: one served, the two others shadowed in a stable order', () => {
    const copies = ['c', 'a', 'b'].map((id) => entry('x', '1.0.0', { sourceId: `skills:${id}.md`, sourcePath: `${id}.md` }));
    for (const order of permutations(copies)) {
      const snapshot = build(...order);
      expect(snapshot.resolve('x')?.sourceId).toBe('skills:a.md');
      expect(snapshot.conflicts).toHaveLength(1);
      expect(snapshot.conflicts[0]!.shadowed.map((s) => s.source_id)).toEqual(['skills:b.md', 'skills:c.md']);
    }
  });

  it('different versions of one name are not conflicts', () => {
    const snapshot = build(entry('x', '1.0.0', { sourceId: 's:1' }), entry('x', '2.0.0', { sourceId: 's:2' }));
    expect(snapshot.conflicts).toEqual([]);
    expect(snapshot.versions('x')).toHaveLength(2);
  });

  it('a filesystem entry beats a config entry, and a config entry beats a hub entry', () => {
    expect(SOURCE_PRECEDENCE.filesystem).toBeLessThan(SOURCE_PRECEDENCE.config);
    expect(SOURCE_PRECEDENCE.config).toBeLessThan(SOURCE_PRECEDENCE.hub);
    // The config entry's id sorts first, but precedence comes before ids.
    const fsEntry = entry('deploy', '1.0.0', { source: 'filesystem', sourceId: 'zzz:deploy.md', body: 'fs' });
    const configEntry = entry('deploy', '1.0.0', { source: 'config', sourceId: 'aaa', body: 'config' });
    const hubEntry = entry('deploy', '1.0.0', { source: 'hub', sourceId: '000', body: 'hub' });
    for (const states of permutations([state([fsEntry]), state([configEntry]), state([hubEntry])])) {
      const snapshot = CatalogSnapshot.build(1, states);
      expect(snapshot.resolve('deploy')?.body).toBe('fs');
      expect(snapshot.conflicts).toHaveLength(1);
      expect(snapshot.conflicts[0]!.served.source).toBe('filesystem');
      expect(snapshot.conflicts[0]!.shadowed.map((s) => s.source)).toEqual(['config', 'hub']);
    }
    const noFs = CatalogSnapshot.build(1, [state([hubEntry]), state([configEntry])]);
    expect(noFs.resolve('deploy')?.body).toBe('config');
  });

  it('a shadowed higher-precedence copy only wins its own version', () => {
    const snapshot = CatalogSnapshot.build(1, [
      state([entry('x', '1.0.0', { source: 'filesystem', sourceId: 'fs', body: 'fs 1' })]),
      state([entry('x', '1.0.0', { source: 'config', sourceId: 'cfg', body: 'cfg 1' }), entry('x', '2.0.0', { source: 'config', sourceId: 'cfg2', body: 'cfg 2' })]),
    ]);
    expect(snapshot.resolve('x')?.body).toBe('cfg 2');
    expect(snapshot.resolveExact('x', '1.0.0')?.body).toBe('fs 1');
  });
});

describe('Catalog', () => {
  it('update increments the generation and emits a change', () => {
    const catalog = new Catalog();
    expect(catalog.generation).toBe(0);
    const changes: CatalogChange[] = [];
    const off = catalog.onChange((change) => changes.push(change));

    const first = catalog.update('filesystem', state([entry('a', '1.0.0')]));
    expect(first.generation).toBe(1);
    expect(catalog.generation).toBe(1);
    expect(catalog.snapshot()).toBe(first);
    expect(changes).toEqual([{ generation: 1, source: 'filesystem' }]);

    catalog.update('config', state([entry('b', '1.0.0', { source: 'config', sourceId: 'b' })]));
    expect(catalog.generation).toBe(2);
    expect(changes).toEqual([
      { generation: 1, source: 'filesystem' },
      { generation: 2, source: 'config' },
    ]);

    off();
    catalog.update('config', state([]));
    expect(catalog.generation).toBe(3);
    expect(changes).toHaveLength(2);
  });

  it('combines the latest state of every source; an update replaces only its own source', () => {
    const catalog = new Catalog();
    catalog.update('filesystem', state([entry('a', '1.0.0')]));
    catalog.update('config', state([entry('b', '1.0.0', { source: 'config', sourceId: 'b' })]));
    expect(catalog.snapshot().list().map((e) => e.name)).toEqual(['a', 'b']);
    catalog.update('filesystem', state([entry('c', '1.0.0')]));
    expect(catalog.snapshot().list().map((e) => e.name)).toEqual(['b', 'c']);
  });

  it('a snapshot taken before an update is unchanged after it', () => {
    const catalog = new Catalog();
    catalog.update('filesystem', state([entry('a', '1.0.0', { category: 'one' })]));
    const before = catalog.snapshot();
    const listedBefore = before.list().map((e) => `${e.name}@${e.version}`);

    catalog.update('filesystem', state([entry('a', '2.0.0', { category: 'two' }), entry('b', '1.0.0', { category: 'two' })]));
    const after = catalog.snapshot();

    expect(after).not.toBe(before);
    expect(before.generation).toBe(1);
    expect(before.list().map((e) => `${e.name}@${e.version}`)).toEqual(listedBefore);
    expect(before.resolve('a')?.version).toBe('1.0.0');
    expect(before.resolve('b')).toBeUndefined();
    expect(before.categories).toEqual(['one']);
    expect(before.versions('a')?.map((e) => e.version)).toEqual(['1.0.0']);

    expect(after.generation).toBe(2);
    expect(after.resolve('a')?.version).toBe('2.0.0');
    expect(after.categories).toEqual(['two']);
  });
});

describe('Catalog patches', () => {
  it('gives the same catalog as a full rebuild, change after change', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const names = Array.from({ length: 40 }, (_, i) => `skill-${String(i).padStart(2, '0')}`);
    const make = (name: string, id: number) =>
      entry(name, `${1 + random(3)}.${random(3)}.0`, { source: 'config', sourceId: `cfg-${id}`, category: `c${random(4)}`, enabled: random(4) > 0 });
    let configEntries = names.slice(0, 20).map((name, i) => make(name, i));
    const fsEntries = names.filter((_, i) => i % 3 === 0).map((name) => entry(name, '1.0.0', { source: 'filesystem', sourceId: `fs:${name}` }));
    const patched = new Catalog();
    patched.update('filesystem', state(fsEntries));
    patched.update('config', state(configEntries));
    for (let step = 0; step < 60; step++) {
      const name = names[random(names.length)]!;
      const removed = configEntries.filter((e) => e.name === name);
      configEntries = configEntries.filter((e) => e.name !== name);
      if (random(3) > 0) configEntries.push(make(name, 100 + step), ...(random(2) ? [make(name, 200 + step)] : []));
      patched.update('config', state(configEntries), new Set([name, ...removed.map((e) => e.name)]));
      const full = CatalogSnapshot.build(0, [state(fsEntries), state(configEntries)]);
      const view = (s: CatalogSnapshot) => ({
        list: s.list().map((e) => `${e.name}@${e.version}:${e.sourceId}`),
        categories: s.categories,
        conflicts: s.conflicts,
        versions: names.map((n) => (s.versions(n) ?? []).map((e) => `${e.version}:${e.sourceId}`)),
      });
      expect(view(patched.snapshot())).toEqual(view(full));
    }
  });
});
