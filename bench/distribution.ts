/**
 * Distribution to agents over 10,000 skills: the Agent Skills discovery index under load beside a
 * bare node:http server replaying its exact bytes (the ceiling); bundle build time beside gzip of
 * the same bytes alone; and install.sh installing every skill into a temporary HOME, beside curl
 * downloading the very same bundles with nothing else done.
 * Standalone: `npm run bench -- --only distribution`; a full `npm run bench` adds its rows.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { buildTarGz, buildZip, modeFor, type BundleInput } from '../src/gateway/bundle.js';
import type { CapturedResponse } from './ceiling.js';
import { generateCorpus, type Corpus } from './generate.js';
import { median, pairedLoad, printRows, waitForBackgroundScan } from './load.js';
import type { ScannerRow } from './scanner.js';
import { httpGet, startScript, startSkillport, stopAll } from './servers.js';

const SKILL_COUNT = 10_000;
const SEED = 0x5eed_2024;
const KEY = `sk_${'be9c'.repeat(16)}`;
const AUTH = { authorization: `Bearer ${KEY}` };
const INDEX = '/.well-known/agent-skills/index.json';
/** The index of 10,000 skills is a few megabytes: fewer connections than the small-body runs. */
const LOAD = { connections: 10, warmupS: 1, durationS: 5, rounds: 10 };
const BUNDLE_SAMPLE = 1_000;
const INSTALL_TIMEOUT_MS = 15 * 60_000;

const exec = promisify(execFile);

export interface DistributionFigures {
  index: { skills: number; bytes: number; reqPerSec: number; ceilingReqPerSec: number; ratio: number; p99Ms: number };
  bundles: { skills: number; tarGzMs: number; zipMs: number; gzipMs: number };
  install: { skills: number; ms: number; updateMs: number; curlMs: number };
}

export async function runDistributionBench(log: (message: string) => void = () => {}): Promise<{ rows: ScannerRow[]; figures: DistributionFigures }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'skillport-bench-distribution-'));
  try {
    const skillsDir = path.join(tmp, 'skills');
    await mkdir(skillsDir);
    const corpus = await generateCorpus(skillsDir, { count: SKILL_COUNT, seed: SEED });
    log(`generated ${corpus.skills.length} skills`);

    const bundles = await bundleBuild(corpus);
    log(`bundles of ${bundles.skills} skills: tar.gz ${bundles.tarGzMs.toFixed(3)} ms, zip ${bundles.zipMs.toFixed(3)} ms each; gzip alone ${bundles.gzipMs.toFixed(3)} ms`);

    const server = await startSkillport({ skillsDir, dataDir: path.join(tmp, 'data'), key: KEY });
    const base = server.match[1]!;
    // Unscanned skills are held back by the quarantine policy; measure the settled catalog.
    await waitForBackgroundScan(base, AUTH, log);

    const index = await indexUnderLoad(base, server.child.pid, tmp, log);
    const install = await installEverything(base, tmp, log);

    const figures: DistributionFigures = { index, bundles, install };
    const rows: ScannerRow[] = [
      {
        metric: `discovery index of ${index.skills} skills (${(index.bytes / 1024 / 1024).toFixed(1)} MB), ${LOAD.connections} connections`,
        value: `${index.reqPerSec.toFixed(0)} req/s, p99 ${index.p99Ms} ms`,
        baseline: `${index.ceilingReqPerSec.toFixed(0)} req/s (bare node:http, same bytes)`,
        ratio: index.ratio,
      },
      {
        metric: `bundle build, median of ${bundles.skills} skills`,
        value: `tar.gz ${bundles.tarGzMs.toFixed(3)} ms, zip ${bundles.zipMs.toFixed(3)} ms`,
        baseline: `${bundles.gzipMs.toFixed(3)} ms (gzip -9 of the same bytes)`,
        ratio: bundles.tarGzMs / bundles.gzipMs,
      },
      {
        metric: `install.sh: ${install.skills} skills into an empty HOME, end to end`,
        value: `${(install.ms / 1000).toFixed(1)} s (${(install.skills / (install.ms / 1000)).toFixed(0)} skills/s); --update with nothing changed ${(install.updateMs / 1000).toFixed(1)} s`,
        baseline: `${(install.curlMs / 1000).toFixed(1)} s (curl downloading the same bundles)`,
        ratio: install.ms / install.curlMs,
      },
    ];
    return { rows, figures };
  } finally {
    await stopAll();
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Median build time of one skill's bundles, over the folder-layout skills of the corpus. */
async function bundleBuild(corpus: Corpus): Promise<DistributionFigures['bundles']> {
  const folders = corpus.skills.filter((skill) => skill.layout === 'agent-skills').slice(0, BUNDLE_SAMPLE);
  const inputs: BundleInput[][] = [];
  for (const skill of folders) inputs.push(await readFolder(path.dirname(skill.file)));
  const time = async (fn: (files: BundleInput[]) => unknown) => {
    const samples: number[] = [];
    for (const files of inputs) {
      const started = performance.now();
      await fn(files);
      samples.push(performance.now() - started);
    }
    return median(samples);
  };
  // A first pass warms the code paths up, so the measured passes compare like with like.
  for (const files of inputs.slice(0, 50)) {
    await buildTarGz(files);
    buildZip(files);
  }
  return {
    skills: inputs.length,
    tarGzMs: await time((files) => buildTarGz(files)),
    zipMs: await time(buildZip),
    gzipMs: await time((files) => gzipSync(Buffer.concat(files.map((file) => file.bytes)), { level: 9 })),
  };
}

async function readFolder(dir: string, prefix = ''): Promise<BundleInput[]> {
  const files: BundleInput[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) files.push(...(await readFolder(path.join(dir, entry.name), `${rel}/`)));
    else if (entry.isFile()) {
      const bytes = await readFile(path.join(dir, entry.name));
      files.push({ path: rel, bytes, mode: modeFor(bytes) });
    }
  }
  return files;
}

