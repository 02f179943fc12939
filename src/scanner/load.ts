import { promises as fs } from 'node:fs';
import path from 'node:path';
import { SKILL_FILE, walkSkills } from '../sources/filesystem/walk.js';
import { DEFAULT_SCAN_LIMITS } from './limits.js';
import type { ScanFile, ScanLimits } from './types.js';

/** A skill read from disk, ready for scanSkill, or the reasons it could not be read. */
export interface LoadedSkill {
  name: string;
  /** Where the skill is, as given by the user (a folder, or a flat file). */
  location: string;
  /** Prefix for finding paths so they point at real files: the skill folder, or the flat file's folder. */
  root: string;
  files: ScanFile[];
  /** Files that could not be read or are over the size limit; the scan of this skill is an error. */
  problems: string[];
}

export interface LoadOptions {
  limits?: Partial<ScanLimits>;
  /** Files (relative to the skill folder) to leave out, e.g. a test case's own `case.json`. */
  exclude?: (relativePath: string) => boolean;
}

/** Most files read from one skill folder; a wrong path (a home folder) cannot make a scan unbounded. */
const MAX_FILES = 1000;

/**
 * Finds and reads the skills under the given paths: skill folders, `SKILL.md` files, flat
 * `<name>.md` files, and folders holding many skills (found the way the filesystem source finds
 * them). Every file of a skill folder is read, hidden ones included: an attacker's file is not
 * less dangerous for starting with a dot.
 */
export async function loadSkills(paths: string[], options: LoadOptions = {}): Promise<{ skills: LoadedSkill[]; problems: string[] }> {
  const limit = { ...DEFAULT_SCAN_LIMITS, ...options.limits };
  const skills: LoadedSkill[] = [];
  const problems: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(given);
    const stat = await fs.stat(absolute).catch(() => null);
    if (!stat) {
      problems.push(`${given}: no such file or folder`);
      continue;
    }
    if (stat.isFile()) {
      const dir = path.dirname(absolute);
      if (path.basename(absolute) === SKILL_FILE) skills.push(await loadFolder(dir, given, limit, options));
      else skills.push(await loadFiles(path.basename(absolute, path.extname(absolute)), given, dir, [absolute], limit, options));
      continue;
    }
    const walked = await walkSkills(absolute);
    for (const p of walked.problems) problems.push(`${p.path}: ${p.message}`);
    for (const unit of walked.units) {
      if (unit.layout === 'agent-skills') skills.push(await loadFolder(unit.dir, path.relative(process.cwd(), unit.dir) || '.', limit, options));
      else skills.push(await loadFiles(path.basename(unit.skillFile, '.md'), path.relative(process.cwd(), unit.skillFile), path.dirname(unit.skillFile), [unit.skillFile], limit, options));
    }
  }
  return { skills, problems };
}

async function loadFolder(dir: string, location: string, limit: ScanLimits, options: LoadOptions): Promise<LoadedSkill> {
  const files: string[] = [];
  const problems: string[] = [];
  await listFiles(dir, dir, files, problems);
  return loadFiles(path.basename(dir), location, dir, files, limit, options, problems);
}

/** Every regular file under `dir`, not following links, stopping at nested skills and at MAX_FILES. */
async function listFiles(root: string, dir: string, out: string[], problems: string[]): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => null);
  if (!entries) {
    problems.push(`${dir}: folder could not be read`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isFile()) {
      if (out.length >= MAX_FILES) {
        problems.push(`${root}: more than ${MAX_FILES} files; the rest were not read`);
        return;
      }
      out.push(full);
    } else if (entry.isDirectory() && entry.name !== '.git' && entry.name !== 'node_modules') {
      const nested = await fs.stat(path.join(full, SKILL_FILE)).catch(() => null);
      if (!nested) await listFiles(root, full, out, problems);
    } else if (entry.isSymbolicLink()) {
      problems.push(`${full}: symbolic link not followed`);
    }
  }
}

async function loadFiles(name: string, location: string, root: string, absolute: string[], limit: ScanLimits, options: LoadOptions, problems: string[] = []): Promise<LoadedSkill> {
  const files: ScanFile[] = [];
  let total = 0;
  for (const file of absolute) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (options.exclude?.(relative)) continue;
    const stat = await fs.stat(file).catch(() => null);
    if (!stat) {
      problems.push(`${relative}: could not be read`);
      continue;
    }
    total += stat.size;
    // Checked before reading, so an oversized file is never loaded into memory.
    if (stat.size > limit.maxFileBytes) {
      problems.push(`${relative}: file is ${(stat.size / (1024 * 1024)).toFixed(1)} MB; the scanner's limit is ${(limit.maxFileBytes / (1024 * 1024)).toFixed(1)} MB per file`);
      continue;
    }
    if (total > limit.maxTotalBytes) {
      problems.push(`skill is over ${(limit.maxTotalBytes / (1024 * 1024)).toFixed(1)} MB; the scanner's limit per skill`);
      break;
    }
    files.push({ path: relative, content: new Uint8Array(await fs.readFile(file)) });
  }
  return { name, location, root, files, problems };
}
