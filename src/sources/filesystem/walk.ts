import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
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

/** Folders read between turns given back to the event loop, so a large reload never stalls requests long. */
const DIRS_PER_TURN = 256;

/**
 * Finds every skill under `dir`: folders holding SKILL.md (with all files beneath them) and loose
 * `*.md` files elsewhere. Symbolic links are followed; a link back into its own ancestry is
 * reported once and not entered, so a loop costs nothing.
 *
 * Folders are read synchronously, depth first: for thousands of small folders that is several
 * times faster than the thread pool's round trips (measured: 100 ms against 250 ms for 6,000
 * folders). The walk yields to the event loop every few hundred folders.
 */
export async function walkSkills(dir: string): Promise<WalkResult> {
  const walk = new Walk();
  const root = realpathOrNull(dir);
  if (root === null) return walk.result;
  const entries = walk.readDir(dir);
  if (entries) await walk.dir(dir, entries, [root]);
  // Sort so every walk of the same tree lists it the same way, by full path.
  walk.result.units.sort((a, b) => (a.skillFile < b.skillFile ? -1 : a.skillFile > b.skillFile ? 1 : 0));
  return walk.result;
}

type EntryKind = { type: 'file' } | { type: 'dir'; real: string } | null;

class Walk {
  readonly result: WalkResult = { units: [], problems: [] };
  private dirsRead = 0;

  /** `ancestry` holds the real paths from the root down to `dir`, to recognise symlink loops. */
  async dir(dir: string, entries: Dirent[], ancestry: string[]): Promise<void> {
    if (entries.some((entry) => entry.name === SKILL_FILE && (entry.isFile() || entry.isSymbolicLink()))) {
      const files: string[] = [];
      await this.collectFiles(dir, dir, entries, ancestry, files);
      this.result.units.push({ layout: 'agent-skills', dir, skillFile: child(dir, SKILL_FILE), files: files.sort() });
      return;
    }
    for (const entry of entries) {
      if (isIgnoredName(entry.name)) continue;
      const full = child(dir, entry.name);
      const kind = this.kindOf(entry, full, ancestry);
      if (kind?.type === 'dir') {
        const children = await this.readDirPaced(full);
        if (children) await this.dir(full, children, [...ancestry, kind.real]);
      } else if (kind?.type === 'file' && isFlatSkillFile(entry.name)) {
        this.result.units.push({ layout: 'flat', skillFile: full });
      }
    }
  }

  /** Collects the files of an Agent Skills folder; a nested folder with its own SKILL.md is a separate skill. */
  private async collectFiles(skillDir: string, dir: string, entries: Dirent[], ancestry: string[], files: string[]): Promise<void> {
    for (const entry of entries) {
      if (isIgnoredName(entry.name)) continue;
      const full = child(dir, entry.name);
      const kind = this.kindOf(entry, full, ancestry);
      if (kind?.type === 'file') {
        if (dir === skillDir && entry.name === SKILL_FILE) continue;
        if (files.length >= MAX_FILES_PER_SKILL) {
          this.result.problems.push({ path: skillDir, code: 'too_many_files', message: `skill folder holds more than ${MAX_FILES_PER_SKILL} files; the rest are not listed` });
          return;
        }
        files.push(full);
      } else if (kind?.type === 'dir') {
        const nested = await this.readDirPaced(full);
        if (!nested) continue;
        if (nested.some((e) => e.name === SKILL_FILE)) await this.dir(full, nested, [...ancestry, kind.real]);
        else await this.collectFiles(skillDir, full, nested, [...ancestry, kind.real], files);
      }
    }
  }

  private kindOf(entry: Dirent, full: string, ancestry: string[]): EntryKind {
    if (entry.isFile()) return FILE;
    // A plain folder's real path is its parent's plus its name; only links need resolving.
    if (entry.isDirectory()) return { type: 'dir', real: child(ancestry[ancestry.length - 1]!, entry.name) };
    if (!entry.isSymbolicLink()) return null;
    const real = realpathOrNull(full);
    if (real === null) {
      // Dangling links, and loops that realpath itself refuses (ELOOP).
      if (statOf(full) === 'ELOOP') this.result.problems.push({ path: full, code: 'symlink_loop', message: 'symbolic link loops back on itself; it was not followed' });
      return null;
    }
    const stat = statOf(real);
    if (typeof stat === 'string') return null;
    if (stat.isFile()) return FILE;
    if (!stat.isDirectory()) return null;
    if (ancestry.some((seen) => real === seen || seen.startsWith(real + path.sep))) {
      this.result.problems.push({ path: full, code: 'symlink_loop', message: `symbolic link points back to a folder that contains it (${path.basename(real)}); it was not followed` });
      return null;
    }
    return { type: 'dir', real };
  }

  private async readDirPaced(dir: string): Promise<Dirent[] | null> {
    if (++this.dirsRead % DIRS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    return this.readDir(dir);
  }

  readDir(dir: string): Dirent[] | null {
    try {
      const entries = readdirSync(dir, { withFileTypes: true });
      return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        this.result.problems.push({ path: dir, code: 'unreadable', message: `folder could not be read (${code ?? 'error'})` });
      }
      return null;
    }
  }
}

const FILE: EntryKind = { type: 'file' };

/** `path.join` for a normalised folder and a plain entry name, without normalising again. */
function child(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

function realpathOrNull(p: string): string | null {
  try {
    return realpathSync.native(p);
  } catch {
    return null;
  }
}

/** The file's status, or the error code that stopped `stat`. */
function statOf(p: string): Stats | string {
  try {
    return statSync(p);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'error';
  }
}