async function indexUnderLoad(base: string, pid: number | undefined, tmp: string, log: (message: string) => void): Promise<DistributionFigures['index']> {
  const res = await httpGet(base + INDEX, AUTH);
  if (res.status !== 200) throw new Error(`GET ${INDEX} answered ${res.status}: ${res.body.toString('utf8').slice(0, 200)}`);
  const skills = (JSON.parse(res.body.toString('utf8')) as { skills: unknown[] }).skills.length;
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(res.headers)) {
    if (value === undefined || ['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(key)) continue;
    headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  const captured: Record<string, CapturedResponse> = { [` ${INDEX}`]: { status: 200, headers, body: res.body.toString('base64') } };
  const capturedFile = path.join(tmp, 'index-response.json');
  await writeFile(capturedFile, JSON.stringify(captured));
  const ceiling = await startScript('ceiling.ts', { label: 'ceiling', args: [capturedFile], ready: /^CEILING_URL (\S+)$/ });
  log(`index: ${skills} skills, ${res.body.length} bytes; ceiling at ${ceiling.match[1]}`);
  const [ours, bare] = await pairedLoad({ url: base, pid }, { url: ceiling.match[1]!, pid: ceiling.child.pid }, [INDEX], AUTH, LOAD);
  if (ours.non2xx > 0 || ours.errors > 0) throw new Error(`the index answered ${ours.non2xx} non-2xx responses and ${ours.errors} errors under load`);
  const ratio = median(ours.rounds.map((round, i) => round.reqPerSec / bare.rounds[i]!.reqPerSec));
  log(`index: ours ${ours.reqPerSec.toFixed(0)} req/s, ceiling ${bare.reqPerSec.toFixed(0)} req/s, ratio ${ratio.toFixed(2)}`);
  return { skills, bytes: res.body.length, reqPerSec: ours.reqPerSec, ceilingReqPerSec: bare.reqPerSec, ratio, p99Ms: ours.p99Ms };
}

/** install.sh with every skill into an empty HOME, then `--update` with nothing changed; and curl alone. */
async function installEverything(base: string, tmp: string, log: (message: string) => void): Promise<DistributionFigures['install']> {
  const script = await httpGet(`${base}/api/skills/install.sh`);
  if (script.status !== 200) throw new Error(`GET /api/skills/install.sh answered ${script.status}`);
  const scriptFile = path.join(tmp, 'install.sh');
  await writeFile(scriptFile, script.body);
  const home = path.join(tmp, 'home');
  await mkdir(path.join(home, '.claude'), { recursive: true });
  const run = async (...args: string[]) => {
    const started = performance.now();
    await shell(scriptFile, ['--agent', 'claude-code', '--scope', 'user', ...args], { ...process.env, HOME: home, SKILLPORT_KEY: KEY });
    return performance.now() - started;
  };
  const ms = await run();
  // The script keeps its manifest beside the skills, in a dot file.
  const installed = (await readdir(path.join(home, '.claude', 'skills'))).filter((name) => !name.startsWith('.')).length;
  log(`install.sh: ${installed} skills in ${(ms / 1000).toFixed(1)} s`);
  const updateMs = await run('--update');
  log(`install.sh --update, nothing changed: ${(updateMs / 1000).toFixed(1)} s`);

  // The floor: the same bundles fetched by one curl, as the script fetches them, and nothing else.
  const list = await httpGet(`${base}/api/skills/install.tsv`, AUTH);
  const lines = list.body.toString('utf8').split('\n').filter((line) => line !== '');
  const downloads = path.join(tmp, 'downloads');
  await mkdir(downloads);
  const config = [`header = "Authorization: Bearer ${KEY}"`, 'silent', 'show-error', 'fail'];
  for (const line of lines) {
    const [name, , , rel] = line.split('\t');
    config.push(`url = "${base}/${rel}"`, `output = "${path.join(downloads, `${name}.tgz`)}"`);
  }
  const curlStarted = performance.now();
  await feed('curl', ['-K', '-'], config.join('\n'));
  const curlMs = performance.now() - curlStarted;
  log(`curl alone: ${lines.length} bundles in ${(curlMs / 1000).toFixed(1)} s`);
  return { skills: installed, ms, updateMs, curlMs };
}

async function shell(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await exec('sh', [script, ...args], { env, timeout: INSTALL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`install.sh ${args.join(' ')} failed: ${(e.stderr ?? e.message).slice(-2000)}`);
  }
}

/** Runs a command with `input` on its standard input (curl reads its config there: the key stays off the command line). */
function feed(command: string, args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${stderr.slice(-500)}`))));
    child.stdin.end(input);
  });
}

/** `npm run bench -- --only distribution`. */
export async function main(): Promise<number> {
  const { rows } = await runDistributionBench((message) => process.stderr.write(`[bench distribution] ${message}\n`));
  printRows(rows);
  return 0;
}
