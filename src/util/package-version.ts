import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../config.js';

let cached: string | undefined;

/** Skillport's own version, from its package.json. Its own module, so the CLI can print it without loading the server. */
export async function packageVersion(): Promise<string> {
  cached ??= (JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return cached;
}
