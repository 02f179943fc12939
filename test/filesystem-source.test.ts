import { yamlBomb } from './helpers/hostile.js';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogSnapshot, type SkillEntry, type SourceError, type SourceState } from '../src/catalog/index.js';
import { FilesystemSource, type FilesystemSourceOptions } from '../src/sources/index.js';

// ---------------------------------------------------------------------------------------------
// helpers

const REPO = fileURLToPath(new URL('..', import.meta.url));

let tmp: string;
let skills: string;
let started: FilesystemSource[] = [];

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'skillport-fs-'));
  skills = path.join(tmp, 'skills');
  await fs.mkdir(skills);
});

afterEach(async () => {
  for (const source of started) await source.stop();
  started = [];
  await fs.rm(tmp, { recursive: true, force: true });
});

interface Harness {
  source: FilesystemSource;
  /** The last published state. */
  state(): SourceState;
  entry(name: string): SkillEntry | undefined;
  error(file: string): SourceError | undefined;
  names(): string[];
  publishes(): number;
}

async function startSource(options: Partial<FilesystemSourceOptions> = {}): Promise<Harness> {
  const source = new FilesystemSource({ dirs: [skills], watch: false, ...options });
  started.push(source);
  let latest: SourceState = { entries: [], errors: [] };
  let count = 0;
  await source.start((state) => {
    latest = state;
    count++;
  });
  return {
    source,
    state: () => latest,
    entry: (name) => latest.entries.find((e) => e.name === name),
    error: (file) => latest.errors.find((e) => e.file === file),
    names: () => latest.entries.map((e) => e.name).sort(),
    publishes: () => count,
  };
}

