import { existsSync, promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { filesUnder, hostileBundle, runCommand, sha256, snapshot, TamperProxy, type ScriptRun } from './helpers/install-sh.js';
import { OWNER_KEY, startServer, waitFor, type TestServer } from './helpers/server.js';

// Each test runs the script a few times, and the script runs tar and curl: real processes, which
// a loaded machine makes slow.
vi.setConfig({ testTimeout: 90_000 });

const SHELLS = ['/bin/dash', '/bin/bash'] as const;
const skillMd = (name: string, version = '1.0.0', body = 'Follow the steps.') =>
  `---\nname: ${name}\ndescription: Does ${name} things for the installer suite.\nversion: ${version}\n---\n# ${name}\n\n${body}\n`;
const SEED: Record<string, string> = {
  'plain-notes/SKILL.md': skillMd('plain-notes'),
  'with-files/SKILL.md': skillMd('with-files'),
  'with-files/scripts/run.sh': '#!/bin/sh\necho run\n',
  'with-files/references/field guide.md': '# Guide\n',
};

let server: TestServer;
let proxy: TamperProxy;
let tmp: string;
let scriptFile: string;

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), text);
  }
}

/** Waits until the server lists `name` at `version` to installers. */
async function listed(name: string, version: string): Promise<void> {
  await waitFor(async () => (await (await server.get('/api/skills/install.tsv')).text()).includes(`${name}\t${version}\t`), 10_000);
}

/** A fresh home folder, project folder and TMPDIR. */
async function place() {
  const root = await fs.mkdtemp(path.join(tmp, 'place-'));
  const home = path.join(root, 'home');
  const project = path.join(root, 'project');
  const temp = path.join(root, 'tmp');
  for (const dir of [home, project, temp]) await fs.mkdir(dir);
  const env = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: temp, LANG: 'C', SKILLPORT_KEY: OWNER_KEY, ...extra });
  return { root, home, project, temp, env, skills: path.join(project, '.claude/skills') };
}
type Place = Awaited<ReturnType<typeof place>>;

function run(shell: string, where: Place, args: string[] = [], env: Record<string, string> = {}, options: { detached?: boolean; onSpawn?: (pid: number) => void } = {}): Promise<ScriptRun> {
  return runCommand(shell, [scriptFile, '--server', proxy.url, ...args], { cwd: where.project, env: where.env(env), ...options });
}

const read = (file: string) => fs.readFile(file, 'utf8');

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'skillport-installsh-'));
  const seed = path.join(tmp, 'seed');
  await writeTree(seed, SEED);
  // No public read: everything goes with a key (or, below, a share link).
  server = await startServer({ from: seed });
  proxy = await new TamperProxy(server.url).start();
  await listed('with-files', '1.0.0');
  const res = await fetch(`${proxy.url}/api/skills/install.sh`);
  expect(res.status).toBe(200);
  scriptFile = path.join(tmp, 'install.sh');
  await fs.writeFile(scriptFile, Buffer.from(await res.arrayBuffer()));
}, 30_000);

