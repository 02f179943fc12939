import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseSkill, tooLargeMessage, type Diagnostic, type FormatLimits, type SkillFile } from '../../format/index.js';
import { GLOBAL_ACCESS, type SkillEntry } from '../../catalog/types.js';
import type { SkillUnit } from './walk.js';

export interface SkillRoot {
  /** Absolute path of the skills directory. */
  dir: string;
  /** Short label that keeps source ids unique when several directories are configured. */
  label: string;
  /** Position in the configured list; an earlier directory wins a name@version clash. */
  order: number;
}

// Skill files are small and many: synchronous reads cost a fraction of the thread-pool round
// trips of async ones (measured: 1.0 s against 1.7 s for 12,000 files). The source loads units in
// small batches and yields to the event loop between them, so a reload never stalls requests long.
const readFile = async (file: string) => readFileSync(file);
const stat = async (file: string) => statSync(file);

export type UnitLoad = { ok: true; entry: SkillEntry } | { ok: false; file: string; diagnostics: Diagnostic[] };

/** Reads and validates one skill unit found by the walker. */
export async function loadUnit(root: SkillRoot, unit: SkillUnit, limits: FormatLimits): Promise<UnitLoad> {
  const relative = toPosix(path.relative(root.dir, unit.skillFile));
  const fail = (code: string, message: string): UnitLoad => ({
    ok: false,
    file: relative,
    diagnostics: [{ severity: 'error', code, file: relative, field: 'file', message }],
  });

  let raw: Buffer;
  try {
    const info = await stat(unit.skillFile);
    if (!info.isFile()) return fail('not_a_file', 'path is not a regular file');
    if (info.size > limits.maxFileBytes) {
      // Checked before reading so a huge file is never loaded into memory.
      return fail('file_too_large', tooLargeMessage(info.size, limits.maxFileBytes));
    }
    raw = await readFile(unit.skillFile);
  } catch (err) {
    return fail('unreadable', `file could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }

  const segments = relative.split('/');
  const options =
    unit.layout === 'agent-skills'
      ? {
          layout: unit.layout,
          expectedName: path.basename(unit.dir),
          defaultCategory: segments.length >= 3 ? segments[segments.length - 3] : undefined,
        }
      : {
          layout: unit.layout,
          expectedName: path.basename(unit.skillFile).replace(/\.md$/i, ''),
          defaultCategory: segments.length >= 2 ? segments[segments.length - 2] : undefined,
        };
  const outcome = parseSkill(raw, { file: relative, limits, ...options });
  if (!outcome.ok) return { ok: false, file: relative, diagnostics: outcome.diagnostics };

  const files = unit.layout === 'agent-skills' ? await describeFiles(unit.dir, unit.files) : [];
  const { manifest, body, contentHash, warnings } = outcome.skill;
  const now = new Date().toISOString();
  return {
    ok: true,
    entry: {
      name: manifest.name,
      version: manifest.version,
      manifest,
      body,
      contentHash,
      warnings,
      source: 'filesystem',
      sourceId: `${root.label}:${relative}`,
      sourceOrder: root.order,
      sourcePath: relative,
      layout: unit.layout,
      files,
      loadedAt: now,
      updatedAt: now,
      access: GLOBAL_ACCESS,
      isSystem: false,
    },
  };
}

async function describeFiles(dir: string, files: string[]): Promise<SkillFile[]> {
  const described: SkillFile[] = [];
  for (const file of files) {
    try {
      const bytes = await readFile(file);
      described.push({ path: toPosix(path.relative(dir, file)), size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') });
    } catch {
      // A file removed between the walk and now is simply not listed; the watcher reloads the skill.
    }
  }
  return described;
}

export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}
