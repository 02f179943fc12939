import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';

/** A skill as found on disk, before its files are read. */
export type SkillUnit =
  | { layout: 'agent-skills'; /** absolute folder holding SKILL.md */ dir: string; skillFile: string; files: string[] }
  | { layout: 'flat'; skillFile: string };

export interface WalkProblem {
  /** Absolute path of the offending entry. */
  path: string;
  code: 'symlink_loop' | 'unreadable' | 'too_many_files';
  message: string;
}

export interface WalkResult {
  units: SkillUnit[];
  problems: WalkProblem[];
}

export const SKILL_FILE = 'SKILL.md';
/** Markdown files that document a skills folder rather than being skills. */
const NOT_SKILLS = new Set(['readme.md', 'changelog.md', 'contributing.md', 'license.md', 'code_of_conduct.md', 'security.md']);
/** Bounds one Agent Skills folder so a mistaken path (a home directory, a repository) cannot stall loading. */
export const MAX_FILES_PER_SKILL = 1000;

export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules' || name === '__pycache__';
}

export function isFlatSkillFile(name: string): boolean {
  return name.toLowerCase().endsWith('.md') && name !== SKILL_FILE && !NOT_SKILLS.has(name.toLowerCase());
}

/**
 * Finds every skill under `dir`: folders holding SKILL.md (with all files beneath them) and loose
 * `*.md` files elsewhere. Symbolic links are followed; a link back into its own ancestry is
 * reported once and not entered, so a loop costs nothing.
 */
export async function walkSkills(dir: string): Promise<WalkResult> {
  const result: WalkResult = { units: [], problems: [] };
  const root = await realpathOrNull(dir);
  if (root === null) return result;
  const entries = await readDir(dir, result);
  if (entries) await walkDir(dir, entries, [root], result);
  // Folders are walked concurrently; sort so every walk of the same tree lists it the same way.
  result.units.sort((a, b) => (a.skillFile < b.skillFile ? -1 : a.skillFile > b.skillFile ? 1 : 0));
  return result;
}

/** `ancestry` holds the real paths from the root down to `dir`, to recognise symlink loops. */
async function walkDir(dir: string, entries: Dirent[], ancestry: string[], result: WalkResult): Promise<void> {
  if (entries.some((entry) => entry.name === SKILL_FILE && (entry.isFile() || entry.isSymbolicLink()))) {
    const files: string[] = [];
    await collectFiles(dir, dir, entries, ancestry, files, result);
    result.units.push({ layout: 'agent-skills', dir, skillFile: path.join(dir, SKILL_FILE), files: files.sort() });
    return;
  }
  await Promise.all(
    entries.map(async (entry) => {
      if (isIgnoredName(entry.name)) return;
      const full = path.join(dir, entry.name);
      const kind = await entryKind(entry, full, ancestry, result);
      if (kind?.type === 'dir') {
        const children = await readDir(full, result);
        if (children) await walkDir(full, children, [...ancestry, kind.real], result);
      } else if (kind?.type === 'file' && isFlatSkillFile(entry.name)) {
        result.units.push({ layout: 'flat', skillFile: full });
      }
    }),
  );
}

/** Collects the files of an Agent Skills folder; a nested folder with its own SKILL.md is a separate skill. */
async function collectFiles(skillDir: string, dir: string, entries: Dirent[], ancestry: string[], files: string[], result: WalkResult): Promise<void> {
  for (const entry of entries) {
    if (isIgnoredName(entry.name)) continue;
    const full = path.join(dir, entry.name);
    const kind = await entryKind(entry, full, ancestry, result);
    if (kind?.type === 'file') {
      if (dir === skillDir && entry.name === SKILL_FILE) continue;
      if (files.length >= MAX_FILES_PER_SKILL) {
        result.problems.push({ path: skillDir, code: 'too_many_files', message: `skill folder holds more than ${MAX_FILES_PER_SKILL} files; the rest are not listed` });
        return;
      }
      files.push(full);
    } else if (kind?.type === 'dir') {
      const nested = await readDir(full, result);
      if (!nested) continue;
      if (nested.some((e) => e.name === SKILL_FILE)) await walkDir(full, nested, [...ancestry, kind.real], result);
      else await collectFiles(skillDir, full, nested, [...ancestry, kind.real], files, result);
    }
  }
}

type EntryKind = { type: 'file' } | { type: 'dir'; real: string } | null;

async function entryKind(entry: Dirent, full: string, ancestry: string[], result: WalkResult): Promise<EntryKind> {
  if (entry.isFile()) return { type: 'file' };
  // A plain folder's real path is its parent's plus its name; only links need resolving.
  if (entry.isDirectory()) return { type: 'dir', real: path.join(ancestry[ancestry.length - 1]!, entry.name) };
  if (!entry.isSymbolicLink()) return null;
  const real = await realpathOrNull(full);
  if (real === null) {
    // Dangling links, and loops that realpath itself refuses (ELOOP).
    const loop = await fs.stat(full).then(() => false, (err: NodeJS.ErrnoException) => err.code === 'ELOOP');
    if (loop) result.problems.push({ path: full, code: 'symlink_loop', message: 'symbolic link loops back on itself; it was not followed' });
    return null;
  }
  const stat = await fs.stat(real).catch(() => null);
  if (!stat) return null;
  if (stat.isFile()) return { type: 'file' };
  if (!stat.isDirectory()) return null;
  if (ancestry.some((seen) => real === seen || seen.startsWith(real + path.sep))) {
    result.problems.push({ path: full, code: 'symlink_loop', message: `symbolic link points back to a folder that contains it (${path.basename(real)}); it was not followed` });
    return null;
  }
  return { type: 'dir', real };
}

async function readDir(dir: string, result: WalkResult): Promise<Dirent[] | null> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      result.problems.push({ path: dir, code: 'unreadable', message: `folder could not be read (${code ?? 'error'})` });
    }
    return null;
  }
}

async function realpathOrNull(p: string): Promise<string | null> {
  try {
    return await fs.realpath(p);
  } catch {
    return null;
  }
}
