/**
 * Importing a git repository of 1,000 skills: `POST /api/skills/import` with `wait: true` against
 * the built server, from a real `git http-backend` on loopback, timed from the request to the
 * answer (fetch, walk, validate, scan and store of every skill). Beside it, in the same run, the
 * floor of the transfer: a plain `git clone --depth 1` of the same repository from the same server.
 * Then the same commit again (nothing to import) and a dry run.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { startGitServer } from '../test/helpers/git-server.js';
import { printRows } from './load.js';
import type { ScannerRow } from './scanner.js';
import { startSkillport, stopAll } from './servers.js';

const run = promisify(execFile);
const SKILLS = 1000;
const CLONES = 3;
const KEY = `sk_${'be9c'.repeat(16)}`;

export interface ImportFigures {
  skills: number;
  files: number;
  importMs: number;
  skillsPerSecond: number;
  cloneMs: number;
  ratio: number;
  sameCommitMs: number;
  dryRunMs: number;
}

const skillMd = (i: number) =>
  `---\nname: imported-skill-${String(i).padStart(4, '0')}\ndescription: Imported skill number ${i}, for the import benchmark\nversion: 1.${i % 7}.0\n---\n\n# Steps\n\n1. Read the request for task ${i}.\n2. Check the runbook section ${i % 40}.\n3. Answer with the result and the sources used.\n`;

export async function runImportBench(log: (message: string) => void = () => {}): Promise<{ rows: ScannerRow[]; figures: ImportFigures }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'skillport-bench-import-'));
  const git = await startGitServer();
  try {
    const repo = await git.createRepo('thousand-skills');
    const files: Record<string, string> = { 'README.md': '# A thousand skills\n' };
    // Both layouts, under a few categories, with a reference file beside every tenth skill.
    for (let i = 0; i < SKILLS; i++) {
      const category = `area-${i % 10}`;
      const name = `imported-skill-${String(i).padStart(4, '0')}`;
      if (i % 2 === 0) {
        files[`skills/${category}/${name}/SKILL.md`] = skillMd(i);
        if (i % 10 === 0) files[`skills/${category}/${name}/references/notes.md`] = `# Notes for ${name}\n\nKeep answers short.\n`;
      } else files[`flat/${category}/${name}.md`] = skillMd(i);
    }
    await repo.write(files);
    await repo.commit('a thousand skills');
    log(`import: repository of ${SKILLS} skills in ${Object.keys(files).length} files`);

    // The floor: the same bytes over the same server with plain git, best of a few.
    let cloneMs = Infinity;
    for (let i = 0; i < CLONES; i++) {
      const target = path.join(tmp, `clone-${i}`);
      const started = performance.now();
      // Asynchronously: the git server answering the clone runs in this process.
      await run('git', ['clone', '--quiet', '--depth=1', '--no-tags', repo.url, target], { env: { PATH: process.env.PATH ?? '', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: tmp } });
      cloneMs = Math.min(cloneMs, performance.now() - started);
    }
    log(`import: git clone --depth 1, best of ${CLONES}: ${cloneMs.toFixed(0)} ms`);

    await mkdir(path.join(tmp, 'skills'));
    const server = await startSkillport({
      label: 'import-node',
      skillsDir: path.join(tmp, 'skills'),
      dataDir: path.join(tmp, 'data'),
      key: KEY,
      env: { SKILLPORT_OUTBOUND_ALLOW_PRIVATE: 'true', SKILLPORT_IMPORT_TIMEOUT_MS: '600000' },
    });
    const base = server.match[1]!;
    const importOnce = async (extra: Record<string, unknown> = {}) => {
      const started = performance.now();
      const res = await fetch(`${base}/api/skills/import`, {
        method: 'POST',
        headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ url: repo.url, visibility: 'global', wait: true, ...extra }),
      });
      const body = (await res.json()) as { imported?: unknown[]; skipped?: unknown[]; errors?: unknown[]; error?: string };
      const ms = performance.now() - started;
      if (res.status !== 200) throw new Error(`import answered ${res.status}: ${body.error ?? JSON.stringify(body).slice(0, 200)}`);
      return { ms, imported: body.imported?.length ?? 0, skipped: body.skipped?.length ?? 0, errors: body.errors?.length ?? 0 };
    };
    const dry = await importOnce({ dry_run: true });
    const first = await importOnce();
    if (first.imported !== SKILLS) throw new Error(`imported ${first.imported} of ${SKILLS} skills (${first.errors} errors)`);
    const again = await importOnce();
    await stopAll();

    const figures: ImportFigures = {
      skills: SKILLS,
      files: Object.keys(files).length,
      importMs: first.ms,
      skillsPerSecond: SKILLS / (first.ms / 1000),
      cloneMs,
      ratio: first.ms / cloneMs,
      sameCommitMs: again.ms,
      dryRunMs: dry.ms,
    };
    log(`import: ${SKILLS} skills in ${(first.ms / 1000).toFixed(2)} s (${figures.skillsPerSecond.toFixed(0)} skills/s), ${figures.ratio.toFixed(1)}× a plain clone; same commit again ${again.ms.toFixed(0)} ms (${again.skipped} skipped); dry run ${dry.ms.toFixed(0)} ms`);
    const rows: ScannerRow[] = [
      { metric: `git import of ${SKILLS} skills: total`, value: `${(first.ms / 1000).toFixed(2)} s`, baseline: `git clone --depth 1 ${cloneMs.toFixed(0)} ms`, ratio: figures.ratio },
      { metric: `git import of ${SKILLS} skills: skills/s`, value: figures.skillsPerSecond.toFixed(0) },
      { metric: 'git import: the same commit again', value: `${again.ms.toFixed(0)} ms` },
      { metric: `git import of ${SKILLS} skills: dry run`, value: `${dry.ms.toFixed(0)} ms` },
    ];
    return { rows, figures };
  } finally {
    await stopAll();
    await git.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

/** `npm run bench -- --only import`: this benchmark alone, against its own server. */
export async function main(): Promise<number> {
  const { rows } = await runImportBench((message) => process.stderr.write(`[bench import] ${message}\n`));
  printRows(rows);
  return 0;
}
