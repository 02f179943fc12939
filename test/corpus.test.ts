import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SkillEntry, SourceState } from '../src/catalog/index.js';
import { parseSkill } from '../src/format/index.js';
import { FilesystemSource } from '../src/sources/index.js';
import { CORPUS_DIR } from './helpers/server.js';


/** Files a skills directory does not treat as skills. */
const NOT_SKILLS = new Set(['readme.md', 'changelog.md', 'contributing.md', 'license.md', 'code_of_conduct.md', 'security.md']);

interface CorpusFile {
  /** Path relative to the corpus, with `/`. */
  relative: string;
  absolute: string;
  layout: 'agent-skills' | 'flat';
  expectedName: string;
  /** Parent folder of a flat file, the folder above the skill's folder for SKILL.md. */
  locationCategory: string | undefined;
}

async function listCorpus(dir: string, prefix = ''): Promise<CorpusFile[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const out: CorpusFile[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const absolute = path.join(dir, entry.name);
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      out.push(...(await listCorpus(absolute, relative)));
      continue;
    }
    if (!entry.name.toLowerCase().endsWith('.md') || NOT_SKILLS.has(entry.name.toLowerCase())) continue;
    const segments = relative.split('/');
    if (entry.name === 'SKILL.md') {
      out.push({ relative, absolute, layout: 'agent-skills', expectedName: segments[segments.length - 2]!, locationCategory: segments[segments.length - 3] });
    } else {
      out.push({ relative, absolute, layout: 'flat', expectedName: entry.name.replace(/\.md$/i, ''), locationCategory: segments[segments.length - 2] });
    }
  }
  return out;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

let files: CorpusFile[] = [];

beforeAll(async () => {
  files = await listCorpus(CORPUS_DIR);
});

describe('the corpus of real-world skills', () => {
  it('holds the 15 expected skill files', () => {
    expect(files).toHaveLength(15);
    expect(files.filter((f) => f.layout === 'agent-skills')).toHaveLength(12);
    expect(files.filter((f) => f.layout === 'flat')).toHaveLength(3);
  });

  it('every skill file parses with parseSkill without errors', async () => {
    for (const file of files) {
      const raw = await fs.readFile(file.absolute);
      const outcome = parseSkill(raw, {
        file: file.relative,
        layout: file.layout,
        expectedName: file.expectedName,
        defaultCategory: file.locationCategory,
      });
      const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
      expect(errors, `${file.relative}: ${JSON.stringify(errors)}`).toEqual([]);
      expect(outcome.ok, file.relative).toBe(true);
      if (!outcome.ok) continue;
      const { manifest, contentHash, body } = outcome.skill;
      expect(manifest.name, file.relative).toBe(file.expectedName);
      expect(manifest.description.trim().length, file.relative).toBeGreaterThan(0);
      expect(body.trim().length, file.relative).toBeGreaterThan(0);
      expect(contentHash).toBe(`sha256:${sha256(raw)}`);
      expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
      for (const warning of outcome.diagnostics) expect(warning.file).toBe(file.relative);
    }
  });

  it('the Shannon files keep their Shannon fields', async () => {
    const raw = await fs.readFile(path.join(CORPUS_DIR, 'shannon-skills/core/code-review.md'));
    const outcome = parseSkill(raw, { file: 'core/code-review.md', layout: 'flat', expectedName: 'code-review', defaultCategory: 'core' });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.skill.manifest).toMatchObject({
      name: 'code-review',
      version: '1.0.0',
      author: 'Shannon',
      category: 'development',
      requires_tools: ['file_read', 'file_list', 'bash'],
      requires_role: 'critic',
      budget_max: 5000,
      dangerous: false,
      enabled: true,
      metadata: { complexity: 'medium', estimated_duration: '5min' },
    });
  });

  it('a multi-line `|-` description is read whole', async () => {
    const raw = await fs.readFile(path.join(CORPUS_DIR, 'anthropic-skills/claude-api/SKILL.md'));
    const outcome = parseSkill(raw, { file: 'claude-api/SKILL.md', layout: 'agent-skills', expectedName: 'claude-api' });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const description = outcome.skill.manifest.description;
    expect(description.split('\n').length).toBeGreaterThan(1);
    expect(description.startsWith('Reference for the Claude API')).toBe(true);
    expect(description.endsWith('\n')).toBe(false);
  });
});

describe('the corpus loaded through FilesystemSource', () => {
  let tmp: string;
  let skillsDir: string;
  let source: FilesystemSource | undefined;
  let state: SourceState | undefined;
  let publishes = 0;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'skillport-corpus-'));
    skillsDir = path.join(tmp, 'corpus');
    await fs.cp(CORPUS_DIR, skillsDir, { recursive: true });
    source = new FilesystemSource({ dirs: [skillsDir], watch: false });
    await source.start((s) => {
      state = s;
      publishes++;
    });
  });

  afterAll(async () => {
    await source?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  const entry = (name: string): SkillEntry => {
    const found = state?.entries.find((e) => e.name === name);
    if (!found) throw new Error(`skill ${name} not loaded`);
    return found;
  };

  it('loads 15 skills with no errors', () => {
    expect(publishes).toBeGreaterThan(0);
    expect(state?.errors).toEqual([]);
    expect(state?.entries).toHaveLength(15);
    expect(new Set(state?.entries.map((e) => e.name))).toEqual(new Set(files.map((f) => f.expectedName)));
    for (const e of state!.entries) {
      expect(e.source).toBe('filesystem');
      for (const w of e.warnings) expect(w.severity).toBe('warning');
    }
  });

  it('records layout, source path and content hash of each file', async () => {
    for (const file of files) {
      const e = entry(file.expectedName);
      expect(e.layout).toBe(file.layout);
      expect(e.sourcePath).toBe(file.relative);
      expect(e.contentHash).toBe(`sha256:${sha256(await fs.readFile(file.absolute))}`);
      expect(e.version).toBe(e.manifest.version);
    }
  });

  it('derives categories as the loader does', async () => {
    for (const file of files) {
      const e = entry(file.expectedName);
      // An explicit `category` wins; else the location: the parent folder of a flat file, the folder
      // above an Agent Skills skill's folder.
      const text = await fs.readFile(file.absolute, 'utf8');
      const explicit = /^category:\s*(\S+)\s*$/m.exec(text.split(/^---\s*$/m)[1] ?? '')?.[1];
      expect(e.manifest.category, file.relative).toBe(explicit ?? file.locationCategory ?? 'uncategorized');
    }
    expect(entry('algorithmic-art').manifest.category).toBe('anthropic-skills');
    expect(entry('code-review').manifest.category).toBe('development');
  });

  it('lists LICENSE.txt beside each Agent Skills SKILL.md with matching size and sha256', async () => {
    for (const file of files.filter((f) => f.layout === 'agent-skills')) {
      const e = entry(file.expectedName);
      const license = await fs.readFile(path.join(path.dirname(file.absolute), 'LICENSE.txt'));
      expect(e.files).toEqual([{ path: 'LICENSE.txt', size: license.byteLength, sha256: sha256(license) }]);
    }
    for (const file of files.filter((f) => f.layout === 'flat')) expect(entry(file.expectedName).files).toEqual([]);
  });

  it('does not load README.md or LICENSE as skills', () => {
    expect(state?.entries.some((e) => /readme|license/i.test(e.sourcePath))).toBe(false);
  });
});
