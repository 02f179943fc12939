/**
 * Scanner benchmark: throughput on the real-world corpus and on the generated 10,000-skill
 * catalogue, and the time on each hostile input beside an ordinary input of the same size.
 * Standalone: `tsx bench/scanner.ts` (prints a table, writes bench/results/scanner-<timestamp>.json);
 * `npm run bench -- --only scanner` runs it through bench/run.ts, and a full `npm run bench` adds
 * its rows to the main table.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { scanSkill, type ScanFile, type ScanResult } from '../src/scanner/index.js';
import { loadSkills, type LoadedSkill } from '../src/scanner/load.js';
import { regexEngine } from '../src/scanner/engine/regex.js';
import { generateCorpus } from './generate.js';
import { BENCH_DIR, REPO_ROOT } from './servers.js';

const CORPUS = path.join(REPO_ROOT, 'test', 'corpus');
const CATALOG_SKILLS = 10_000;
const SEED = 0x5eed_2024;
const REPEATS = 3;
/** Hostile input may cost this many times an ordinary input of its size. */
const TARGET_RATIO = 5;
/** The catalog must scan at least this fast. */
const TARGET_MB_PER_SECOND = 20;

/** One row of the benchmark's table (the main run prints scanner rows beside its own). */
export interface ScannerRow {
  metric: string;
  value: string;
  baseline?: string;
  ratio?: number;
  target?: string;
  pass?: boolean;
}

interface Throughput {
  skills: number;
  megabytes: number;
  ms: number;
  mbPerSecond: number;
  /** Megabytes per second of CPU time the process used: what the machine's other load does not change. */
  mbPerCpuSecond: number;
  flagged: number;
  errors: number;
}

/** The floor the scanner is compared with: one plain pass over the same text (decode, read every character). */
interface PlainPass {
  ms: number;
  mbPerSecond: number;
  /** Lines counted: the pass's result, so it cannot be optimised away. */
  lines: number;
}

interface HostileFigure {
  input: string;
  bytes: number;
  ms: number;
  verdict: string;
  ordinaryMs: number;
  ordinaryVerdict: string;
  ratio: number;
}

export interface ScannerFigures {
  corpus: Throughput;
  catalog: Throughput;
  catalogPlainPass: PlainPass;
  hostile: HostileFigure[];
  totalMs: number;
}

const mb = (bytes: number) => bytes / (1024 * 1024);

function scanAll(skills: LoadedSkill[]): Throughput {
  let bytes = 0;
  let flagged = 0;
  let errors = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const skill of skills) {
    const r = scanSkill({ name: skill.name, files: skill.files });
    bytes += skill.files.reduce((n, f) => n + (typeof f.content === 'string' ? Buffer.byteLength(f.content) : f.content.byteLength), 0);
    if (r.verdict === 'flagged') flagged++;
    if (r.verdict === 'error') errors++;
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  return { skills: skills.length, megabytes: mb(bytes), ms, mbPerSecond: mb(bytes) / (ms / 1000), mbPerCpuSecond: mb(bytes) / (cpuMs / 1000), flagged, errors };
}

const utf8 = new TextDecoder();

/** Decodes every file and reads every character once (a line count): what any scan must at least do. */
function plainPass(skills: LoadedSkill[]): PlainPass {
  let bytes = 0;
  let lines = 0;
  const started = performance.now();
  for (const skill of skills) {
    for (const f of skill.files) {
      const text = typeof f.content === 'string' ? f.content : utf8.decode(f.content);
      bytes += typeof f.content === 'string' ? Buffer.byteLength(f.content) : f.content.byteLength;
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
    }
  }
  const ms = performance.now() - started;
  return { ms, mbPerSecond: mb(bytes) / (ms / 1000), lines };
}

/** Median time of a few scans of one skill, and the last result. */
function timeScan(files: ScanFile[]): { ms: number; result: ScanResult } {
  const times: number[] = [];
  let result: ScanResult | undefined;
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    result = scanSkill({ name: 'bench', files });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[REPEATS >> 1]!, result: result! };
}

