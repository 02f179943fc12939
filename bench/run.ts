/**
 * `npm run bench`: cold load, HTTP throughput against a bare node:http ceiling, and edit-to-visible
 * latency, over 10,000 generated skills. Prints a table and writes bench/results/<timestamp>.json.
 * Exits 0 when targets are missed (they show FAIL), 1 when the benchmark itself crashes.
 */
import SqliteDatabase from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CapturedResponse } from './ceiling.js';
import { generateCorpus, type Corpus, type GeneratedSkill } from './generate.js';
import { main as scannerBenchAlone, runScannerBench, type ScannerRow } from './scanner.js';
import { main as mcpBenchAlone, runMcpBench } from './mcp.js';
import { main as propagationBenchAlone, runPropagationBench } from './propagation.js';
import { main as distributionBenchAlone, runDistributionBench } from './distribution.js';
import { main as webBenchAlone, runWebBench } from './web.js';
import { median, pairedLoad, waitForBackgroundScan, type LoadFigures, type LoadSettings } from './load.js';
import { main as importBenchAlone, runImportBench } from './import.js';
import { pinForLoad } from './pinning.js';
import { BENCH_DIR, closeHttpAgent, httpGet, killAllNow, rssOf, runScript, startScript, startSkillport, stopAll } from './servers.js';

const SKILL_COUNT = 10_000;
const SEED = 0x5eed_2024;
const CONNECTIONS = 50;
const WARMUP_S = 1;
const DURATION_S = 5;
/**
 * The measured 5 s per server is split into short paired rounds (ours then the ceiling, then the
 * other way round), so background load that drifts over seconds, as it does on shared virtual
 * machines, hits both sides of each pair alike. The ratio is the median of the pairs' ratios.
 */
const ROUNDS = 10;
const LOAD: LoadSettings = { connections: CONNECTIONS, warmupS: WARMUP_S, durationS: DURATION_S, rounds: ROUNDS };
const ROTATE_NAMES = 100;
const EDITS = 10;
const POLL_MS = 5;
const EDIT_TIMEOUT_MS = 5000;
const COLD_RUNS = 3;
/** What fetch(), browsers and most HTTP libraries send unless told otherwise. */
const CLIENT_ACCEPT_ENCODING = 'gzip, deflate, br';
/** The owner key the benchmarked server is bootstrapped with; every request sends it. */
const BENCH_KEY = `sk_${'be9c'.repeat(16)}`;
const AUTH = { 'x-api-key': BENCH_KEY };

const responseKey = (acceptEncoding: string, p: string) => `${acceptEncoding} ${p}`;

const TARGETS = {
  coldLoadMs: 1500,
  coldLoadRssMb: 250,
  skillGetRatio: 0.7,
  editVisibleMs: 500,
  searchP99Ms: 10,
};

/** Words the generated bodies use, searched for in the catalog search benchmark. */
const SEARCH_WORDS = ['incident', 'schema', 'deploy', 'pipeline', 'dashboard', 'runbook', 'invoice', 'metric', 'triage', 'contract'];
const CREATE_SECONDS = 3;
const CREATE_CONCURRENCY = 4;

interface ColdRun {
  loadMs: number;
  startResolvedMs: number;
  rss: number;
  rssBefore: number;
  heapUsed: number;
  external: number;
  gcExposed: boolean;
  skills: number;
  versions: number;
  errors: number;
  conflicts: number;
}




interface Comparison {
  paths: number;
  /** Ours over the ceiling, requests per second, one per paired round. */
  pairRatios: number[];
  acceptEncoding?: string;
  responseBytes: { min: number; max: number; mean: number };
  ours: LoadFigures;
  ceiling: LoadFigures;
  ratio: number;
}

const mb = (bytes: number) => bytes / (1024 * 1024);

/** Benchmarks that run alone with `--only <name>`. */
const ALONE: Record<string, () => Promise<number>> = {
  scanner: scannerBenchAlone,
  mcp: mcpBenchAlone,
  propagation: propagationBenchAlone,
  distribution: distributionBenchAlone,
  web: webBenchAlone,
  import: importBenchAlone,
};

