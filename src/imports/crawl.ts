import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SkillEntry } from '../catalog/index.js';
import { DEFAULT_LIMITS, type Diagnostic } from '../format/index.js';
import { formatBytes, LIMIT_VARIABLES, type ImportLimits } from '../git/limits.js';
import type { RepositorySnapshot } from '../git/tree.js';
import type { QuarantineDecision, ScanService } from '../scanning/index.js';
import { entryDigest } from '../scanning/index.js';
import type { ScanRecord } from '../store/index.js';
import { loadUnit, type SkillRoot } from '../sources/filesystem/load.js';
import { walkSkills, type SkillUnit } from '../sources/filesystem/walk.js';
import { AppError } from '../util/app-error.js';

export interface CrawledFile {
  /** Relative to the skill's folder. */
  path: string;
  size: number;
  sha256: string;
  /** The file as text, or null when it is binary (not valid UTF-8, or holds NUL bytes). */
  text: string | null;
  content: Buffer;
}

/** One skill found in a repository, validated and scanned, not stored. */
export interface CrawledSkill {
  /** Path of its skill file in the repository. */
  path: string;
  name: string;
  version: string;
  layout: SkillEntry['layout'];
  /** The SKILL.md (or flat file) as text. */
  content: string;
  /** The entry the directory source would have made of it. */
  entry: SkillEntry;
  files: CrawledFile[];
  warnings: Diagnostic[];
  /** Digest of everything scanned, as scan results are keyed. */
  digest: string;
  scan: { record: ScanRecord; decision: QuarantineDecision };
}

export interface CrawlError {
  path: string;
  code: string;
  error: string;
}

export interface CrawlResult {
  repository: string;
  ref: string;
  commit: string;
  via: RepositorySnapshot['via'];
  paths: string[];
  files: number;
  bytes: number;
  lfs_pointers: string[];
  submodules: string[];
  skills: CrawledSkill[];
  errors: CrawlError[];
}

export interface CrawlOptions {
  limits: ImportLimits;
  scans: ScanService;
  /** Source kind the skills are scanned as (scan records name it). */
  source: 'config' | 'hub';
  /** Scan ids name the skill as its source will: `hub:<hub id>:<path>`, or the repository path for imports. */
  idOf: (skillPath: string) => string;
  onProgress?: (progress: { skills_found: number; done: number }) => void;
  /** Every repository must hold at least one skill (imports, hubs); ancillary reads do not ask. */
  requireSkills?: boolean;
}

const ROOT_LABEL = 'repo';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Finds the skills in a fetched repository exactly as the directory source finds them on disk
 * (both layouts, at any depth, the same walker and the same loader and validator), then checks
 * each against the per-skill limits and scans it. A skill that does not validate or breaks a
 * per-skill limit is reported and left out; the others go on.
 */
