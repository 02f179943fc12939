import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, EXAMPLES_DIR, REPO_ROOT } from './helpers/server.js';

const run = promisify(execFile);
// Resolved from the repository, since the CLI runs with a temporary folder as its working directory.
const TSX = pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** Runs the CLI from source the way `npm run skillport` does; never throws on a non-zero exit. */
async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', TSX, path.join(REPO_ROOT, 'src/cli/main.ts'), ...args], {
      cwd: dir,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'skillport-cli-'));
  await mkdir(path.join(dir, 'skills/ops'), { recursive: true });
  await writeFile(path.join(dir, 'skills/ops/good.md'), '---\nname: good\ndescription: Fine\n---\n# Do it\n');
  await writeFile(path.join(dir, 'skills/ops/broken.md'), '---\nname: broken\ndescription: [oops\n---\n# Body\n');
  await writeFile(path.join(dir, 'skills/ops/Odd_Name.md'), '---\nname: Odd_Name\nversion: 1.0\ndescription: Odd\n---\n# Body\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('skillport validate', () => {
  it('prints file:line: field: message for each problem and exits 1 on an error', async () => {
    const { code, stdout } = await cli(['validate', 'skills']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^error {4}skills\/ops\/broken\.md:3: frontmatter: invalid YAML/m);
    expect(stdout).toMatch(/^warning  skills\/ops\/Odd_Name\.md:2: name: name "Odd_Name" does not follow/m);
    expect(stdout).toMatch(/^warning  skills\/ops\/Odd_Name\.md:3: version: version "1\.0" was read as "1\.0\.0"/m);
    expect(stdout).toMatch(/3 file\(s\) checked: 2 valid, 1 error\(s\), 2 warning\(s\)/);
  });

  it('exits 0 when there are only warnings, and gives JSON when asked', async () => {
    const { code, stdout } = await cli(['validate', 'skills/ops/good.md', 'skills/ops/Odd_Name.md', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { ok: boolean; files: Array<{ file: string; ok: boolean; name: string }>; summary: Record<string, number> };
    expect(report.ok).toBe(true);
    expect(report.files.map((f) => f.name)).toEqual(['good', 'Odd_Name']);
    expect(report.summary).toEqual({ files: 2, valid: 2, errors: 0, warnings: 2 });
  });

  it('reports a path that does not exist', async () => {
    const { code, stdout } = await cli(['validate', 'nowhere.md']);
    expect(code).toBe(1);
    expect(stdout).toContain('nowhere.md:1: file: no such file or folder');
  });

  it('passes the whole public corpus and the bundled examples', async () => {
    const { code, stdout } = await cli(['validate', CORPUS_DIR, EXAMPLES_DIR]);
    expect(stdout).not.toMatch(/^error/m);
    expect(code).toBe(0);
  });
});

describe('skillport list', () => {
  it('lists skills as a table, and as the API shape with --json', async () => {
    const table = await cli(['list', '--skills-path', 'skills']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^NAME\s+VERSION\s+CATEGORY/m);
    expect(table.stdout).toMatch(/^good\s+1\.0\.0\s+ops/m);
    expect(table.stdout).toContain('1 file(s) with errors');

    const json = await cli(['list', '--json'], { SKILLPORT_SKILLS_PATH: path.join(dir, 'skills') });
    const body = JSON.parse(json.stdout) as { skills: Array<{ name: string }>; count: number; categories: string[] };
    expect(body.skills.map((s) => s.name)).toEqual(['Odd_Name', 'good']);
    expect(body.categories).toEqual(['ops']);
  });
});

describe('skillport --help', () => {
  it('documents every command', async () => {
    const top = await cli(['--help']);
    for (const command of ['serve', 'validate', 'list']) expect(top.stdout).toContain(command);
    for (const command of ['serve', 'validate', 'list']) {
      const help = await cli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: skillport ${command}`);
    }
  });

  it('rejects a bad setting with a message instead of a stack trace', async () => {
    const { code, stderr } = await cli(['list'], { SKILLPORT_PORT: 'eighty' });
    expect(code).toBe(2);
    expect(stderr).toContain('SKILLPORT_PORT must be a whole number');
  });
});