async function main(): Promise<number> {
  // `npm run bench -- --only <name>`: one benchmark alone, each with its own servers.
  if (process.argv.includes('--only')) {
    const name = process.argv[process.argv.indexOf('--only') + 1] ?? '';
    const alone = ALONE[name];
    if (!alone) throw new Error(`--only takes one of ${Object.keys(ALONE).join(', ')}; got ${JSON.stringify(name)}`);
    return alone();
  }
  const runStarted = performance.now();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'skillport-bench-'));
  tmpDir = tmp;
  const skillsDir = path.join(tmp, 'skills');
  const dataDir = path.join(tmp, 'data');
  await mkdir(skillsDir);
  const log = (message: string) => process.stderr.write(`[bench +${((performance.now() - runStarted) / 1000).toFixed(1)}s] ${message}\n`);

  try {
    // 1. Corpus.
    const genStarted = performance.now();
    const corpus = await generateCorpus(skillsDir, { count: SKILL_COUNT, seed: SEED });
    const generateMs = performance.now() - genStarted;
    log(`generated ${corpus.skills.length} skills (${corpus.versions} versions) in ${corpus.files} files, ${mb(corpus.bytes).toFixed(1)} MB, ${generateMs.toFixed(0)} ms`);

    // 2a. Cold load, each run in a fresh child.
    const coldRuns: ColdRun[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const line = await runScript('cold-load.ts', { args: [skillsDir], nodeArgs: ['--expose-gc'], label: 'cold-load', timeoutMs: 30_000 });
      coldRuns.push(JSON.parse(line) as ColdRun);
      log(`cold load run ${i + 1}: ${coldRuns[i]!.loadMs.toFixed(0)} ms, rss ${mb(coldRuns[i]!.rss).toFixed(0)} MB`);
    }
    const first = coldRuns[0]!;
    if (first.skills !== corpus.skills.length || first.versions !== corpus.versions || first.errors !== 0) {
      throw new Error(`cold load saw ${first.skills} skills / ${first.versions} versions / ${first.errors} errors; expected ${corpus.skills.length} / ${corpus.versions} / 0`);
    }
    const cold = {
      runs: coldRuns,
      loadMs: median(coldRuns.map((r) => r.loadMs)),
      rssMb: median(coldRuns.map((r) => mb(r.rss))),
      rssBeforeLoadMb: median(coldRuns.map((r) => mb(r.rssBefore))),
      heapUsedMb: median(coldRuns.map((r) => mb(r.heapUsed))),
      gcExposed: first.gcExposed,
    };

    // 2b. The real server (watching on: it is the default, and the edit test needs it).
    const serverStarted = performance.now();
    // Requests carry an API key, as real clients' do; no template seeding, so the catalog is the corpus alone.
    const server = await startSkillport({ skillsDir, dataDir, key: BENCH_KEY, watch: true });
    const ours = server.match[1]!;
    const serverStartMs = performance.now() - serverStarted;
    const serverRssMb = mb(rssOf(server.child.pid) ?? NaN);
    log(`skillport listening at ${ours} after ${serverStartMs.toFixed(0)} ms (in-process ${server.match[2]} ms), rss ${serverRssMb.toFixed(0)} MB`);

    // The server scans every loaded skill in the background; measure serving once that is done,
    // so the figures (and the bytes captured for the ceiling) are those of a settled catalog.
    const backgroundScanMs = await waitForBackgroundScan(ours, AUTH, log);

    // Paths: ~100 names spread over the corpus (single- and multi-version), and every category.
    const step = Math.floor(corpus.skills.length / ROTATE_NAMES);
    const rotated = Array.from({ length: ROTATE_NAMES }, (_, i) => corpus.skills[i * step]!);
    const skillPaths = rotated.map((s) => `/api/v1/skills/${s.name}`);
    const listPaths = corpus.categories.map((c) => `/api/v1/skills?category=${encodeURIComponent(c)}`);

    // Capture the exact bytes once, and hand them to the ceiling server. Keys are
    // "<accept-encoding> <path>": plain requests, plus compressed skill GETs as a typical client sends them.
    const captured: Record<string, CapturedResponse> = {};
    const capture = async (p: string, acceptEncoding: string) => {
      const res = await httpGet(ours + p, { ...AUTH, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) });
      if (res.status !== 200) throw new Error(`GET ${p} answered ${res.status}: ${res.body.toString('utf8').slice(0, 200)}`);
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(res.headers)) {
        if (value === undefined || ['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(key)) continue;
        headers[key] = Array.isArray(value) ? value.join(', ') : value;
      }
      captured[responseKey(acceptEncoding, p)] = { status: res.status, headers, body: res.body.toString('base64') };
    };
    // The merged catalog: pages of 50 (all skills and per category), and ranked searches.
    const catalogPaths = ['/api/skills?page_size=50', ...corpus.categories.map((c) => `/api/skills?page_size=50&category=${encodeURIComponent(c)}`)];
    const searchPaths = SEARCH_WORDS.map((word) => `/api/skills?q=${encodeURIComponent(word)}&page_size=20`);
    for (const p of [...skillPaths, ...listPaths, ...catalogPaths, ...searchPaths]) await capture(p, '');
    for (const p of skillPaths) await capture(p, CLIENT_ACCEPT_ENCODING);
    const bodyOf = (acceptEncoding: string, p: string) => Buffer.from(captured[responseKey(acceptEncoding, p)]!.body, 'base64');
    const sample = JSON.parse(bodyOf('', skillPaths[0]!).toString('utf8')) as { skill?: { name?: string } };
    if (sample.skill?.name !== rotated[0]!.name) throw new Error(`unexpected body for ${skillPaths[0]}`);
    const compressedWith = captured[responseKey(CLIENT_ACCEPT_ENCODING, skillPaths[0]!)]!.headers['content-encoding'] ?? 'identity';
    const capturedFile = path.join(tmp, 'responses.json');
    await writeFile(capturedFile, JSON.stringify(captured));

    const ceilingChild = await startScript('ceiling.ts', { label: 'ceiling', args: [capturedFile], ready: /^CEILING_URL (\S+)$/ });
    const ceiling = ceilingChild.match[1]!;
    for (const [acceptEncoding, p] of [['', skillPaths[0]!], ['', listPaths[0]!], [CLIENT_ACCEPT_ENCODING, skillPaths[0]!]] as const) {
      const res = await httpGet(ceiling + p, acceptEncoding ? { 'accept-encoding': acceptEncoding } : {});
      if (!res.body.equals(bodyOf(acceptEncoding, p))) throw new Error(`ceiling server answers ${p} with different bytes`);
    }
    log(`ceiling listening at ${ceiling}`);

    // 2c. Throughput.
    const loadAvgBefore = os.loadavg()[0]!;
    const pinning = pinForLoad([server.child.pid, ceilingChild.child.pid].filter((pid): pid is number => pid !== undefined));
    log(`throughput runs: ${pinning.description}`);
    const compare = async (label: string, paths: string[], acceptEncoding = ''): Promise<Comparison> => {
      const sizes = paths.map((p) => bodyOf(acceptEncoding, p).length);
      const headers: Record<string, string> = { ...AUTH, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) };
      const [oursFigures, ceilingFigures] = await pairedLoad({ url: ours, pid: server.child.pid }, { url: ceiling, pid: ceilingChild.child.pid }, paths, headers, LOAD);
      const pairRatios = oursFigures.rounds.map((round, i) => round.reqPerSec / ceilingFigures.rounds[i]!.reqPerSec);
      const cpu = (f: LoadFigures) => (f.cpuUsPerRequest === undefined ? '' : `, ${f.cpuUsPerRequest.toFixed(1)} µs CPU/req`);
      log(`${label} ours: ${oursFigures.reqPerSec.toFixed(0)} req/s, p99 ${oursFigures.p99Ms} ms${cpu(oursFigures)}`);
      log(`${label} ceiling: ${ceilingFigures.reqPerSec.toFixed(0)} req/s, p99 ${ceilingFigures.p99Ms} ms${cpu(ceilingFigures)}`);
      log(`${label} ratio per pair: ${pairRatios.map((r) => r.toFixed(2)).join(' ')}; median ${median(pairRatios).toFixed(2)}`);
      return {
        paths: paths.length,
        acceptEncoding: acceptEncoding || undefined,
        responseBytes: { min: Math.min(...sizes), max: Math.max(...sizes), mean: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length) },
        ours: oursFigures,
        ceiling: ceilingFigures,
        pairRatios,
        ratio: median(pairRatios),
      };
    };
    const skillGet = await compare('GET /api/v1/skills/{name}', skillPaths);
    const listGet = await compare('GET /api/v1/skills?category=X', listPaths);
    const skillGetCompressed = await compare(`GET /api/v1/skills/{name} (Accept-Encoding: ${CLIENT_ACCEPT_ENCODING})`, skillPaths, CLIENT_ACCEPT_ENCODING);
    const catalogPage = await compare('GET /api/skills?page_size=50', catalogPaths);
    const catalogSearch = await compare('GET /api/skills?q=<word>', searchPaths);
    // Latency of searches the server has not answered before (no page cache), one client at a time.
    const searchLatency = await distinctSearchLatency(ours, corpus);
    log(`search latency over ${searchLatency.queries} distinct words: p50 ${searchLatency.p50Ms.toFixed(1)} ms, p99 ${searchLatency.p99Ms.toFixed(1)} ms`);
    pinning.release();

    // 2c''. MCP tool calls beside the HTTP requests that answer the same questions.
    const mcp = await runMcpBench({ url: ours, headers: AUTH, names: rotated.map((s) => s.name), words: SEARCH_WORDS }, log);

    // 2c'. Stored-skill creates through the API, beside the same writes made straight to SQLite.
    const creates = await createsPerSecond(ours);
    const createBaseline = sqliteBaseline(tmp);
    log(`config creates: ${creates.perSecond.toFixed(0)}/s through the API; ${createBaseline.perSecond.toFixed(0)}/s straight to SQLite`);

    // 2d. Edit to visible, on single-version skills of both layouts in different categories.
    const edits = await editToVisible(ours, corpus, new Set(rotated.map((s) => s.name)));
    log(`edit-to-visible: ${edits.map((e) => e.ms.toFixed(0)).join(', ')} ms`);
    const editMs = edits.map((e) => e.ms);

    await stopAll();

    // 2e. The static scanner, in this process once the servers are gone.
    const scanner = await runScannerBench(log);

    // 2f. Change propagation between two nodes on PostgreSQL (skipped without one).
    const propagation = await runPropagationBench(log);

    // 2g. Distribution to agents: the discovery index, bundles, install.sh over 10,000 skills.
    const distribution = await runDistributionBench(log);

    // 2h. The web UI: asset sizes and the catalog's first render in Chromium.
    const web = await runWebBench(log);

    // 2i. A git import of 1,000 skills, beside a plain git clone of the same repository.
    const gitImport = await runImportBench(log);

    // 3. Report.
    const figures = {
      timestamp: new Date().toISOString(),
      environment: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model },
      settings: { skills: SKILL_COUNT, seed: SEED, connections: CONNECTIONS, warmupS: WARMUP_S, durationS: DURATION_S, rounds: ROUNDS, edits: EDITS, pollMs: POLL_MS },
      corpus: { files: corpus.files, bytes: corpus.bytes, skills: corpus.skills.length, versions: corpus.versions, categories: corpus.categories.length, generateMs },
      coldLoad: cold,
      server: { startMs: serverStartMs, inProcessStartMs: Number(server.match[2]), rssAfterStartMb: serverRssMb, watch: true, publicRead: true, rateLimit: 0, logLinesWhileServing: server.later.count, logSample: server.later.lines.slice(0, 5) },
      backgroundScan: { ms: backgroundScanMs, skills: SKILL_COUNT },
      throughput: { loadAvgBefore, pinning: pinning.description, skillGet, listByCategory: listGet, skillGetCompressed: { ...skillGetCompressed, contentEncoding: compressedWith }, catalogPage, catalogSearch, searchLatency },
      configCreates: { api: creates, sqliteBaseline: createBaseline, ratio: creates.perSecond / createBaseline.perSecond },
      editToVisible: { samples: edits, medianMs: median(editMs), maxMs: Math.max(...editMs) },
      scanner: scanner.figures,
      mcp: mcp.figures,
      propagation: propagation.figures ?? null,
      distribution: distribution.figures,
      web: web.figures ?? null,
      gitImport: gitImport.figures,
      totalMs: 0,
      pass: {} as Record<string, boolean>,
    };

    const rows: Row[] = [
      { metric: 'cold load: start() to first snapshot', value: `${cold.loadMs.toFixed(0)} ms`, target: `≤ ${TARGETS.coldLoadMs} ms`, pass: cold.loadMs <= TARGETS.coldLoadMs },
      { metric: `cold load: RSS after load${cold.gcExposed ? ' (after GC)' : ''}`, value: `${cold.rssMb.toFixed(0)} MB`, target: `≤ ${TARGETS.coldLoadRssMb} MB`, pass: cold.rssMb <= TARGETS.coldLoadRssMb },
      { metric: 'background scan of every loaded skill, after listening', value: `${(backgroundScanMs / 1000).toFixed(1)} s` },
      { metric: 'GET /skills/{name}: req/s', value: fmtRate(skillGet.ours.reqPerSec), baseline: fmtRate(skillGet.ceiling.reqPerSec), ratio: skillGet.ratio, target: `≥ ${TARGETS.skillGetRatio} × ceiling`, pass: skillGet.ratio >= TARGETS.skillGetRatio },
      { metric: 'GET /skills/{name}: p99 latency', value: `${skillGet.ours.p99Ms} ms`, baseline: `${skillGet.ceiling.p99Ms} ms`, ratio: skillGet.ours.p99Ms / skillGet.ceiling.p99Ms },
      ...cpuRow('GET /skills/{name}: server CPU per request', skillGet),
      { metric: 'GET /skills?category=X: req/s', value: fmtRate(listGet.ours.reqPerSec), baseline: fmtRate(listGet.ceiling.reqPerSec), ratio: listGet.ratio },
      { metric: 'GET /skills?category=X: p99 latency', value: `${listGet.ours.p99Ms} ms`, baseline: `${listGet.ceiling.p99Ms} ms`, ratio: listGet.ours.p99Ms / listGet.ceiling.p99Ms },
      ...cpuRow('GET /skills?category=X: server CPU per request', listGet),
      { metric: `GET /skills/{name}, ${compressedWith}: req/s`, value: fmtRate(skillGetCompressed.ours.reqPerSec), baseline: fmtRate(skillGetCompressed.ceiling.reqPerSec), ratio: skillGetCompressed.ratio },
      { metric: `GET /skills/{name}, ${compressedWith}: p99 latency`, value: `${skillGetCompressed.ours.p99Ms} ms`, baseline: `${skillGetCompressed.ceiling.p99Ms} ms`, ratio: skillGetCompressed.ours.p99Ms / skillGetCompressed.ceiling.p99Ms },
      ...cpuRow(`GET /skills/{name}, ${compressedWith}: server CPU per request`, skillGetCompressed),
      { metric: 'GET /api/skills?page_size=50: req/s', value: fmtRate(catalogPage.ours.reqPerSec), baseline: fmtRate(catalogPage.ceiling.reqPerSec), ratio: catalogPage.ratio },
      { metric: 'GET /api/skills?page_size=50: p99 latency', value: `${catalogPage.ours.p99Ms} ms`, baseline: `${catalogPage.ceiling.p99Ms} ms`, ratio: catalogPage.ours.p99Ms / catalogPage.ceiling.p99Ms },
      { metric: 'GET /api/skills?q=<word>: req/s', value: fmtRate(catalogSearch.ours.reqPerSec), baseline: fmtRate(catalogSearch.ceiling.reqPerSec), ratio: catalogSearch.ratio },
      { metric: 'GET /api/skills?q=<word>: p99 latency', value: `${catalogSearch.ours.p99Ms} ms`, baseline: `${catalogSearch.ceiling.p99Ms} ms`, ratio: catalogSearch.ours.p99Ms / catalogSearch.ceiling.p99Ms },
      { metric: `q=<new word>, one client: p99 of ${searchLatency.queries}`, value: `${searchLatency.p99Ms.toFixed(1)} ms`, baseline: `${searchLatency.healthP99Ms.toFixed(1)} ms (GET /healthz)`, ratio: searchLatency.p99Ms / searchLatency.healthP99Ms, target: `< ${TARGETS.searchP99Ms} ms`, pass: searchLatency.p99Ms < TARGETS.searchP99Ms },
      { metric: 'config creates per second', value: `${creates.perSecond.toFixed(0)}/s`, baseline: `${createBaseline.perSecond.toFixed(0)}/s (SQLite direct)`, ratio: creates.perSecond / createBaseline.perSecond },
      { metric: `edit-to-visible: median of ${EDITS}`, value: `${figures.editToVisible.medianMs.toFixed(0)} ms`, target: `≤ ${TARGETS.editVisibleMs} ms`, pass: figures.editToVisible.medianMs <= TARGETS.editVisibleMs },
      { metric: `edit-to-visible: max of ${EDITS}`, value: `${figures.editToVisible.maxMs.toFixed(0)} ms`, target: `≤ ${TARGETS.editVisibleMs} ms`, pass: figures.editToVisible.maxMs <= TARGETS.editVisibleMs },
      ...mcp.rows,
      ...scanner.rows,
      ...propagation.rows,
      ...distribution.rows,
      ...web.rows,
      ...gitImport.rows,
    ];
    const passOf = (prefix: string) => rows.find((r) => r.metric.startsWith(prefix))!.pass!;
    figures.pass = {
      coldLoadMs: passOf('cold load: start()'),
      coldLoadRss: passOf('cold load: RSS'),
      skillGetRatio: passOf('GET /skills/{name}: req/s'),
      editVisibleMedian: passOf('edit-to-visible: median'),
      searchP99: passOf('q=<new word>, one client'),
      editVisibleMax: passOf('edit-to-visible: max'),
    };
    figures.totalMs = performance.now() - runStarted;

    const bad = (f: LoadFigures) => f.non2xx + f.errors + f.timeouts;
    const notes = [
      `corpus: ${corpus.skills.length} skills, ${corpus.versions} versions, ${corpus.files} files, ${mb(corpus.bytes).toFixed(1)} MB, ${corpus.categories.length} categories (generated in ${(generateMs / 1000).toFixed(1)} s)`,
      `cold load: median of ${COLD_RUNS} fresh child processes (${coldRuns.map((r) => r.loadMs.toFixed(0)).join(' / ')} ms); heap used ${cold.heapUsedMb.toFixed(0)} MB, RSS before loading (node + tsx + modules) ${cold.rssBeforeLoadMb.toFixed(0)} MB`,
      `server (watch on): ready ${serverStartMs.toFixed(0)} ms after spawn, RSS ${serverRssMb.toFixed(0)} MB`,
      `load: autocannon ${CONNECTIONS} connections, ${WARMUP_S} s warm-up, then ${DURATION_S} s per server in ${ROUNDS} paired rounds of ${DURATION_S / ROUNDS} s, alternating which goes first (req/s = all requests / all seconds, ratio = median of the pairs' ratios, p99 = worst round); skill bodies ${skillGet.responseBytes.min}-${skillGet.responseBytes.max} B over ${skillGet.paths} names; list bodies ${listGet.responseBytes.min}-${listGet.responseBytes.max} B over ${listGet.paths} categories`,
      `throughput runs: ${pinning.description}`,
      `compressed rows: the same skill GETs sent with "Accept-Encoding: ${CLIENT_ACCEPT_ENCODING}" (answered with ${compressedWith}, ${skillGetCompressed.responseBytes.min}-${skillGetCompressed.responseBytes.max} B); the ceiling replays the compressed bytes`,
      `failed requests (non-2xx/errors/timeouts): ours ${bad(skillGet.ours) + bad(listGet.ours) + bad(skillGetCompressed.ours)}, ceiling ${bad(skillGet.ceiling) + bad(listGet.ceiling) + bad(skillGetCompressed.ceiling)}`,
      ...(loadAvgBefore > 0.5
        ? [`WARNING: 1-minute load average was ${loadAvgBefore.toFixed(2)} on ${os.cpus().length} CPUs before the load test: other processes compete, throughput figures are noisy (CPU/request is the steadier figure)`]
        : []),
      ...(server.later.count > 0 ? [`skillport wrote ${server.later.count} log line(s) at warn level or above while serving: ${summariseLogs(server.later.lines)}`] : []),
      `total run time ${(figures.totalMs / 1000).toFixed(1)} s`,
    ];
    process.stdout.write('\n' + table(rows) + '\n\n' + notes.map((n) => `  ${n}`).join('\n') + '\n');

    const resultsDir = path.join(BENCH_DIR, 'results');
    await mkdir(resultsDir, { recursive: true });
    const resultsFile = path.join(resultsDir, `${figures.timestamp.replace(/:/g, '-')}.json`);
    await writeFile(resultsFile, JSON.stringify(figures, null, 2) + '\n');
    process.stdout.write(`\n  results: ${path.relative(process.cwd(), resultsFile)}\n`);
    return 0;
  } finally {
    await stopAll();
    closeHttpAgent();
    await rm(tmp, { recursive: true, force: true });
    tmpDir = undefined;
  }
}