async function waitFor(predicate: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (predicate()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Writes a file under the skills folder (or an absolute path), creating folders. */
async function write(relative: string, content: string | Uint8Array, base = skills): Promise<string> {
  const full = path.join(base, relative);
  await fs.mkdir(path.dirname(full), { recursive: true });
  await fs.writeFile(full, content);
  return full;
}

function skillMd(name: string, extra: string[] = [], body = `# ${name}\n\nInstructions for ${name}.\n`): string {
  return ['---', `name: ${name}`, `description: The ${name} skill`, ...extra, '---', body].join('\n');
}

function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function describeFile(full: string, relativePath: string) {
  const bytes = await fs.readFile(full);
  return { path: relativePath, size: bytes.byteLength, sha256: sha256Hex(bytes) };
}

const bomb = yamlBomb;

function binary(): Buffer {
  const bytes = Buffer.alloc(8192);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
  bytes[10] = 0;
  return bytes;
}

/** Lays out good skills next to every kind of bad input a skills folder can hold. */
async function writeHostileTree(): Promise<void> {
  await write('good/good-agent/SKILL.md', skillMd('good-agent'));
  await write('good/good-flat.md', skillMd('good-flat'));
  const big = Buffer.concat([Buffer.from(skillMd('huge')), Buffer.alloc(10 * 1024 * 1024, 'a')]);
  await write('bad/huge.md', big);
  await write('bad/binary.md', binary());
  await write('bad/bomb/SKILL.md', bomb('bomb'));
  // A folder linked to its own parent.
  await fs.symlink('..', path.join(skills, 'bad', 'loop'), 'dir');
}

function expectHostileTreeResult(h: Harness): void {
  expect(h.names()).toEqual(['good-agent', 'good-flat']);
  const codes = Object.fromEntries(h.state().errors.map((e) => [e.file, e.diagnostics.map((d) => d.code)]));
  expect(codes['bad/huge.md']).toEqual(['file_too_large']);
  expect(codes['bad/binary.md']).toEqual(['not_text']);
  expect(codes['bad/bomb/SKILL.md']).toEqual(['yaml_aliases']);
  expect(codes['bad/loop']).toEqual(['symlink_loop']);
  expect(h.state().errors).toHaveLength(4);
  for (const error of h.state().errors) {
    expect(error.source).toBe('filesystem');
    expect(error.serving_previous_version).toBe(false);
    for (const d of error.diagnostics) {
      expect(d.severity).toBe('error');
      expect(d.file).toBe(error.file);
    }
  }
}

// ---------------------------------------------------------------------------------------------

describe('FilesystemSource: loading', () => {
  it('loads both layouts', async () => {
    await write('pdf/SKILL.md', skillMd('pdf'));
    await write('devops/deploy.md', skillMd('deploy', ['version: 1.2.0']));
    const h = await startSource();
    expect(h.state().errors).toEqual([]);
    expect(h.names()).toEqual(['deploy', 'pdf']);

    const pdf = h.entry('pdf')!;
    expect(pdf.layout).toBe('agent-skills');
    expect(pdf.sourcePath).toBe('pdf/SKILL.md');
    expect(pdf.source).toBe('filesystem');
    expect(pdf.version).toBe('1.0.0');
    expect(pdf.body).toBe('# pdf\n\nInstructions for pdf.\n');
    expect(pdf.contentHash).toBe(`sha256:${sha256Hex(await fs.readFile(path.join(skills, 'pdf/SKILL.md')))}`);
    expect(pdf.warnings).toEqual([]);

    const deploy = h.entry('deploy')!;
    expect(deploy.layout).toBe('flat');
    expect(deploy.sourcePath).toBe('devops/deploy.md');
    expect(deploy.version).toBe('1.2.0');
    expect(deploy.files).toEqual([]);
    expect(new Set(h.state().entries.map((e) => e.sourceId)).size).toBe(2);
  });

  it('lists the sibling files of an Agent Skills SKILL.md with relative path, size and sha256', async () => {
    await write('pdf/SKILL.md', skillMd('pdf'));
    const script = await write('pdf/scripts/fill_form.py', 'print("hello")\n');
    const reference = await write('pdf/references/forms.md', '# Forms\n\nSome reference text.\n');
    const logo = await write('pdf/assets/img/logo.png', binary());
    const license = await write('pdf/LICENSE.txt', 'Apache-2.0\n');
    const h = await startSource();
    expect(h.state().errors).toEqual([]);
    // forms.md inside the skill's folder is a file of the skill, not a flat skill of its own.
    expect(h.names()).toEqual(['pdf']);
    expect(h.entry('pdf')!.files).toEqual([
      await describeFile(license, 'LICENSE.txt'),
      await describeFile(logo, 'assets/img/logo.png'),
      await describeFile(reference, 'references/forms.md'),
      await describeFile(script, 'scripts/fill_form.py'),
    ]);
  });

  it('a nested folder with its own SKILL.md is a separate skill, not a file of the parent', async () => {
    await write('parent/SKILL.md', skillMd('parent'));
    const parentFile = await write('parent/notes.txt', 'parent notes\n');
    await write('parent/child/SKILL.md', skillMd('child'));
    const childFile = await write('parent/child/scripts/run.sh', 'echo child\n');
    const h = await startSource();
    expect(h.state().errors).toEqual([]);
    expect(h.names()).toEqual(['child', 'parent']);
    expect(h.entry('parent')!.files).toEqual([await describeFile(parentFile, 'notes.txt')]);
    expect(h.entry('child')!.files).toEqual([await describeFile(childFile, 'scripts/run.sh')]);
    expect(h.entry('child')!.sourcePath).toBe('parent/child/SKILL.md');
  });

  it('README.md (and other repository documents) are not skills', async () => {
    await write('README.md', '# My skills\n\nNo frontmatter here.\n');
    await write('devops/README.md', '# Devops skills\n');
    await write('devops/CHANGELOG.md', '# Changes\n');
    await write('devops/deploy.md', skillMd('deploy'));
    const h = await startSource();
    expect(h.names()).toEqual(['deploy']);
    expect(h.state().errors).toEqual([]);
  });

  it('derives the category from the location when the frontmatter has none', async () => {
    await write('devops/deploy.md', skillMd('deploy'));
    await write('devops/explicit.md', skillMd('explicit', ['category: security']));
    await write('loose.md', skillMd('loose'));
    await write('a/b/deep.md', skillMd('deep'));
    await write('docs/pdf/SKILL.md', skillMd('pdf'));
    await write('top/SKILL.md', skillMd('top'));
    const h = await startSource();
    expect(h.state().errors).toEqual([]);
    const category = (name: string) => h.entry(name)?.manifest.category;
    expect(category('deploy')).toBe('devops');
    expect(category('explicit')).toBe('security');
    expect(category('loose')).toBe('uncategorized');
    expect(category('deep')).toBe('b');
    expect(category('pdf')).toBe('docs');
    expect(category('top')).toBe('uncategorized');
  });

  it('warns when the name differs from its folder or file name', async () => {
    await write('folder-name/SKILL.md', skillMd('other-name'));
    await write('devops/file-name.md', skillMd('another-name'));
    const h = await startSource();
    const agent = h.entry('other-name')!;
    expect(agent.warnings.map((w) => [w.code, w.file])).toEqual([['name_mismatch', 'folder-name/SKILL.md']]);
    const flat = h.entry('another-name')!;
    expect(flat.warnings.map((w) => [w.code, w.file])).toEqual([['name_mismatch', 'devops/file-name.md']]);
  });

  it('reports a bad file in errors and loads the rest', async () => {
    await write('devops/a-good.md', skillMd('a-good'));
    await write('devops/broken.md', '# no frontmatter here\n');
    await write('devops/z-good.md', skillMd('z-good'));
    await write('broken-agent/SKILL.md', skillMd('broken-agent', ['budget_max: lots']));
    await write('fine/SKILL.md', skillMd('fine'));
    const h = await startSource();
    expect(h.names()).toEqual(['a-good', 'fine', 'z-good']);
    const flat = h.error('devops/broken.md')!;
    expect(flat).toBeDefined();
    expect(flat.source).toBe('filesystem');
    expect(flat.serving_previous_version).toBe(false);
    expect(flat.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'no_frontmatter', file: 'devops/broken.md', field: 'frontmatter', line: 1 })]);
    const agent = h.error('broken-agent/SKILL.md')!;
    expect(agent.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'wrong_type', file: 'broken-agent/SKILL.md', field: 'budget_max', line: 4 })]);
    expect(h.state().errors).toHaveLength(2);
  });

  it('loads several directories', async () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    await write('team/one.md', skillMd('one'), a);
    await write('two/SKILL.md', skillMd('two'), b);
    await write('broken.md', 'nope', b);
    const h = await startSource({ dirs: [a, b] });
    expect(h.names()).toEqual(['one', 'two']);
    expect(h.entry('one')!.sourcePath).toBe('team/one.md');
    expect(h.entry('two')!.sourcePath).toBe('two/SKILL.md');
    expect(h.entry('one')!.sourceId).not.toBe(h.entry('two')!.sourceId);
    expect(h.state().errors.map((e) => e.file)).toEqual(['broken.md']);
    expect(h.source.directories).toEqual([a, b]);
  });

  it('several directories with the same folder name keep distinct source ids', async () => {
    const a = path.join(tmp, 'one', 'skills');
    const b = path.join(tmp, 'two', 'skills');
    await write('deploy.md', skillMd('deploy', [], 'from one\n'), a);
    await write('deploy.md', skillMd('deploy', [], 'from two\n'), b);
    const h = await startSource({ dirs: [a, b] });
    expect(h.state().entries).toHaveLength(2);
    const ids = h.state().entries.map((e) => e.sourceId);
    expect(new Set(ids).size).toBe(2);
    // The catalog reports the clash instead of merging silently.
    const snapshot = CatalogSnapshot.build(1, [h.state()]);
    expect(snapshot.conflicts).toHaveLength(1);
    expect(snapshot.versions('deploy')).toHaveLength(1);
  });

  it('when two directories hold the same name@version, the first configured directory wins', async () => {
    // `dirs` is documented as "Skills directories, searched in order".
    const a = path.join(tmp, 'one', 'skills');
    const b = path.join(tmp, 'two', 'skills');
    await write('deploy.md', skillMd('deploy', [], 'from one\n'), a);
    await write('deploy.md', skillMd('deploy', [], 'from two\n'), b);
    const h = await startSource({ dirs: [a, b] });
    expect(CatalogSnapshot.build(1, [h.state()]).resolve('deploy')?.body).toBe('from one\n');
    const reversed = await startSource({ dirs: [b, a] });
    expect(CatalogSnapshot.build(1, [reversed.state()]).resolve('deploy')?.body).toBe('from two\n');
  });

  it('a missing directory loads nothing and does not fail', async () => {
    const h = await startSource({ dirs: [path.join(tmp, 'does-not-exist')] });
    expect(h.state()).toEqual({ entries: [], errors: [] });
    expect(h.publishes()).toBe(1);
  });

  it('reload() picks up changes made while not watching', async () => {
    await write('one.md', skillMd('one'));
    const h = await startSource();
    await write('two.md', skillMd('two'));
    await fs.rm(path.join(skills, 'one.md'));
    expect(h.names()).toEqual(['one']);
    await h.source.reload();
    expect(h.names()).toEqual(['two']);
  });
});

