import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../util/app-error.js';
import { formatBytes, LIMIT_VARIABLES, type ImportLimits } from './limits.js';

/** What a fetched repository left on disk, ready for the walker. */
export interface RepositorySnapshot {
  /** Provenance: `owner/repo` or the URL, without credentials. */
  repository: string;
  /** The ref asked for, or the default branch. */
  ref: string;
  /** The full commit id the files were read at. */
  commit: string;
  /** A private folder holding the files under the requested paths, laid out as in the repository. */
  dir: string;
  /** The requested paths, normalised ('' for the whole repository). */
  paths: string[];
  files: number;
  bytes: number;
  /** Files that are Git LFS pointers: listed, never fetched. */
  lfsPointers: string[];
  /** Submodules inside the requested paths: listed, never followed. */
  submodules: string[];
  /** How the files were fetched. */
  via: 'github-api' | 'git';
  cleanup(): Promise<void>;
}

export type RepositoryMeta = Omit<RepositorySnapshot, 'dir' | 'files' | 'bytes' | 'lfsPointers' | 'submodules' | 'cleanup' | 'paths'>;

const LFS_POINTER = Buffer.from('version https://git-lfs.github.com/spec/v1');
/** LFS pointer files are tiny; anything larger is a real file. */
const LFS_POINTER_MAX = 1024;

export const refused = (code: string, message: string) => new AppError(400, code, message);

function limitError(limit: keyof ImportLimits, message: string): AppError {
  return new AppError(413, 'import_limit_exceeded', `${message} (limit ${LIMIT_VARIABLES[limit]})`, { limit: LIMIT_VARIABLES[limit] });
}

/**
 * Receives a repository's entries one at a time (from a tarball or from git) and writes the
 * regular files under the requested paths into a private temporary folder. It is where every rule
 * about a repository's contents is enforced, whichever way the files came: paths are relative
 * and shallow enough, links are refused, counts and sizes stay within the limits, LFS pointers
 * and submodules are reported rather than fetched. The first broken rule refuses the whole
 * import; the caller removes the folder.
 */
export class TreeCollector {
  files = 0;
  bytes = 0;
  readonly lfsPointers: string[] = [];
  readonly submodules: string[] = [];
  private readonly madeDirs = new Set<string>();

  private constructor(
    readonly dir: string,
    readonly paths: string[],
    private readonly limits: ImportLimits,
  ) {}

  static async create(paths: string[], limits: ImportLimits): Promise<TreeCollector> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'skillport-import-'));
    return new TreeCollector(dir, paths, limits);
  }

  /** Whether a path lies under one of the requested paths (or is an ancestor of one, for trees). */
  wants(repoPath: string): boolean {
    return this.paths.some((p) => p === '' || repoPath === p || repoPath.startsWith(`${p}/`));
  }

  /** Checks a path from the repository; the whole import is refused on a path that could escape. */
  checkPath(repoPath: string): void {
    const segments = repoPath.split('/');
    if (repoPath.startsWith('/') || repoPath.includes('\\') || repoPath.includes('\0') || segments.some((s) => s === '..' || s === '.' || s === '')) {
      throw refused('unsafe_path', `the repository holds a file named ${JSON.stringify(repoPath.slice(0, 200))}, which would land outside its folder; such names are refused`);
    }
    if (segments.length > this.limits.maxPathDepth) {
      throw limitError('maxPathDepth', `${JSON.stringify(repoPath.slice(0, 200))} is ${segments.length} levels deep; at most ${this.limits.maxPathDepth} are allowed`);
    }
  }

  link(repoPath: string, kind: 'symbolic' | 'hard', target: string): void {
    if (!this.wants(repoPath)) return;
    throw refused('link_refused', `the repository holds a ${kind} link at ${repoPath} (to ${JSON.stringify(target.slice(0, 200))}); links are refused, never followed: replace it with the file itself`);
  }

  submodule(repoPath: string): void {
    if (this.wants(repoPath)) this.submodules.push(repoPath);
  }

  /** Counts a file before its content is read, so a tree of 100,000 files is refused early. */
  countFile(repoPath: string, size: number): void {
    this.checkPath(repoPath);
    if (!this.wants(repoPath)) return;
    if (++this.files > this.limits.maxFiles) throw limitError('maxFiles', `the requested part of the repository holds more than ${this.limits.maxFiles} files`);
    if (size > this.limits.maxFileBytes) throw limitError('maxFileBytes', `${repoPath} is ${formatBytes(size)}; files may be at most ${formatBytes(this.limits.maxFileBytes)}`);
  }

  /** Writes one counted file. */
  async write(repoPath: string, content: Buffer): Promise<void> {
    if (!this.wants(repoPath)) return;
    if (content.length <= LFS_POINTER_MAX && content.subarray(0, LFS_POINTER.length).equals(LFS_POINTER)) {
      this.lfsPointers.push(repoPath);
      return;
    }
    this.bytes += content.length;
    const target = path.join(this.dir, ...repoPath.split('/'));
    const parent = path.dirname(target);
    if (!this.madeDirs.has(parent)) {
      await mkdir(parent, { recursive: true });
      this.madeDirs.add(parent);
    }
    // 'wx': never write through something already there (a second entry of the same name).
    const handle = await open(target, 'wx', 0o600).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST' || err.code === 'EISDIR' || err.code === 'ENOTDIR') throw refused('unsafe_path', `the repository holds ${repoPath} twice, or as both a file and a folder`);
      throw err;
    });
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
  }

  finish(meta: RepositoryMeta): RepositorySnapshot {
    const dir = this.dir;
    return {
      ...meta,
      dir,
      paths: this.paths,
      files: this.files,
      bytes: this.bytes,
      lfsPointers: this.lfsPointers,
      submodules: this.submodules,
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  }

  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

export function downloadTooLarge(limits: ImportLimits): AppError {
  return limitError('maxDownloadBytes', `the repository download is larger than ${formatBytes(limits.maxDownloadBytes)}`);
}
