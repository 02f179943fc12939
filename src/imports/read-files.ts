import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RepositorySnapshot } from '../git/tree.js';
import { AppError } from '../util/app-error.js';
import { asText } from './crawl.js';

/**
 * Every file of a fetched snapshot, text inlined and binary listed with size and digest. Paths are
 * relative to the one path asked for (so they attach as a skill's ancillary files as they are),
 * or full repository paths when several were asked for.
 */
export async function readFilesUnder(snapshot: RepositorySnapshot): Promise<{ files: Record<string, string>; binary_files: Array<{ path: string; size: number; sha256: string }>; lfs_pointers: string[]; count: number }> {
  const files: Record<string, string> = {};
  const binary: Array<{ path: string; size: number; sha256: string }> = [];
  const base = snapshot.paths.length === 1 ? snapshot.paths[0]! : '';
  for (const p of snapshot.paths) {
    const found = await readdir(path.join(snapshot.dir, ...p.split('/').filter(Boolean)), { recursive: true, withFileTypes: true }).catch(() => null);
    if (found === null && !snapshot.lfsPointers.some((f) => f === p || f.startsWith(`${p}/`))) {
      throw new AppError(404, 'path_not_found', `${snapshot.repository} has no ${p} at ${snapshot.ref} (${snapshot.commit.slice(0, 12)})`);
    }
    for (const entry of found ?? []) {
      if (!entry.isFile()) continue;
      const full = path.join(entry.parentPath, entry.name);
      const repoPath = path.relative(snapshot.dir, full).split(path.sep).join('/');
      const key = base === '' ? repoPath : repoPath.slice(base.length + 1) || path.basename(repoPath);
      const content = await readFile(full);
      const text = asText(content);
      if (text === null) binary.push({ path: key, size: content.length, sha256: `sha256:${createHash('sha256').update(content).digest('hex')}` });
      else files[key] = text;
    }
  }
  const lfs = snapshot.lfsPointers.map((p) => (base === '' ? p : p.slice(base.length + 1) || p));
  return { files, binary_files: binary.sort((a, b) => (a.path < b.path ? -1 : 1)), lfs_pointers: lfs, count: Object.keys(files).length + binary.length };
}
