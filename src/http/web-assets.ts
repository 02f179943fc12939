import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../config.js';

/** Where `npm run build` writes the web UI. */
export const WEB_DIST_DIR = path.join(PACKAGE_ROOT, 'dist', 'web');

/** One built file of the web UI, held in memory with its compressed form. */
export interface WebAsset {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  etag: string;
  /** Content-hashed file names never change their content: cache them for a year. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Vite names built files `<name>-<hash>.<ext>` under assets/. */
const HASHED = /^assets\/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

/**
 * Reads the built UI once: it is a handful of small files, so serving them from memory costs a
 * map lookup and never touches the disk per request. Returns null when the UI was not built.
 */
export function loadWebAssets(dir: string = WEB_DIST_DIR): Map<string, WebAsset> | null {
  if (!existsSync(path.join(dir, 'index.html'))) return null;
  const assets = new Map<string, WebAsset>();
  const walk = (sub: string) => {
    for (const name of readdirSync(path.join(dir, sub))) {
      const rel = sub ? `${sub}/${name}` : name;
      const full = path.join(dir, rel);
      if (statSync(full).isDirectory()) {
        walk(rel);
        continue;
      }
      const body = readFileSync(full);
      const type = TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
      const compressible = /^(text\/|image\/svg|application\/json)/.test(type) && body.byteLength >= 1024;
      assets.set(rel, {
        body,
        gzip: compressible ? gzipSync(body, { level: 9 }) : null,
        type,
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
        immutable: HASHED.test(rel),
      });
    }
  };
  walk('');
  return assets;
}