function cpuRow(metric: string, c: Comparison): Row[] {
  const ours = c.ours.cpuUsPerRequest;
  const ceiling = c.ceiling.cpuUsPerRequest;
  if (ours === undefined || ceiling === undefined) return [];
  return [{ metric, value: `${ours.toFixed(1)} µs`, baseline: `${ceiling.toFixed(1)} µs`, ratio: ours / ceiling }];
}

interface EditSample {
  name: string;
  layout: GeneratedSkill['layout'];
  ms: number;
  polls: number;
  visible: boolean;
}

async function editToVisible(base: string, corpus: Corpus, avoid: Set<string>): Promise<EditSample[]> {
  // Alternate layouts, one skill per category, skipping names the load test used.
  const chosen: GeneratedSkill[] = [];
  const usedCategories = new Set<string>();
  for (const skill of corpus.skills) {
    if (chosen.length === EDITS) break;
    const wantLayout = chosen.length % 2 === 0 ? 'agent-skills' : 'flat';
    if (skill.layout !== wantLayout || skill.versions.length !== 1 || avoid.has(skill.name) || usedCategories.has(skill.category)) continue;
    chosen.push(skill);
    usedCategories.add(skill.category);
  }
  if (chosen.length < EDITS) throw new Error(`only ${chosen.length} skills suitable for the edit test`);

  const samples: EditSample[] = [];
  for (const [i, skill] of chosen.entries()) {
    const token = `bench-edit-${i}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const text = await readFile(skill.file, 'utf8');
    const edited = text.replace(/^description: .*$/m, `description: "${token}"`);
    if (edited === text) throw new Error(`no description line in ${skill.file}`);
    const url = `${base}/api/v1/skills/${skill.name}`;

    const started = performance.now();
    await writeFile(skill.file, edited);
    let polls = 0;
    let visible = false;
    while (performance.now() - started < EDIT_TIMEOUT_MS) {
      polls++;
      const res = await httpGet(url, AUTH);
      if (res.status === 200 && res.body.includes(token)) {
        visible = true;
        break;
      }
      await sleep(POLL_MS);
    }
    samples.push({ name: skill.name, layout: skill.layout, ms: performance.now() - started, polls, visible });
    await sleep(50);
  }
  return samples;
}

type Row = ScannerRow;

/** "N× <level> <message> (<error message>)" for each distinct pino line. */
function summariseLogs(lines: string[]): string {
  const counts = new Map<string, number>();
  for (const line of lines) {
    let key = line.slice(0, 120);
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      key = `level ${entry.level ?? '?'} "${entry.msg ?? ''}"${entry.err?.message ? ` (${entry.err.message})` : ''}`;
    } catch {
      // Not JSON: keep the raw start of the line.
    }
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${n}× ${key}`).join('; ') + (lines.length > 0 ? ` (first ${lines.length} lines)` : '');
}