const MANIFEST = '---\nname: bench\ndescription: A skill used to time the scanner.\n---\n';

/** Ordinary prose of about `bytes` bytes, made from a real skill of the corpus. */
function ordinaryText(bytes: number): string {
  const source = readFileSync(path.join(CORPUS, 'anthropic-skills/claude-api/SKILL.md'), 'utf8');
  let text = '';
  while (text.length < bytes) text += source;
  return text.slice(0, bytes);
}

function hostileInputs(): { name: string; files: ScanFile[] }[] {
  const skillFile = (body: string | Uint8Array): ScanFile[] => [{ path: 'SKILL.md', content: typeof body === 'string' ? MANIFEST + body : body }];
  const invalid = new Uint8Array(1024 * 1024);
  for (let i = 0; i < invalid.length; i++) invalid[i] = (i * 131 + 7) & 0xff;
  const archive = new Uint8Array(1024 * 1024);
  archive.set([0x50, 0x4b, 0x03, 0x04]);
  return [
    { name: '50 MB file (refused by size)', files: skillFile('a'.repeat(50 * 1024 * 1024)) },
    { name: 'million-line file', files: skillFile('a\n'.repeat(1_000_000)) },
    { name: "100,000 'a' then a near match", files: skillFile('a'.repeat(100_000) + ' ignore all previous instruct ' + 'curl http://x.example |') },
    { name: 'deeply nested markdown', files: skillFile('> '.repeat(100_000) + 'x\n' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n' + '- '.repeat(100_000)) },
    { name: '100,000 backticks', files: skillFile('`'.repeat(100_000) + '\ncurl http://x.example/a |\n') },
    { name: 'deeply nested fences', files: skillFile(Array.from({ length: 20_000 }, (_, i) => `${' '.repeat(i % 4)}${'`'.repeat(3 + (i % 7))}${i % 2 ? 'bash' : ''}\n`).join('')) },
    { name: '5 MB single line', files: skillFile('word '.repeat(1_000_000 - 20)) },
    { name: 'invalid UTF-8 (1 MB)', files: [{ path: 'SKILL.md', content: MANIFEST }, { path: 'data.bin', content: invalid }] },
    { name: 'archive (1 MB zip)', files: [{ path: 'SKILL.md', content: MANIFEST }, { path: 'bundle.zip', content: archive }] },
  ];
}

function sizeOf(files: ScanFile[]): number {
  return files.reduce((n, f) => n + (typeof f.content === 'string' ? f.content.length : f.content.byteLength), 0);
}

export async function runScannerBench(log: (message: string) => void = () => {}): Promise<{ rows: ScannerRow[]; figures: ScannerFigures }> {
  const started = performance.now();
  const rows: ScannerRow[] = [];

  const { skills: corpusSkills } = await loadSkills([CORPUS]);
  scanAll(corpusSkills); // first pass builds RE2's automata
  const corpus = scanAll(corpusSkills);
  log(`corpus: ${corpus.skills} skills, ${corpus.megabytes.toFixed(2)} MB, ${corpus.mbPerSecond.toFixed(1)} MB/s`);
  rows.push({ metric: `scanner: corpus throughput (${corpus.skills} skills)`, value: `${corpus.mbPerSecond.toFixed(1)} MB/s`, baseline: `${corpus.megabytes.toFixed(2)} MB in ${corpus.ms.toFixed(0)} ms` });

  const tmp = await mkdtemp(path.join(os.tmpdir(), 'skillport-scanner-bench-'));
  let catalog: Throughput;
  let plain: PlainPass;
  try {
    const dir = path.join(tmp, 'skills');
    await mkdir(dir);
    await generateCorpus(dir, { count: CATALOG_SKILLS, seed: SEED });
    const { skills } = await loadSkills([dir]);
    plainPass(skills); // warms the decoder and the loop
    const before = plainPass(skills);
    catalog = scanAll(skills);
    const after = plainPass(skills);
    // The plain pass runs either side of the scan, so load that drifts during the run touches both.
    plain = { ms: (before.ms + after.ms) / 2, mbPerSecond: (before.mbPerSecond + after.mbPerSecond) / 2, lines: before.lines };
    log(`catalog: ${catalog.skills} skills, ${catalog.megabytes.toFixed(1)} MB, ${catalog.mbPerSecond.toFixed(1)} MB/s (${catalog.mbPerCpuSecond.toFixed(1)} MB per CPU second); plain pass ${plain.mbPerSecond.toFixed(0)} MB/s`);
    rows.push({
      metric: `scanner: catalog throughput (${CATALOG_SKILLS.toLocaleString('en-US')} names, one thread, ${regexEngine().name} RE2)`,
      value: `${catalog.mbPerSecond.toFixed(1)} MB/s (${catalog.mbPerCpuSecond.toFixed(1)} per CPU s)`,
      baseline: `plain pass over the same text ${plain.mbPerSecond.toFixed(0)} MB/s; ${catalog.megabytes.toFixed(1)} MB in ${(catalog.ms / 1000).toFixed(1)} s; ${catalog.flagged} flagged`,
      ratio: catalog.mbPerSecond / plain.mbPerSecond,
      target: `≥ ${TARGET_MB_PER_SECOND} MB/s`,
      pass: catalog.mbPerSecond >= TARGET_MB_PER_SECOND,
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }

  const hostile: HostileFigure[] = [];
  for (const input of hostileInputs()) {
    const bytes = sizeOf(input.files);
    const ordinary = timeScan([{ path: 'SKILL.md', content: MANIFEST + ordinaryText(bytes - MANIFEST.length) }]);
    const attack = timeScan(input.files);
    const ratio = attack.ms / Math.max(ordinary.ms, 0.01);
    hostile.push({ input: input.name, bytes, ms: attack.ms, verdict: attack.result.verdict, ordinaryMs: ordinary.ms, ordinaryVerdict: ordinary.result.verdict, ratio });
    log(`${input.name}: ${attack.ms.toFixed(1)} ms (${attack.result.verdict}) vs ordinary ${ordinary.ms.toFixed(1)} ms`);
    rows.push({
      metric: `scanner: ${input.name}, ${mb(bytes).toFixed(1)} MB`,
      value: `${attack.ms.toFixed(1)} ms (${attack.result.verdict})`,
      baseline: `${ordinary.ms.toFixed(1)} ms (ordinary, ${ordinary.result.verdict})`,
      ratio,
      target: `≤ ${TARGET_RATIO}× ordinary`,
      pass: ratio <= TARGET_RATIO,
    });
  }
  return { rows, figures: { corpus, catalog: catalog!, catalogPlainPass: plain!, hostile, totalMs: performance.now() - started } };
}

function table(rows: ScannerRow[]): string {
  const header = ['metric', 'value', 'baseline', 'ratio', 'target', 'pass/fail'];
  const cells = rows.map((r) => [r.metric, r.value, r.baseline ?? '-', r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}×`, r.target ?? '-', r.pass === undefined ? '-' : r.pass ? 'PASS' : 'FAIL']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/** Runs the scanner benchmark alone: prints the table and writes bench/results/scanner-<timestamp>.json. */
export async function main(): Promise<number> {
  const started = performance.now();
  const log = (message: string) => process.stderr.write(`[bench scanner +${((performance.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
  const { rows, figures } = await runScannerBench(log);
  process.stdout.write('\n' + table(rows) + '\n');
  const timestamp = new Date().toISOString();
  const resultsDir = path.join(BENCH_DIR, 'results');
  await mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `scanner-${timestamp.replace(/:/g, '-')}.json`);
  await writeFile(file, JSON.stringify({ timestamp, environment: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model }, scanner: figures }, null, 2) + '\n');
  process.stdout.write(`\n  total run time ${(figures.totalMs / 1000).toFixed(1)} s\n  results: ${path.relative(process.cwd(), file)}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`[bench scanner] crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
