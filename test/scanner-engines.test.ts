import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/server.js';

/**
 * The scanner matches with Google's RE2 through the native `re2` binding where it was built, and
 * with re2js, RE2 ported to JavaScript, where it was not. Both must give the same findings, down to
 * the line and the context judged, or a skill's verdict would depend on how it was installed.
 */
const run = promisify(execFile);
const TSX = pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

async function scanWith(engine: 'native' | 're2js', dirs: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, ['--import', TSX, path.join(REPO_ROOT, 'src/cli/main.ts'), 'scan', '--format', 'json', ...dirs], {
    cwd: REPO_ROOT,
    env: { ...process.env, SKILLPORT_SCANNER_REGEX: engine },
    maxBuffer: 256 * 1024 * 1024,
    // Exit code 1: some skill has a finding at HIGH or above, as the malicious cases do.
  }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
  const report = JSON.parse(stdout) as Array<Record<string, unknown>>;
  // Durations differ from run to run; everything else must not.
  return report.map(({ result, ...skill }) => {
    const { duration_ms: _ignored, ...kept } = result as Record<string, unknown>;
    return { ...skill, result: kept };
  });
}

let nativeBuilt = true;
try {
  (await import('node:module')).createRequire(import.meta.url)('re2');
} catch {
  nativeBuilt = false;
}

describe('the two regular-expression engines', () => {
  it.skipIf(!nativeBuilt)('find the same on the labelled cases and the real-world corpus', { timeout: 240_000 }, async () => {
    const dirs = ['test/scanner-cases/malicious', 'test/scanner-cases/benign', 'test/corpus'];
    const [native, js] = await Promise.all([scanWith('native', dirs), scanWith('re2js', dirs)]);
    expect((native as unknown[]).length).toBeGreaterThan(650);
    expect(native).toEqual(js);
  });
});