function fmtRate(n: number): string {
  return `${Math.round(n).toLocaleString('en-US')} req/s`;
}

function table(rows: Row[]): string {
  const header = ['metric', 'value', 'baseline (ceiling)', 'ratio', 'target', 'pass/fail'];
  const cells = rows.map((r) => [
    r.metric,
    r.value,
    r.baseline ?? '-',
    r.ratio === undefined || !Number.isFinite(r.ratio) ? '-' : `${r.ratio.toFixed(2)}×`,
    r.target ?? '-',
    r.pass === undefined ? '-' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/** The run's temporary directory while it exists, so an interrupted run still removes it. */
let tmpDir: string | undefined;

process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n[bench] ${signal}: stopping children\n`);
    void stopAll().finally(() => {
      if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
      process.exit(130);
    });
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  async (err: unknown) => {
    process.stderr.write(`\n[bench] crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await stopAll().catch(() => {});
    process.exit(1);
  },
);

interface CreateFigures {
  perSecond: number;
  created: number;
  failed: number;
  seconds: number;
}

/** POSTs new stored skills for a few seconds from a few concurrent clients; counts the 201s. */
async function createsPerSecond(base: string): Promise<CreateFigures> {
  let created = 0;
  let failed = 0;
  let n = 0;
  const started = performance.now();
  const deadline = started + CREATE_SECONDS * 1000;
  const body = (i: number) => JSON.stringify({ skill_content: createContent(`bench-create-${i}`) });
  await Promise.all(
    Array.from({ length: CREATE_CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const res = await fetch(`${base}/api/skills/configs`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: body(n++) });
        await res.arrayBuffer();
        if (res.status === 201) created++;
        else failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: created / seconds, created, failed, seconds };
}

/**
 * The same writes a create makes (the row, its revision, an audit entry) in one transaction, straight
 * into an SQLite file with the server's settings: the cost of durable storage alone.
 */
function sqliteBaseline(tmp: string): CreateFigures {
  const db = new SqliteDatabase(path.join(tmp, 'baseline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`create table configs (id text primary key, name text, content text, created_at text);
           create table revisions (id integer primary key autoincrement, config_id text, snapshot text);
           create table audit (id integer primary key autoincrement, at text, details text);`);
  const insert = db.transaction((i: number) => {
    const content = createContent(`bench-create-${i}`);
    const at = new Date().toISOString();
    db.prepare('insert into configs values (?, ?, ?, ?)').run(`id-${i}`, `bench-create-${i}`, content, at);
    db.prepare('insert into revisions (config_id, snapshot) values (?, ?)').run(`id-${i}`, JSON.stringify({ content, at }));
    db.prepare('insert into audit (at, details) values (?, ?)').run(at, JSON.stringify({ name: `bench-create-${i}` }));
  });
  let created = 0;
  const started = performance.now();
  while (performance.now() - started < CREATE_SECONDS * 1000) insert(created++);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { perSecond: created / seconds, created, failed: 0, seconds };
}

function createContent(name: string): string {
  const steps = Array.from({ length: 40 }, (_, i) => `${i + 1}. Check the ${name} step ${i + 1} and record what you find.`).join('\n');
  return `---\nname: ${name}\ndescription: A stored skill made by the benchmark\nversion: "1.0.0"\n---\n\n# ${name}\n\n${steps}\n`;
}

interface LatencyFigures {
  queries: number;
  p50Ms: number;
  p99Ms: number;
  /** The same measurement on /healthz: what one round trip costs with no work behind it. */
  healthP99Ms: number;
}

/** One client, each query a word not searched before, so no cached page answers it. */
async function distinctSearchLatency(base: string, corpus: Corpus): Promise<LatencyFigures> {
  const words = [...new Set(corpus.skills.flatMap((skill) => skill.name.split('-')).filter((w) => /^[a-z]{4,}$/.test(w) && !SEARCH_WORDS.includes(w)))].slice(0, 300);
  const time = async (p: string) => {
    const started = performance.now();
    const res = await httpGet(base + p, AUTH);
    if (res.status !== 200) throw new Error(`GET ${p} answered ${res.status}`);
    return performance.now() - started;
  };
  await time('/api/skills?q=warmup&page_size=20');
  const samples: number[] = [];
  for (const word of words) samples.push(await time(`/api/skills?q=${encodeURIComponent(word)}&page_size=20`));
  const health: number[] = [];
  for (let i = 0; i < words.length; i++) health.push(await time('/healthz'));
  const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
  return { queries: samples.length, p50Ms: pct(samples, 0.5), p99Ms: pct(samples, 0.99), healthP99Ms: pct(health, 0.99) };
}

/** Polls /skills/status until the background scanner has nothing left; returns how long that took from now. */
