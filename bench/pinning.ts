/**
 * Keeps the server under test and the load generator off each other's CPU during the throughput
 * runs: the server (with all its threads) on CPU 0, this process, which drives autocannon, on the
 * rest. On a two-CPU machine an unpinned client and server otherwise trade cores at the
 * scheduler's whim, and the figure measures that as much as the server. Both Skillport and the
 * ceiling are pinned alike. Linux with `taskset` only; elsewhere nothing is pinned.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

function taskset(cpus: string, pid: number): boolean {
  try {
    // -a: every thread of the process, not only its main thread.
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface Pinning {
  /** What was done, for the report. */
  description: string;
  /** Gives every process back all CPUs. */
  release(): void;
}

export function pinForLoad(serverPids: number[]): Pinning {
  const cpus = os.cpus().length;
  const all = `0-${cpus - 1}`;
  if (process.platform !== 'linux' || cpus < 2) return { description: 'not pinned (needs Linux and two CPUs)', release: () => {} };
  const client = cpus === 2 ? '1' : `1-${cpus - 1}`;
  const pinned = taskset(client, process.pid) && serverPids.every((pid) => taskset('0', pid));
  const release = () => {
    for (const pid of [process.pid, ...serverPids]) taskset(all, pid);
  };
  if (!pinned) {
    release();
    return { description: 'not pinned (taskset unavailable)', release: () => {} };
  }
  return { description: `servers on CPU 0, load generator on CPU ${client}`, release };
}
