import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startGitServer, type GitServer, type TestRepo } from './helpers/git-server.js';
import { OWNER_KEY, REPO_ROOT, startServer, type TestServer } from './helpers/server.js';

// Every case starts the CLI from source, a few seconds each on a busy machine.
vi.setConfig({ testTimeout: 180_000 });

const run = promisify(execFile);
const TSX = pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');
const skill = (name: string, description = `The ${name} skill`) => `---\nname: ${name}\ndescription: ${description}\n---\n\n# ${name}\n\nFollow the steps.\n`;

let dir: string;
let gitServer: GitServer;
let server: TestServer;
let repo: TestRepo;

/** Runs the CLI from source as `npm run skillport` does, its output piped (not a terminal); never throws on a non-zero exit. */
async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: dir, env: { ...process.env, SKILLPORT_KEY: OWNER_KEY, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'skillport-cli-import-'));
  gitServer = await startGitServer();
  repo = await gitServer.createRepo('cli-skills');
  const files: Record<string, string> = { 'README.md': '# Skills\n', 'other/elsewhere/SKILL.md': skill('cli-elsewhere') };
  for (let i = 0; i < 12; i++) files[`skills/cli-skill-${i}/SKILL.md`] = skill(`cli-skill-${i}`);
  await repo.write(files);
  await repo.commit('skills');
  repo.tag('v1');
  server = await startServer({ env: { SKILLPORT_OUTBOUND_ALLOW_PRIVATE: 'true', SKILLPORT_HUB_CHECK_MS: '600000', SKILLPORT_IMPORT_TIMEOUT_MS: '10000' } });
}, 30_000);

afterAll(async () => {
  await server?.close();
  await gitServer?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('skillport import <url>', () => {
  it('dry-runs an import of the paths and ref given, storing nothing', async () => {
    const { code, stdout, stderr } = await cli(['import', repo.url, '--server', server.url, '--ref', 'v1', '--path', 'other', '--dry-run']);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^Would import 1, skipped 0, 0 error\(s\) from .*cli-skills\.git at v1 \([0-9a-f]{12}\)/m);
    expect(stdout).toMatch(/created +cli-elsewhere@1\.0\.0 +other\/elsewhere\/SKILL\.md +scan passed/);
    expect((await server.get('/api/v1/skills/cli-elsewhere')).status).toBe(404);
  });

  it('imports a repository, showing progress lines when not on a terminal, then the summary', async () => {
    const { code, stdout, stderr } = await cli(['import', repo.url, '--path', 'skills', '--visibility', 'global'], { SKILLPORT_SERVER: server.url });
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/^fetching/m);
    expect(stderr).toMatch(/^(checking|storing|done) \d+\/12 skills$/m);
    expect(stderr).not.toContain('\r');
    expect(stdout).toMatch(/^Imported 12, skipped 0, 0 error\(s\)/m);
    const listed = (await (await server.get('/api/v1/skills/cli-skill-7')).json()) as { skill: { name: string } };
    expect(listed.skill.name).toBe('cli-skill-7');
    const again = await cli(['import', repo.url, '--server', server.url, '--path', 'skills', '--json']);
    expect(again.code).toBe(0);
    const result = JSON.parse(again.stdout) as { imported: unknown[]; skipped: Array<{ reason: string }> };
    expect(result.imported).toEqual([]);
    expect(new Set(result.skipped.map((s) => s.reason))).toEqual(new Set(['already_imported']));
  });

  it('imports for a team with --team', async () => {
    expect((await server.call('POST', '/api/teams', { name: 'cli-team' })).status).toBe(201);
    const { code, stderr } = await cli(['import', repo.url, '--server', server.url, '--path', 'other', '--team', 'cli-team']);
    expect(code, stderr).toBe(0);
    const { configs } = (await (await server.get('/api/skills/configs?page_size=100')).json()) as { configs: Array<Record<string, unknown>> };
    expect(configs.find((c) => c.name === 'cli-elsewhere')).toMatchObject({ visibility: 'team' });
  });

  it('draws a progress bar on a terminal', async () => {
    const command = [process.execPath, '--import', TSX, MAIN, 'import', repo.url, '--server', server.url, '--dry-run'].map((a) => `'${a}'`).join(' ');
    const { stdout } = await run('script', ['-qec', command, '/dev/null'], { cwd: dir, env: { ...process.env, SKILLPORT_KEY: OWNER_KEY } });
    expect(stdout).toMatch(/\r\x1b\[2K\[[#-]{30}\] \d+\/13 skills/);
    expect(stdout).toContain('Would import');
  });

  it('exits non-zero with the server\'s message when the import fails or is refused', async () => {
    const missing = await cli(['import', `${gitServer.url}/nothing-here.git`, '--server', server.url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^skillport: .*nothing-here/m);
    const badRef = await cli(['import', repo.url, '--server', server.url, '--ref', 'no-such-branch']);
    expect(badRef.code).toBe(1);
    expect(badRef.stderr).toMatch(/no-such-branch/);
    const badUrl = await cli(['import', 'ftp://example.com/repo.git', '--server', server.url]);
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toMatch(/https/);
    const badKey = await cli(['import', repo.url, '--server', server.url], { SKILLPORT_KEY: 'sk_wrong' });
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toMatch(/SKILLPORT_KEY/);
    const unreachable = await cli(['import', repo.url, '--server', 'http://127.0.0.1:1']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:1/);
  });

  it('refuses options that do not fit together, saying what to give', async () => {
    for (const [args, pattern] of [
      [['import'], /give a git URL .* or --in <file>/],
      [['import', repo.url, '--in', 'backup.tar.gz'], /not both/],
      [['import', '--in', 'backup.tar.gz', '--ref', 'main'], /--ref applies to a git import/],
      [['import', repo.url, '--server', server.url, '--force'], /--force applies to restoring a backup/],
      [['import', repo.url, '--server', server.url, '--visibility', 'public'], /--visibility must be private, team or global/],
      [['import', repo.url, '--server', server.url, '--visibility', 'global', '--team', 'x'], /--team applies only to --visibility team/],
      [['import', repo.url], /--server is required/],
    ] as const) {
      const { code, stderr } = await cli([...args], { SKILLPORT_SERVER: '' });
      expect(code, args.join(' ')).toBe(1);
      expect(stderr).toMatch(pattern);
    }
  });
});