describe('FilesystemSource: bad input on disk', () => {
  it('a 10 MB file, a binary file, a YAML bomb and a symlink loop are each an error; good skills load', async () => {
    await writeHostileTree();
    const startedAt = Date.now();
    const h = await startSource();
    expect(Date.now() - startedAt).toBeLessThan(5000);
    expectHostileTreeResult(h);
  });

  it('the same with the watcher on: start() completes and nothing hangs', async () => {
    await writeHostileTree();
    const startedAt = Date.now();
    const h = await startSource({ watch: true });
    expect(Date.now() - startedAt).toBeLessThan(5000);
    expectHostileTreeResult(h);
    // The watcher still works afterwards.
    await write('good/later.md', skillMd('later'));
    await waitFor(() => h.entry('later') !== undefined, 1000, 'later.md');
  });

  it('a binary SKILL.md and a dangling symlink do not stop the rest', async () => {
    await write('bin/SKILL.md', binary());
    await write('ok.md', skillMd('ok'));
    await fs.symlink(path.join(tmp, 'nowhere'), path.join(skills, 'dangling.md'));
    const h = await startSource();
    expect(h.names()).toEqual(['ok']);
    expect(h.error('bin/SKILL.md')?.diagnostics.map((d) => d.code)).toEqual(['not_text']);
  });

  it('two symlink loops with the watcher on: start() completes quickly', async () => {
    // Run in a child process: if the watcher spins forever, it is killed instead of eating this worker.
    await write('cat/good.md', skillMd('good'));
    await fs.symlink('..', path.join(skills, 'cat', 'loop'), 'dir');
    await fs.mkdir(path.join(skills, 'other'));
    await fs.symlink('..', path.join(skills, 'other', 'up'), 'dir');
    const script = path.join(tmp, 'run-source.mts');
    const sourceModule = new URL('../src/sources/index.ts', import.meta.url).href;
    await fs.writeFile(
      script,
      [
        `import { FilesystemSource } from ${JSON.stringify(sourceModule)};`,
        `const source = new FilesystemSource({ dirs: [${JSON.stringify(skills)}], watch: true });`,
        'let state;',
        'await source.start((s) => { state = s; });',
        'await source.stop();',
        'console.log(JSON.stringify({ names: state.entries.map((e) => e.name), errors: state.errors.map((e) => e.file).sort() }));',
      ].join('\n'),
    );
    const result = await new Promise<{ code: number | null; stdout: string; timedOut: boolean }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, 8000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, timedOut });
      });
    });
    expect(result.timedOut, 'FilesystemSource.start() with watch: true did not finish within 8 s').toBe(false);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim().split('\n').pop()!)).toEqual({ names: ['good'], errors: ['cat/loop', 'other/up'] });
  });
});

