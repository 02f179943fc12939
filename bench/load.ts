/**
 * What the benchmarks share: load against Skillport beside its ceiling in paired rounds, server CPU
 * per request, and waiting for the background scan to settle.
 */
import autocannon, { type Result } from 'autocannon';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { ScannerRow } from './scanner.js';
import { httpGet } from './servers.js';

export interface RoundFigures {
  reqPerSec: number;
  p99Ms: number;
  p50Ms: number;
  requests: number;
  seconds: number;
}

export interface LoadFigures {
  /** Completed requests over measured seconds, all rounds together. */
  reqPerSec: number;
  /** Worst p99 over the rounds. */
  p99Ms: number;
  p50Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Server CPU time (user + system) per completed request, from /proc (Linux only). */
  cpuUsPerRequest?: number;
  rounds: RoundFigures[];
}

export interface Target {
  url: string;
  pid: number | undefined;
}

export interface LoadSettings {
  connections: number;
  warmupS: number;
  /** Measured seconds per server, split into `rounds` paired rounds. */
  durationS: number;
  rounds: number;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Warms both servers up, then measures them in alternating rounds (ours then the ceiling, then the
 * other way round), so background load that drifts over seconds hits both sides of a pair alike.
 */
export async function pairedLoad(ours: Target, ceiling: Target, paths: string[], headers: Record<string, string>, settings: LoadSettings): Promise<[LoadFigures, LoadFigures]> {
  const requests = paths.map((p) => ({ method: 'GET', path: p, headers }));
  const run = (target: Target, seconds: number) =>
    autocannon({ url: target.url, connections: settings.connections, duration: seconds, sampleInt: 250, requests });
  await run(ours, settings.warmupS);
  await run(ceiling, settings.warmupS);
  const collected = new Map<Target, { results: Result[]; cpuTicks: number | undefined }>([
    [ours, { results: [], cpuTicks: 0 }],
    [ceiling, { results: [], cpuTicks: 0 }],
  ]);
  for (let round = 0; round < settings.rounds; round++) {
    for (const target of round % 2 === 0 ? [ours, ceiling] : [ceiling, ours]) {
      const entry = collected.get(target)!;
      const before = cpuTicksOf(target.pid);
      entry.results.push(await run(target, settings.durationS / settings.rounds));
      const after = cpuTicksOf(target.pid);
      entry.cpuTicks = entry.cpuTicks === undefined || before === undefined || after === undefined ? undefined : entry.cpuTicks + (after - before);
    }
  }
  const summarise = ({ results, cpuTicks }: { results: Result[]; cpuTicks: number | undefined }): LoadFigures => {
    const requests = results.reduce((n, r) => n + r.requests.total, 0);
    const seconds = results.reduce((n, r) => n + r.duration, 0);
    return {
      reqPerSec: requests / seconds,
      p99Ms: Math.max(...results.map((r) => r.latency.p99)),
      p50Ms: median(results.map((r) => r.latency.p50)),
      requests,
      non2xx: results.reduce((n, r) => n + r.non2xx, 0),
      errors: results.reduce((n, r) => n + r.errors, 0),
      timeouts: results.reduce((n, r) => n + r.timeouts, 0),
      cpuUsPerRequest: cpuTicks === undefined || requests === 0 ? undefined : (cpuTicks * (1e6 / CLOCK_TICKS)) / requests,
      rounds: results.map((r) => ({ reqPerSec: r.requests.total / r.duration, p99Ms: r.latency.p99, p50Ms: r.latency.p50, requests: r.requests.total, seconds: r.duration })),
    };
  };
  return [summarise(collected.get(ours)!), summarise(collected.get(ceiling)!)];
}

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat. 100 on every mainstream Linux build. */
const CLOCK_TICKS = 100;

function cpuTicksOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Until the server's background scan has nothing left to do; the milliseconds it took. */
export async function waitForBackgroundScan(base: string, headers: Record<string, string>, log: (line: string) => void): Promise<number> {
  const started = performance.now();
  let lastLog = started;
  for (;;) {
    const res = await httpGet(`${base}/skills/status`, headers);
    const status = JSON.parse(res.body.toString('utf8')) as { scanning: { pending: number; scanned: number; running: boolean } };
    if (!status.scanning.running && status.scanning.pending === 0) {
      const ms = performance.now() - started;
      log(`background scan finished: ${status.scanning.scanned} skill versions in ${(ms / 1000).toFixed(1)} s after listening`);
      return ms;
    }
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`background scan: ${status.scanning.scanned} scanned, ${status.scanning.pending} waiting`);
    }
    await sleep(250);
  }
}

/** A benchmark's rows, one line each, as the `--only <name>` runs print them. */
export function printRows(rows: readonly ScannerRow[]): void {
  for (const row of rows) {
    const baseline = row.baseline ? `; baseline ${row.baseline}` : '';
    const ratio = row.ratio !== undefined ? `; ratio ${row.ratio.toFixed(2)}` : '';
    const target = row.target ? `; target ${row.target} ${row.pass ? 'PASS' : 'FAIL'}` : '';
    process.stdout.write(`${row.metric}: ${row.value}${baseline}${ratio}${target}\n`);
  }
}
