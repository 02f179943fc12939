import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SkillEntry, SourceState } from '../src/catalog/index.js';
import { Artifacts, buildTarGz, buildZip, digestOf, safeRelativePath, type BundleInput } from '../src/gateway/index.js';
import { FilesystemSource } from '../src/sources/index.js';
import type { RawSkillFile, SkillSource } from '../src/sources/types.js';
import { AppError } from '../src/util/app-error.js';

let tmp: string;
let skills: string;
let source: FilesystemSource | undefined;

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'skillport-artifacts-'));
  skills = path.join(tmp, 'skills');
  await fs.mkdir(skills);
});

afterEach(async () => {
  await source?.stop();
  source = undefined;
  await fs.rm(tmp, { recursive: true, force: true });
});

const skillMd = (name: string, extra = '') => `---\nname: ${name}\ndescription: Does ${name} things.\n${extra}---\n# ${name}\n\nBody.\n`;

async function write(rel: string, content: string): Promise<void> {
  const file = path.join(skills, rel);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
}

async function load(): Promise<{ entry: (name: string) => SkillEntry; artifacts: Artifacts }> {
  let state: SourceState = { entries: [], errors: [] };
  source = new FilesystemSource({ dirs: [skills], watch: false });
  await source.start((published) => (state = published));
  const artifacts = new Artifacts({ sources: [source], maxBytes: 64 * 1024 });
  return { entry: (name) => state.entries.find((e) => e.name === name)!, artifacts };
}

/** `tar -tv` lines as GNU tar prints them: mode, owner, size, time, path. */
function tarListing(bytes: Buffer): string[] {
  return execFileSync('tar', ['-tvzf', '-', '--numeric-owner'], { input: bytes, env: { ...process.env, TZ: 'UTC' } }).toString().trim().split('\n');
}

const files = (): BundleInput[] => [
  { path: 'scripts/run.sh', bytes: Buffer.from('#!/bin/sh\necho hi\n'), mode: 0o755 },
  { path: 'references/notes.md', bytes: Buffer.from('notes\n'), mode: 0o644 },
  { path: 'SKILL.md', bytes: Buffer.from(skillMd('demo')), mode: 0o644 },
];

describe('bundles', () => {
  it('are byte-for-byte reproducible whatever the input order and time zone', async () => {
    const tar1 = await buildTarGz(files());
    const tar2 = await buildTarGz([...files()].reverse());
    expect(tar1.equals(tar2)).toBe(true);
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const zip1 = buildZip(files());
      process.env.TZ = 'Pacific/Kiritimati';
      const zip2 = buildZip([...files()].reverse());
      expect(zip1.equals(zip2)).toBe(true);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    expect(digestOf(tar1)).toMatch(/^sha256:[0-9a-f]{64}$/);
    // gzip header: no time, Unix.
    expect(tar1.readUInt32LE(4)).toBe(0);
    expect(tar1[9]).toBe(3);
  });

  it('hold SKILL.md at the root first, regular files only, fixed modes, owners and times', async () => {
    const listing = tarListing(await buildTarGz(files()));
    expect(listing).toEqual([
      expect.stringMatching(/^-rw-r--r-- 0\/0 .* 1970-01-01 00:00 SKILL\.md$/),
      expect.stringMatching(/^-rw-r--r-- 0\/0 .* 1970-01-01 00:00 references\/notes\.md$/),
      expect.stringMatching(/^-rwxr-xr-x 0\/0 .* 1970-01-01 00:00 scripts\/run\.sh$/),
    ]);
    const unzipped = unzipSync(buildZip(files()));
    expect(Object.keys(unzipped)).toEqual(['SKILL.md', 'references/notes.md', 'scripts/run.sh']);
    expect(Buffer.from(unzipped['scripts/run.sh']!).toString()).toBe('#!/bin/sh\necho hi\n');
  });
});

describe('safe paths', () => {
  it('accept plain relative paths and refuse anything that could leave the folder', () => {
    expect(safeRelativePath('references/notes.md')).toBe('references/notes.md');
    expect(safeRelativePath('a.b/c-d_e')).toBe('a.b/c-d_e');
    for (const bad of ['', '../x', 'a/../../x', '/etc/passwd', 'a//b', './a', 'a/.', 'C:/x', 'a\\b', 'a\u0000b', 'a/\nb', '..']) {
      expect(safeRelativePath(bad), bad).toBeNull();
    }
  });
});