describe('FilesystemSource: watching', () => {
  it('a new flat file shows within 1 s', async () => {
    await write('devops/deploy.md', skillMd('deploy'));
    const h = await startSource({ watch: true });
    expect(h.names()).toEqual(['deploy']);
    await write('devops/rollback.md', skillMd('rollback'));
    await waitFor(() => h.entry('rollback') !== undefined, 1000, 'rollback to appear');
    expect(h.entry('rollback')!.manifest.category).toBe('devops');
    expect(h.names()).toEqual(['deploy', 'rollback']);
  });

  it('a new Agent Skills folder shows within 1 s, with its files', async () => {
    const h = await startSource({ watch: true });
    const dir = path.join(tmp, 'staging', 'pdf');
    await write('SKILL.md', skillMd('pdf'), dir);
    await write('scripts/run.py', 'print(1)\n', dir);
    await fs.rename(dir, path.join(skills, 'pdf'));
    await waitFor(() => h.entry('pdf')?.files.length === 1, 1000, 'pdf to appear with its file');
    expect(h.entry('pdf')!.files.map((f) => f.path)).toEqual(['scripts/run.py']);
    // Created in place, file by file.
    await write('docs/SKILL.md', skillMd('docs'));
    await waitFor(() => h.entry('docs') !== undefined, 1000, 'docs to appear');
  });

  it('an edit shows the new content within 1 s', async () => {
    await write('devops/deploy.md', skillMd('deploy', ['version: 1.0.0'], 'old body\n'));
    await write('pdf/SKILL.md', skillMd('pdf', [], 'old pdf\n'));
    const h = await startSource({ watch: true });
    const oldHash = h.entry('deploy')!.contentHash;

    await write('devops/deploy.md', skillMd('deploy', ['version: 1.1.0'], 'new body\n'));
    await waitFor(() => h.entry('deploy')?.body === 'new body\n', 1000, 'the flat edit');
    expect(h.entry('deploy')!.version).toBe('1.1.0');
    expect(h.entry('deploy')!.contentHash).not.toBe(oldHash);
    expect(h.state().entries.filter((e) => e.name === 'deploy')).toHaveLength(1);

    await write('pdf/SKILL.md', skillMd('pdf', [], 'new pdf\n'));
    await waitFor(() => h.entry('pdf')?.body === 'new pdf\n', 1000, 'the SKILL.md edit');
    expect(h.state().errors).toEqual([]);
  });

  it('a bad edit keeps serving the previous version and reports the error; fixing it clears the error', async () => {
    await write('devops/deploy.md', skillMd('deploy', [], 'good body\n'));
    const h = await startSource({ watch: true });
    const good = h.entry('deploy')!;

    await write('devops/deploy.md', skillMd('deploy', ['dangerous: "yes"'], 'bad body\n'));
    await waitFor(() => h.error('devops/deploy.md')?.diagnostics.some((d) => d.field === 'dangerous') === true, 1000, 'the error');
    const error = h.error('devops/deploy.md')!;
    expect(error.serving_previous_version).toBe(true);
    expect(error.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'wrong_type', field: 'dangerous', line: 4, file: 'devops/deploy.md' })]);
    expect(h.entry('deploy')!.body).toBe('good body\n');
    expect(h.entry('deploy')!.contentHash).toBe(good.contentHash);

    await write('devops/deploy.md', skillMd('deploy', ['dangerous: true'], 'fixed body\n'));
    await waitFor(() => h.entry('deploy')?.body === 'fixed body\n' && h.state().errors.length === 0, 1000, 'the fix');
    expect(h.entry('deploy')!.manifest.dangerous).toBe(true);
  });

  it('a bad edit of a SKILL.md keeps its previous version and files', async () => {
    await write('pdf/SKILL.md', skillMd('pdf', [], 'good\n'));
    await write('pdf/ref.md', 'ref\n');
    const h = await startSource({ watch: true });
    await write('pdf/SKILL.md', '---\nname: pdf\ndescription: [unclosed\n---\nbody\n');
    await waitFor(() => h.error('pdf/SKILL.md') !== undefined, 1000, 'the error');
    expect(h.error('pdf/SKILL.md')!.serving_previous_version).toBe(true);
    expect(h.error('pdf/SKILL.md')!.diagnostics[0]!.code).toBe('yaml_syntax');
    expect(h.entry('pdf')!.body).toBe('good\n');
    expect(h.entry('pdf')!.files.map((f) => f.path)).toEqual(['ref.md']);
    await write('pdf/SKILL.md', skillMd('pdf', [], 'fixed\n'));
    await waitFor(() => h.entry('pdf')?.body === 'fixed\n' && h.state().errors.length === 0, 1000, 'the fix');
  });

  it('a new bad file is reported without serving anything for it', async () => {
    await write('ok.md', skillMd('ok'));
    const h = await startSource({ watch: true });
    await write('bad.md', '---\nname: bad\n');
    await waitFor(() => h.error('bad.md') !== undefined, 1000, 'the error');
    expect(h.error('bad.md')!.serving_previous_version).toBe(false);
    expect(h.error('bad.md')!.diagnostics[0]!.code).toBe('unterminated_frontmatter');
    expect(h.names()).toEqual(['ok']);
    // Deleting the bad file clears its error.
    await fs.rm(path.join(skills, 'bad.md'));
    await waitFor(() => h.state().errors.length === 0, 1000, 'the error to clear');
  });

  it('a delete is gone within 1 s', async () => {
    await write('devops/deploy.md', skillMd('deploy'));
    await write('devops/keep.md', skillMd('keep'));
    await write('pdf/SKILL.md', skillMd('pdf'));
    await write('pdf/scripts/x.sh', 'echo\n');
    const h = await startSource({ watch: true });
    expect(h.names()).toEqual(['deploy', 'keep', 'pdf']);

    await fs.rm(path.join(skills, 'devops/deploy.md'));
    await waitFor(() => h.entry('deploy') === undefined, 1000, 'deploy to go');
    expect(h.names()).toEqual(['keep', 'pdf']);

    await fs.rm(path.join(skills, 'pdf'), { recursive: true });
    await waitFor(() => h.entry('pdf') === undefined, 1000, 'pdf to go');
    expect(h.names()).toEqual(['keep']);
    expect(h.state().errors).toEqual([]);
  });

  it('deleting a skill that was serving a previous version removes it and its error', async () => {
    await write('deploy.md', skillMd('deploy'));
    const h = await startSource({ watch: true });
    await write('deploy.md', 'broken');
    await waitFor(() => h.error('deploy.md')?.serving_previous_version === true, 1000, 'the error');
    await fs.rm(path.join(skills, 'deploy.md'));
    await waitFor(() => h.entry('deploy') === undefined && h.state().errors.length === 0, 1000, 'deploy to go');
  });

  it('adding a SKILL.md into a folder of flat .md files turns the folder into one skill, as a fresh load would', async () => {
    await write('tools/alpha.md', skillMd('alpha'));
    await write('tools/beta.md', skillMd('beta'));
    await write('other/gamma.md', skillMd('gamma'));
    const h = await startSource({ watch: true });
    expect(h.names()).toEqual(['alpha', 'beta', 'gamma']);

    await write('tools/SKILL.md', skillMd('tools'));
    await waitFor(() => h.entry('tools') !== undefined, 1000, 'tools to appear');
    await waitFor(() => h.entry('alpha') === undefined && h.entry('beta') === undefined, 1000, 'alpha and beta to become files');
    const tools = h.entry('tools')!;
    expect(tools.layout).toBe('agent-skills');
    expect(tools.files.map((f) => f.path)).toEqual(['alpha.md', 'beta.md']);
    expect(h.names()).toEqual(['gamma', 'tools']);

    const fresh = await startSource({ watch: false });
    expect(h.names()).toEqual(fresh.names());
    expect(h.entry('tools')!.files).toEqual(fresh.entry('tools')!.files);

    // Removing the SKILL.md brings the flat skills back.
    await fs.rm(path.join(skills, 'tools/SKILL.md'));
    await waitFor(() => h.entry('tools') === undefined && h.entry('alpha') !== undefined && h.entry('beta') !== undefined, 1000, 'the flat skills to return');
    expect(h.names()).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('adding, changing and removing a reference file updates the files list', async () => {
    await write('pdf/SKILL.md', skillMd('pdf'));
    const h = await startSource({ watch: true });
    expect(h.entry('pdf')!.files).toEqual([]);
    const bodyBefore = h.entry('pdf')!.body;

    const ref = await write('pdf/references/guide.md', '# Guide\n');
    await waitFor(() => h.entry('pdf')?.files.length === 1, 1000, 'the reference to be listed');
    expect(h.entry('pdf')!.files).toEqual([await describeFile(ref, 'references/guide.md')]);
    // A markdown reference is not a skill of its own.
    expect(h.names()).toEqual(['pdf']);
    expect(h.state().errors).toEqual([]);

    await fs.writeFile(ref, '# Guide\n\nLonger now.\n');
    const expected = await describeFile(ref, 'references/guide.md');
    await waitFor(() => h.entry('pdf')?.files[0]?.sha256 === expected.sha256, 1000, 'the new hash');
    expect(h.entry('pdf')!.files).toEqual([expected]);

    const script = await write('pdf/scripts/run.sh', 'echo hi\n');
    await waitFor(() => h.entry('pdf')?.files.length === 2, 1000, 'the script to be listed');
    expect(h.entry('pdf')!.files).toEqual([expected, await describeFile(script, 'scripts/run.sh')]);

    await fs.rm(ref);
    await waitFor(() => h.entry('pdf')?.files.length === 1, 1000, 'the reference to be unlisted');
    expect(h.entry('pdf')!.files.map((f) => f.path)).toEqual(['scripts/run.sh']);
    expect(h.entry('pdf')!.body).toBe(bodyBefore);
  });

  it('stop() ends watching', async () => {
    await write('one.md', skillMd('one'));
    const h = await startSource({ watch: true });
    await h.source.stop();
    const publishes = h.publishes();
    await write('two.md', skillMd('two'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.publishes()).toBe(publishes);
    expect(h.names()).toEqual(['one']);
  });
});
