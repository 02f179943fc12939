import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DEFAULT_LIMITS, type Diagnostic, type FormatLimits } from '../../format/index.js';
import { loadUnit, toPosix } from './load.js';
import { SKILL_FILE, walkSkills, type SkillUnit } from './walk.js';

export interface FileReport {
  /** Path as shown to the user (relative to the working directory when inside it). */
  file: string;
  ok: boolean;
  name?: string;
  version?: string;
  diagnostics: Diagnostic[];
}

/**
 * Validates skill files and folders the way the directory source loads them, without a server.
 * Diagnostics name files relative to `cwd` so they can be clicked in an editor or CI log.
 */
export async function validatePaths(paths: string[], cwd = process.cwd(), limits: Partial<FormatLimits> = {}): Promise<FileReport[]> {
  const allLimits = { ...DEFAULT_LIMITS, ...limits };
  const reports: FileReport[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const stat = await fs.stat(absolute).catch(() => null);
    if (!stat) {
      reports.push(problem(display(absolute, cwd), 'not_found', 'no such file or folder'));
      continue;
    }
    let root = absolute;
    let units: SkillUnit[];
    if (stat.isDirectory()) {
      const walked = await walkSkills(absolute);
      units = walked.units;
      for (const p of walked.problems) reports.push(problem(display(p.path, cwd), p.code, p.message));
    } else if (path.basename(absolute) === SKILL_FILE) {
      // The folder's parent is the root, so the folder name is checked against `name`.
      root = path.dirname(path.dirname(absolute));
      units = [(await walkSkills(path.dirname(absolute))).units.find((u) => u.skillFile === absolute) ?? { layout: 'agent-skills', dir: path.dirname(absolute), skillFile: absolute, files: [] }];
    } else {
      root = path.dirname(absolute);
      units = [{ layout: 'flat', skillFile: absolute }];
    }
    for (const unit of units) {
      const result = loadUnit({ dir: root, label: 'cli', order: 0 }, unit, allLimits);
      const file = display(unit.skillFile, cwd);
      const relabel = (d: Diagnostic): Diagnostic => ({ ...d, file });
      reports.push(
        result.ok
          ? { file, ok: true, name: result.entry.name, version: result.entry.version, diagnostics: result.entry.warnings.map(relabel) }
          : { file, ok: false, diagnostics: result.diagnostics.map(relabel) },
      );
    }
  }
  return reports;
}

function problem(file: string, code: string, message: string): FileReport {
  return { file, ok: false, diagnostics: [{ severity: 'error', code, file, field: 'file', message }] };
}

function display(p: string, cwd: string): string {
  const relative = path.relative(cwd, p);
  return toPosix(relative && !relative.startsWith('..') ? relative : p);
}