describe('Artifacts', () => {
  it('serves a directory skill: files with digests and types, bundles cached per entry', async () => {
    await write('demo/SKILL.md', skillMd('demo'));
    await write('demo/scripts/run.sh', '#!/bin/sh\necho hi\n');
    await write('demo/references/notes.md', 'notes\n');
    await write('plain/SKILL.md', skillMd('plain'));
    const { entry, artifacts } = await load();

    const demo = entry('demo');
    expect(artifacts.kind(demo)).toBe('archive');
    expect(artifacts.kind(entry('plain'))).toBe('skill-md');
    expect(artifacts.skillMdDigest(entry('plain'))).toBe(digestOf(Buffer.from(skillMd('plain'))));
    expect(artifacts.listedPaths(demo)).toEqual(['SKILL.md', 'references/notes.md', 'scripts/run.sh']);

    const served = await artifacts.files(demo);
    expect(served.map((f) => [f.path, f.mime, f.mode])).toEqual([
      ['SKILL.md', 'text/markdown; charset=utf-8', 0o644],
      ['references/notes.md', 'text/markdown; charset=utf-8', 0o644],
      ['scripts/run.sh', 'text/x-shellscript; charset=utf-8', 0o755],
    ]);
    expect(served[1]!.digest).toBe(digestOf(Buffer.from('notes\n')));
    expect((await artifacts.file(demo, 'scripts/run.sh')).bytes.toString()).toBe('#!/bin/sh\necho hi\n');
    await expect(artifacts.file(demo, '../plain/SKILL.md')).rejects.toMatchObject({ statusCode: 404, code: 'file_not_found' });

    const tgz = await artifacts.bundle(demo, 'tar.gz');
    expect(await artifacts.bundle(demo, 'tar.gz')).toBe(tgz);
    expect(tgz.bytes.equals(await buildTarGz(files()))).toBe(true);
    expect(tgz.digest).toBe(digestOf(tgz.bytes));
    expect(tgz.filename).toBe('demo-1.0.0.tar.gz');
    expect(await artifacts.indexDigest(demo)).toBe(tgz.digest);
    expect((await artifacts.bundle(demo, 'zip')).bytes.equals(buildZip(files()))).toBe(true);

    // install.sh's bundle: the same files under demo/, reproducible, cached.
    const install = await artifacts.installBundle(demo);
    expect(await artifacts.installBundle(demo)).toBe(install);
    expect(install.bytes.equals(await buildTarGz(files(), 'demo'))).toBe(true);
    expect(install.filename).toBe('demo-1.0.0.install.tar.gz');
    expect(tarListing(install.bytes).map((line) => line.split(' ').pop())).toEqual(['demo/SKILL.md', 'demo/references/notes.md', 'demo/scripts/run.sh']);
  });

  it('archives a symlinked file as a regular file and leaves out names that could escape', async () => {
    const outside = path.join(tmp, 'outside.txt');
    await fs.writeFile(outside, 'outside\n');
    await write('linky/SKILL.md', skillMd('linky'));
    await fs.symlink(outside, path.join(skills, 'linky', 'leak.txt'));
    await write('linky/odd\\name.txt', 'backslash\n');
    const { entry, artifacts } = await load();
    const linky = entry('linky');
    expect(artifacts.listedPaths(linky)).toEqual(['SKILL.md', 'leak.txt']);
    expect(await artifacts.omitted(linky)).toEqual(['odd\\name.txt']);
    const listing = tarListing((await artifacts.bundle(linky, 'tar.gz')).bytes);
    expect(listing.map((line) => line[0])).toEqual(['-', '-']);
    expect(listing[1]).toMatch(/ leak\.txt$/);
  });

  it('re-checks names from any source and refuses what is over the limit, naming it', async () => {
    const entry = fakeEntry('evil', [{ path: '../../etc/evil', size: 4, sha256: '' }]);
    const evilSource: SkillSource = {
      key: 'config',
      start: async () => {},
      reload: async () => {},
      stop: async () => {},
      readFiles: async (): Promise<RawSkillFile[]> => [
        { path: 'SKILL.md', content: Buffer.from('x'), truncated: false },
        { path: '../../etc/evil', content: Buffer.from('evil'), truncated: false },
      ],
    };
    const artifacts = new Artifacts({ sources: [evilSource], maxBytes: 1024 });
    // The bytes no longer match the entry's digest, so they are refused rather than cached.
    await expect(artifacts.files(entry)).rejects.toMatchObject({ statusCode: 503, code: 'skill_changing' });
    expect(artifacts.listedPaths(entry)).toEqual(['SKILL.md']);

    await write('big/SKILL.md', skillMd('big'));
    await write('big/blob.bin', 'x'.repeat(70 * 1024));
    const { entry: byName, artifacts: limited } = await load();
    const refusal = await limited.bundle(byName('big'), 'tar.gz').catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ statusCode: 413, code: 'bundle_too_large' });
    expect((refusal as AppError).message).toMatch(/the limit is 65536 bytes \(SKILLPORT_MAX_BUNDLE_BYTES\)/);
  });
});

function fakeEntry(name: string, files: SkillEntry['files']): SkillEntry {
  return {
    name,
    version: '1.0.0',
    manifest: {} as SkillEntry['manifest'],
    body: '',
    contentHash: digestOf(Buffer.from('x')),
    warnings: [],
    source: 'config',
    sourceId: name,
    sourceOrder: 0,
    sourcePath: `configs/${name}/SKILL.md`,
    layout: 'agent-skills',
    files,
    loadedAt: '',
    updatedAt: '',
    access: { visibility: 'global', owner_id: null, shared_with_teams: [] },
    isSystem: false,
  };
}
