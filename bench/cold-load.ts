/**
 * Child process for the cold-load measurement: loads a skills directory once with a fresh heap and
 * prints one JSON line with the figures. Run as `node [--expose-gc] --import tsx bench/cold-load.ts <dir>`.
 * Module loading happens before the clock starts; only source construction + first publish is timed.
 */
import { performance } from 'node:perf_hooks';
import { Catalog } from '../src/catalog/index.js';
import { FilesystemSource } from '../src/sources/index.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: cold-load.ts <skills dir>');

const gc = (globalThis as { gc?: () => void }).gc;
// What the process holds before loading anything (node, tsx, the imported modules), for reference.
gc?.();
const rssBefore = process.memoryUsage().rss;

const started = performance.now();
const catalog = new Catalog();
const source = new FilesystemSource({ dirs: [dir], watch: false });
let firstPublishMs: number | undefined;
await source.start((state) => {
  catalog.update(source.key, state);
  firstPublishMs ??= performance.now() - started;
});
const startResolvedMs = performance.now() - started;

if (gc) {
  gc();
  gc();
}
const memory = process.memoryUsage();
const snapshot = catalog.snapshot();
let versions = 0;
for (const _ of snapshot.allVersions()) versions++;
await source.stop();

process.stdout.write(
  JSON.stringify({
    loadMs: firstPublishMs ?? startResolvedMs,
    startResolvedMs,
    rss: memory.rss,
    rssBefore,
    heapUsed: memory.heapUsed,
    external: memory.external,
    gcExposed: gc !== undefined,
    skills: snapshot.size,
    versions,
    errors: snapshot.errors.length,
    conflicts: snapshot.conflicts.length,
  }) + '\n',
);