export async function crawlSnapshot(snapshot: RepositorySnapshot, options: CrawlOptions): Promise<CrawlResult> {
  const root: SkillRoot = { dir: snapshot.dir, label: ROOT_LABEL, order: 0 };
  const units: SkillUnit[] = [];
  const errors: CrawlError[] = [];
  for (const p of snapshot.paths) {
    const absolute = p === '' ? snapshot.dir : path.join(snapshot.dir, ...p.split('/'));
    const stat = statOrNull(absolute);
    if (!stat) {
      if (snapshot.lfsPointers.some((file) => file === p || file.startsWith(`${p}/`))) continue;
      throw new AppError(404, 'path_not_found', `${snapshot.repository} has no ${p} at ${snapshot.ref} (${snapshot.commit.slice(0, 12)})`);
    }
    if (stat.isFile()) {
      units.push(path.basename(absolute) === 'SKILL.md' ? (await walkSkills(path.dirname(absolute))).units.find((u) => u.skillFile === absolute) ?? { layout: 'agent-skills', dir: path.dirname(absolute), skillFile: absolute, files: [] } : { layout: 'flat', skillFile: absolute });
      continue;
    }
    const walked = await walkSkills(absolute);
    units.push(...walked.units);
    for (const problem of walked.problems) errors.push({ path: relative(snapshot.dir, problem.path), code: problem.code, error: problem.message });
  }
  const unique = [...new Map(units.map((u) => [u.skillFile, u])).values()];
  if (options.requireSkills !== false && unique.length === 0) {
    throw new AppError(422, 'no_skills_found', `${snapshot.repository} holds no skills under ${snapshot.paths.map((p) => p || '/').join(', ')} at ${snapshot.ref}: a skill is a folder with a SKILL.md, or a <category>/<name>.md file with frontmatter`);
  }
  const formatLimits = { ...DEFAULT_LIMITS, maxFileBytes: Math.min(DEFAULT_LIMITS.maxFileBytes, options.limits.maxFileBytes) };
  const skills: CrawledSkill[] = [];
  for (const [i, unit] of unique.entries()) {
    if (i > 0 && i % 64 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const skillPath = relative(snapshot.dir, unit.skillFile);
    const loaded = loadUnit(root, unit, formatLimits);
    if (!loaded.ok) {
      const first = loaded.diagnostics.find((d) => d.severity === 'error') ?? loaded.diagnostics[0];
      errors.push({ path: skillPath, code: first?.code ?? 'invalid_skill', error: `${first?.line ? `line ${first.line}: ` : ''}${first?.field ?? 'file'}: ${first?.message ?? 'invalid skill'}` });
      options.onProgress?.({ skills_found: unique.length, done: i + 1 });
      continue;
    }
    const problem = checkSkillLimits(unit, loaded.entry, options.limits);
    if (problem) {
      errors.push({ path: skillPath, code: 'import_limit_exceeded', error: problem });
      options.onProgress?.({ skills_found: unique.length, done: i + 1 });
      continue;
    }
    const raw = readFileSync(unit.skillFile);
    const files: CrawledFile[] = unit.layout === 'agent-skills'
      ? loaded.entry.files.map((file) => {
          const content = readFileSync(path.join(unit.dir, ...file.path.split('/')));
          return { ...file, content, text: asText(content) };
        })
      : [];
    const entry = loaded.entry;
    const digest = entryDigest(entry);
    const scan = await options.scans.prepareScan(
      { digest, id: options.idOf(skillPath), name: entry.name, version: entry.version, source: options.source },
      [{ path: 'SKILL.md', content: raw }, ...files.map((f) => ({ path: f.path, content: f.content }))],
      entry.manifest,
    );
    skills.push({ path: skillPath, name: entry.name, version: entry.version, layout: entry.layout, content: raw.toString('utf8'), entry, files, warnings: [...entry.warnings], digest, scan });
    options.onProgress?.({ skills_found: unique.length, done: i + 1 });
  }
  return {
    repository: snapshot.repository,
    ref: snapshot.ref,
    commit: snapshot.commit,
    via: snapshot.via,
    paths: snapshot.paths,
    files: snapshot.files,
    bytes: snapshot.bytes,
    lfs_pointers: snapshot.lfsPointers,
    submodules: snapshot.submodules,
    skills,
    errors,
  };
}

function checkSkillLimits(unit: SkillUnit, entry: SkillEntry, limits: ImportLimits): string | undefined {
  const count = 1 + entry.files.length;
  if (count > limits.maxFilesPerSkill) return `the skill holds ${count} files; at most ${limits.maxFilesPerSkill} are allowed per skill (limit ${LIMIT_VARIABLES.maxFilesPerSkill})`;
  const bytes = statSync(unit.skillFile).size + entry.files.reduce((sum, f) => sum + f.size, 0);
  if (bytes > limits.maxSkillBytes) return `the skill's files add up to ${formatBytes(bytes)}; at most ${formatBytes(limits.maxSkillBytes)} are allowed per skill (limit ${LIMIT_VARIABLES.maxSkillBytes})`;
  return undefined;
}

export function asText(content: Buffer): string | null {
  if (content.includes(0)) return null;
  try {
    return utf8.decode(content);
  } catch {
    return null;
  }
}

function relative(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}

function statOrNull(p: string) {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}