afterAll(async () => {
  await proxy?.close();
  await server?.close();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

beforeEach(() => proxy.set(undefined));

describe('GET /api/skills/install.sh', () => {
  it('serves the script as text with its digest as ETag, this server as the default, and no key', async () => {
    const res = await server.get('/api/skills/install.sh', {});
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('cache-control')).toMatch(/no-cache/);
    const text = await res.text();
    expect(res.headers.get('etag')).toBe(`"sha256:${sha256(Buffer.from(text))}"`);
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).toContain(`SP_DEFAULT_SERVER='${server.url}'`);
    expect(text).not.toContain(OWNER_KEY);
    // The agent table comes from the server's: the same folders the skills installer uses.
    expect(text).toContain('claude-code:user) sp_r="${CLAUDE_CONFIG_DIR:-$HOME/.claude}/skills"');
    expect(text).toContain('windsurf:project) sp_r=".windsurf/skills"');
    const again = await server.get('/api/skills/install.sh', { 'if-none-match': res.headers.get('etag')! });
    expect(again.status).toBe(304);
    // A Host header that is not a host name never lands in a script.
    const bad = await new Promise<number>((resolve, reject) => {
      const req = http.get(`${server.url}/api/skills/install.sh`, { headers: { host: "x'$(touch /tmp/pwned)" } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    expect(bad).toBe(400);
  });

  it('runs from a pipe, as curl -fsSL URL | sh does, and says what it does', async () => {
    const where = await place();
    const result = await runCommand('/bin/sh', ['-c', `curl -fsSL "${proxy.url}/api/skills/install.sh" | dash -s -- --agent cursor --scope user`], { cwd: where.project, env: where.env() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('installed plain-notes 1.0.0');
    expect(result.stdout).toContain('done: 2 installed');
    expect(await filesUnder(path.join(where.home, '.cursor/skills'))).toEqual([
      '.skillport-manifest', 'plain-notes', 'plain-notes/SKILL.md',
      'with-files', 'with-files/SKILL.md', 'with-files/references', 'with-files/references/field guide.md', 'with-files/scripts', 'with-files/scripts/run.sh',
    ]);
  });
});

describe.each(SHELLS)('install.sh under %s', (shell) => {
  beforeAll(async () => {
    // Each shell starts from the same catalog.
    await writeTree(server.skillsDir, SEED);
    await listed('with-files', '1.0.0');
  });

  it('installs every skill with its files, verified, into the agent folder, and writes a manifest', async () => {
    const where = await place();
    const result = await run(shell, where);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('installed plain-notes 1.0.0');
    expect(result.stdout).toContain('installed with-files 1.0.0');
    for (const [rel, text] of Object.entries(SEED)) expect(await read(path.join(where.skills, rel))).toBe(text);
    expect((await fs.stat(path.join(where.skills, 'with-files/scripts/run.sh'))).mode & 0o111).not.toBe(0);
    const manifest = await read(path.join(where.skills, '.skillport-manifest'));
    expect(manifest).toMatch(/^skill\twith-files\t1\.0\.0\tsha256:[0-9a-f]{64}$/m);
    expect(manifest).toContain(`file\twith-files\t${sha256(Buffer.from(SEED['with-files/references/field guide.md']!))}\treferences/field guide.md`);
    // Nothing left behind: no staging folder, no temporary files.
    expect(await fs.readdir(where.skills)).toEqual(expect.not.arrayContaining(['.skillport-tmp']));
    expect(await fs.readdir(where.temp)).toEqual([]);
  });

  it('changes nothing on a second run, and downloads no bundle', async () => {
    const where = await place();
    expect((await run(shell, where)).code).toBe(0);
    const before = await snapshot(where.project);
    proxy.set(undefined);
    const again = await run(shell, where);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('done: 2 up to date');
    expect(proxy.bundleRequests).toBe(0);
    expect(await snapshot(where.project)).toEqual(before);
  });

  it('updates only the skill whose digest changed, and only with --update', async () => {
    const where = await place();
    expect((await run(shell, where)).code).toBe(0);
    const plainBefore = await fs.stat(path.join(where.skills, 'plain-notes/SKILL.md'));
    await fs.writeFile(path.join(server.skillsDir, 'with-files/SKILL.md'), skillMd('with-files', '1.1.0', 'Newer steps.'));
    await listed('with-files', '1.1.0');

    const plain = await run(shell, where);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('with-files 1.0.0 is installed; the server has 1.1.0: run with --update');
    expect(await read(path.join(where.skills, 'with-files/SKILL.md'))).toBe(SEED['with-files/SKILL.md']);

    const updated = await run(shell, where, ['--update']);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain('updated with-files 1.0.0 -> 1.1.0');
    expect(updated.stdout).toContain('done: 1 updated, 1 up to date');
    expect(await read(path.join(where.skills, 'with-files/SKILL.md'))).toBe(skillMd('with-files', '1.1.0', 'Newer steps.'));
    expect(await read(path.join(where.skills, 'with-files/scripts/run.sh'))).toBe(SEED['with-files/scripts/run.sh']);
    const plainAfter = await fs.stat(path.join(where.skills, 'plain-notes/SKILL.md'));
    expect([plainAfter.ino, plainAfter.mtimeMs]).toEqual([plainBefore.ino, plainBefore.mtimeMs]);
    expect(await read(path.join(where.skills, '.skillport-manifest'))).toMatch(/^skill\twith-files\t1\.1\.0\t/m);

    await fs.writeFile(path.join(server.skillsDir, 'with-files/SKILL.md'), SEED['with-files/SKILL.md']!);
    await listed('with-files', '1.0.0');
  });

  it('never overwrites or removes a locally changed file without --force, and says which', async () => {
    const where = await place();
    expect((await run(shell, where)).code).toBe(0);
    const changed = path.join(where.skills, 'with-files/scripts/run.sh');
    await fs.writeFile(changed, '#!/bin/sh\necho my own\n');
    await fs.writeFile(path.join(server.skillsDir, 'with-files/SKILL.md'), skillMd('with-files', '1.2.0'));
    await listed('with-files', '1.2.0');

    const update = await run(shell, where, ['--update']);
    expect(update.code).toBe(3);
    expect(update.stderr).toContain('left with-files alone, it has local changes: with-files/scripts/run.sh (changed)');
    expect(update.stderr).toContain('--force');
    expect(await read(changed)).toBe('#!/bin/sh\necho my own\n');

    const uninstall = await run(shell, where, ['--uninstall']);
    expect(uninstall.code).toBe(3);
    expect(uninstall.stdout).toContain('removed plain-notes 1.0.0');
    expect(uninstall.stderr).toContain('left with-files alone, it has local changes: with-files/scripts/run.sh (changed); --force removes it anyway');
    expect(await read(changed)).toBe('#!/bin/sh\necho my own\n');
    expect(existsSync(path.join(where.skills, 'plain-notes'))).toBe(false);

    const forced = await run(shell, where, ['--update', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('updated with-files 1.0.0 -> 1.2.0');
    expect(forced.stdout).toContain('installed plain-notes 1.0.0');
    expect(await read(changed)).toBe(SEED['with-files/scripts/run.sh']);

    await fs.writeFile(path.join(server.skillsDir, 'with-files/SKILL.md'), SEED['with-files/SKILL.md']!);
    await listed('with-files', '1.0.0');
  });

  it('uninstalls only what it installed, and leaves a folder it did not make alone', async () => {
    const where = await place();
    await writeTree(where.skills, { 'my-own/SKILL.md': 'mine\n', 'plain-notes/SKILL.md': 'someone else put this here\n' });
    const install = await run(shell, where);
    expect(install.code).toBe(3);
    expect(install.stderr).toContain(`left plain-notes alone: ${where.skills}/plain-notes exists and was not installed by install.sh (--force replaces it)`);
    expect(await read(path.join(where.skills, 'plain-notes/SKILL.md'))).toBe('someone else put this here\n');

    const removed = await run(shell, where, ['--uninstall']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('removed with-files 1.0.0');
    expect(removed.stdout).toContain('done: 1 removed');
    expect(await filesUnder(where.skills)).toEqual(['my-own', 'my-own/SKILL.md', 'plain-notes', 'plain-notes/SKILL.md']);
    const nothing = await run(shell, where, ['--uninstall']);
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toContain('nothing installed by install.sh');
  });

  it('installs nothing when a bundle is cut off mid-stream, and exits non-zero', async () => {
    const where = await place();
    proxy.set({ kind: 'cut', skill: 'with-files' });
    const result = await run(shell, where);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('1 of 2 bundle(s) failed; nothing was installed');
    expect(result.stderr).toMatch(/with-files: the bundle does not match its digest .*cut short or the bundle was altered/);
    expect(await filesUnder(where.skills)).toEqual([]);
    expect(await fs.readdir(where.temp)).toEqual([]);
  });

  it('refuses a tampered bundle (digest mismatch): nothing of it, nor of any other skill, lands', async () => {
    const where = await place();
    proxy.set({ kind: 'flip', skill: 'plain-notes' });
    const result = await run(shell, where);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/plain-notes: the bundle does not match its digest \(the list says sha256:[0-9a-f]{64}, the bytes are sha256:[0-9a-f]{64}\)/);
    expect(await filesUnder(where.skills)).toEqual([]);
  });

  it('refuses bundles whose entries could escape the skill folder, even when their digest matches', async () => {
    const where = await place();
    const outside = path.join(where.root, 'outside');
    await fs.mkdir(outside);
    // Bundles for install.sh hold their files under {name}/.
    const cases: Array<{ name: string; entries: Parameters<typeof hostileBundle>[0] }> = [
      { name: 'with-files', entries: [{ name: 'with-files/SKILL.md' }, { name: 'with-files/../../../outside/dotdot.txt' }] },
      { name: 'absolute-path', entries: [{ name: 'absolute-path/SKILL.md' }, { name: `${outside}/absolute.txt` }] },
      { name: 'symlink-out', entries: [{ name: 'symlink-out/SKILL.md' }, { name: 'symlink-out/link', type: 'symlink', linkname: `${outside}/linked.txt` }] },
      { name: 'hard-link', entries: [{ name: 'hard-link/SKILL.md' }, { name: 'hard-link/hard', type: 'link', linkname: 'hard-link/SKILL.md' }] },
      { name: 'through-link', entries: [{ name: 'through-link/SKILL.md' }, { name: 'through-link/dir', type: 'symlink', linkname: outside }, { name: 'through-link/dir/through.txt' }] },
      { name: 'no-skill-md', entries: [{ name: 'no-skill-md/README.md' }] },
      { name: 'strays-out', entries: [{ name: 'strays-out/SKILL.md' }, { name: 'elsewhere/SKILL.md' }] },
    ];
    // One run with every hostile bundle: all are named, none lands, nor does any other skill.
    const bundles: Record<string, Buffer> = {};
    for (const { name, entries } of cases) bundles[name] = await hostileBundle(entries);
    proxy.set({ kind: 'replace', bundles });
    const result = await run(shell, where);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refused, nothing was installed:');
    for (const { name } of cases) expect(result.stderr, name).toMatch(new RegExp(`^  ${name}: `, 'm'));
    expect(await filesUnder(where.skills)).toEqual([]);
    expect(await fs.readdir(outside)).toEqual([]);
    expect(await fs.readdir(where.temp)).toEqual([]);
  });

  it('leaves nothing half-installed and cleans up when interrupted mid-download', async () => {
    const where = await place();
    proxy.set({ kind: 'stall', skill: 'with-files' });
    let pid = 0;
    const running = run(shell, where, [], {}, { detached: true, onSpawn: (p) => (pid = p) });
    await proxy.stalled;
    // Ctrl-C: the whole process group gets SIGINT.
    process.kill(-pid, 'SIGINT');
    const result = await running;
    expect(result.code).not.toBe(0);
    expect(await filesUnder(where.skills)).toEqual([]);
    expect(await fs.readdir(where.temp)).toEqual([]);
  });

  it('sends the key in a header and never prints or saves it', async () => {
    const where = await place();
    const viaFlag = await run(shell, where, ['--key', OWNER_KEY], { SKILLPORT_KEY: '' });
    expect(viaFlag.code).toBe(0);
    const wrong = `sk_${'f'.repeat(64)}`;
    const refused = await run(shell, where, ['--update'], { SKILLPORT_KEY: wrong });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the server refused the list of skills (HTTP 401');
    expect(refused.stderr).toContain('the key is wrong, revoked or expired');
    const none = await run(shell, where, [], { SKILLPORT_KEY: '' });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('set SKILLPORT_KEY to an API key, or pass --share with a share link');
    for (const output of [viaFlag, refused, none]) {
      expect(output.stdout + output.stderr).not.toContain(OWNER_KEY);
      expect(output.stdout + output.stderr).not.toContain(wrong);
    }
    const grep = await runCommand('grep', ['-r', '-l', '-e', OWNER_KEY.slice(3), '-e', wrong.slice(3), where.root], { cwd: where.root, env: where.env() });
    expect(grep.stdout).toBe('');
  });
});

describe.each(SHELLS)('install.sh with a share link under %s', (shell) => {
  it('installs exactly the share\'s skills without a key, never shows the token, and stops at revocation', async () => {
    const created = await server.call('POST', '/api/shares', { skills: ['plain-notes'], name: `install.sh ${path.basename(shell)}` });
    expect(created.status).toBe(201);
    const share = (await created.json()) as { token: string; url: string; share: { id: string }; commands: { install_sh: string } };
    expect(share.url).toBe(`${server.url}/s/${share.token}`);
    const where = await place();
    // The share link as given, in place of a key.
    const viaLink = await runCommand(shell, [scriptFile, '--share', share.url], { cwd: where.project, env: where.env({ SKILLPORT_KEY: '' }) });
    expect(viaLink.stderr).toBe('');
    expect(viaLink.code).toBe(0);
    expect(viaLink.stdout).toContain(`Skillport: a share link on ${server.url} -> `);
    expect(await filesUnder(where.skills)).toEqual(['.skillport-manifest', 'plain-notes', 'plain-notes/SKILL.md']);
    // The command POST /api/shares hands out, run as it is (the token in SKILLPORT_SHARE).
    const other = await place();
    const handedOut = await runCommand('/bin/sh', ['-c', share.commands.install_sh.replace(/\| (SKILLPORT_SHARE=\S+) sh$/, `| $1 ${shell}`)], { cwd: other.project, env: other.env({ SKILLPORT_KEY: '' }) });
    expect(handedOut.code).toBe(0);
    expect(await filesUnder(other.skills)).toEqual(['.skillport-manifest', 'plain-notes', 'plain-notes/SKILL.md']);
    // Naming a skill outside the share is an error, not a silent skip.
    const outside = await runCommand(shell, [scriptFile, '--share', share.token, '--server', server.url, '--skills', 'with-files'], { cwd: where.project, env: where.env({ SKILLPORT_KEY: '' }) });
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain(`not offered to you by a share link on ${server.url}: with-files`);

    expect((await server.call('DELETE', `/api/shares/${share.share.id}`)).status).toBeLessThan(300);
    const revoked = await runCommand(shell, [scriptFile, '--share', share.url, '--update'], { cwd: where.project, env: where.env({ SKILLPORT_KEY: '' }) });
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toContain('(HTTP 401');
    expect(revoked.stderr).toContain('the share link is wrong, revoked or expired');
    for (const output of [viaLink, handedOut, outside, revoked]) expect(output.stdout + output.stderr).not.toContain(share.token);
    expect(await read(path.join(where.skills, 'plain-notes/SKILL.md'))).toBe(SEED['plain-notes/SKILL.md']);
  });
});

describe('install.sh options', () => {
  it('refuses an unknown agent or scope, listing the valid ones', async () => {
    const where = await place();
    const agent = await run('/bin/dash', where, ['--agent', 'vim']);
    expect(agent.code).toBe(2);
    expect(agent.stderr).toContain('unknown agent "vim"; use one of: all, claude-code, cursor, codex, gemini-cli, github-copilot, opencode, windsurf, goose, amp');
    const scope = await run('/bin/bash', where, ['--scope', 'global']);
    expect(scope.code).toBe(2);
    expect(scope.stderr).toContain('unknown scope "global"; use one of: user, project');
    const help = await run('/bin/dash', where, ['--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--agent', '--scope', '--skills', '--update', '--uninstall', '--force', '--dry-run', '--key', '--share', '--quiet']) expect(help.stdout).toContain(flag);
  });

  it('installs into every detected agent with --agent all, each folder once, and only the named --skills', async () => {
    const where = await place();
    for (const dir of ['.cursor', '.codex', '.config/goose']) await fs.mkdir(path.join(where.home, dir), { recursive: true });
    const result = await run('/bin/dash', where, ['--agent', 'all', '--scope', 'user', '--skills', 'plain-notes']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const dir of ['.cursor/skills', '.agents/skills', '.config/goose/skills']) {
      expect(await filesUnder(path.join(where.home, dir)), dir).toEqual(['.skillport-manifest', 'plain-notes', 'plain-notes/SKILL.md']);
    }
    expect(existsSync(path.join(where.home, '.claude'))).toBe(false);
    const project = await run('/bin/bash', where, ['--agent', 'cursor,codex,github-copilot', '--dry-run']);
    expect(project.code).toBe(0);
    // Three agents, one project folder: listed once, with every agent it serves.
    expect(project.stdout).toContain(`-> ${where.project}/.agents/skills (cursor, codex, github-copilot)`);
    expect(project.stdout).toContain('would install with-files 1.0.0');
    expect(existsSync(path.join(where.project, '.agents'))).toBe(false);
  });

  it('works with shasum when sha256sum is missing, and says which tool is missing', async () => {
    const bin = path.join(tmp, 'bin-no-sha256sum');
    const none = path.join(tmp, 'bin-no-downloader');
    for (const [dir, leave] of [[bin, ['sha256sum']], [none, ['curl', 'wget']]] as const) {
      await fs.mkdir(dir, { recursive: true });
      for (const tool of ['awk', 'cat', 'chmod', 'curl', 'find', 'grep', 'gzip', 'ls', 'mkdir', 'mktemp', 'mv', 'rm', 'shasum', 'sha256sum', 'tar', 'wget', 'perl']) {
        if ((leave as readonly string[]).includes(tool)) continue;
        const target = ['/usr/bin', '/bin'].map((d) => path.join(d, tool)).find((p) => existsSync(p));
        if (target && !existsSync(path.join(dir, tool))) await fs.symlink(target, path.join(dir, tool));
      }
    }
    const where = await place();
    const withShasum = await run('/bin/dash', where, [], { PATH: bin });
    expect(withShasum.stderr).toBe('');
    expect(withShasum.code).toBe(0);
    expect(await read(path.join(where.skills, 'plain-notes/SKILL.md'))).toBe(SEED['plain-notes/SKILL.md']);
    const missing = await run('/bin/dash', where, [], { PATH: none });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('needs curl or wget to download skills');
  });

  it.runIf(existsSync('/usr/bin/wget'))('downloads with wget too and refuses to hand it a key; SKILLPORT_PUBLIC_URL names the server', async () => {
    const where = await place();
    const withKey = await run('/bin/dash', where, [], { SKILLPORT_DOWNLOADER: 'wget' });
    expect(withKey.code).toBe(1);
    expect(withKey.stderr).toContain('an API key needs curl');
    const publicRead = await startServer({ from: path.join(tmp, 'seed'), env: { SKILLPORT_PUBLIC_READ: 'true', SKILLPORT_PUBLIC_URL: 'https://skills.example.com' } });
    try {
      // SKILLPORT_PUBLIC_URL, not the request's host, is the script's default server.
      expect(await (await publicRead.get('/api/skills/install.sh', {})).text()).toContain("SP_DEFAULT_SERVER='https://skills.example.com'");
      await waitFor(async () => (await (await publicRead.get('/api/skills/install.tsv', {})).text()).includes('with-files\t'), 10_000);
      const result = await runCommand('/bin/bash', [scriptFile, '--server', publicRead.url], { cwd: where.project, env: where.env({ SKILLPORT_DOWNLOADER: 'wget', SKILLPORT_KEY: '' }) });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(await read(path.join(where.skills, 'with-files/scripts/run.sh'))).toBe(SEED['with-files/scripts/run.sh']);
    } finally {
      await publicRead.close();
    }
  });
});
