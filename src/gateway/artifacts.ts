import type { SkillEntry } from '../catalog/types.js';
import { entryDigest, rawDigest } from '../scanning/digest.js';
import type { RawSkillFile, SkillSource } from '../sources/types.js';
import { AppError } from '../util/app-error.js';
import type { Logger } from '../util/logger.js';
import { BUNDLE_MIME, buildTarGz, buildZip, digestOf, modeFor, type BundleFormat } from './bundle.js';
import { mimeTypeOf } from './mime.js';
import { safeRelativePath } from './paths.js';

/** One file of a skill as served: exact bytes, their digest, type and archive mode. */
export interface ArtifactFile {
  /** `SKILL.md`, or the path beside it (safe, relative, `/`-separated). */
  readonly path: string;
  readonly bytes: Buffer;
  /** `sha256:<hex>` of `bytes`. */
  readonly digest: string;
  readonly mime: string;
  readonly size: number;
  readonly mode: 0o644 | 0o755;
}

export interface Bundle {
  readonly format: BundleFormat;
  readonly bytes: Buffer;
  /** `sha256:<hex>` of `bytes`; the ETag and the index digest. */
  readonly digest: string;
  readonly mime: string;
  /** `<name>-<version>.tar.gz` / `.zip`, for Content-Disposition. */
  readonly filename: string;
}

/** How an index should offer a skill: its SKILL.md alone, or an archive. */
export type ArtifactKind = 'skill-md' | 'archive';

export interface ArtifactsOptions {
  sources: readonly SkillSource[];
  /** Largest sum of file sizes served for one skill version. */
  maxBytes: number;
  logger?: Logger;
}

/** The limit named in refusals, so an operator knows what to raise. */
export const MAX_BYTES_SETTING = 'SKILLPORT_MAX_BUNDLE_BYTES';

interface EntryArtifacts {
  files: ArtifactFile[];
  /** Files left out because their name could escape the skill folder. */
  omitted: string[];
  bundles: Partial<Record<BundleFormat, Promise<Bundle>>>;
  install?: Promise<Bundle>;
}

/**
 * The artifacts of one catalog entry, for every source: its files (SKILL.md first, then the files
 * beside it by path) read from the entry's source, each with a `sha256:` digest and a MIME type,
 * and reproducible `.tar.gz` and `.zip` bundles with SKILL.md at the archive root.
 *
 * Entries are immutable, so everything is computed once per entry and kept in a WeakMap: a
 * catalog change brings new entries and the old ones (with their bytes) are collected. Files are
 * read once and checked against the digest the catalog holds, so what is served is what was
 * scanned; files that changed on disk since the entry was loaded are refused (503, retry) rather
 * than cached under the old entry.
 *
 * Errors are AppErrors: 404 `skill_not_found` when the source no longer has the entry,
 * 404 `file_not_found`, 413 `bundle_too_large` naming the limit, 503 `skill_changing`.
 */
export class Artifacts {
  private readonly cache = new WeakMap<SkillEntry, Promise<EntryArtifacts>>();

  constructor(private readonly options: ArtifactsOptions) {}

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  /**
   * `skill-md` when the skill is only its SKILL.md, `archive` otherwise. Known from the entry
   * alone, without reading anything.
   */
  kind(entry: SkillEntry): ArtifactKind {
    return entry.files.length === 0 ? 'skill-md' : 'archive';
  }

  /**
   * The digest of the exact SKILL.md bytes. The catalog's content hash is already the sha256 of
   * the raw skill file, so this costs nothing.
   */
  skillMdDigest(entry: SkillEntry): string {
    return entry.contentHash;
  }

  /** The paths an index lists for an entry without reading it: SKILL.md first, unsafe names left out. */
  listedPaths(entry: SkillEntry): string[] {
    const rest: string[] = [];
    for (const file of entry.files) {
      const safe = safeRelativePath(file.path);
      if (safe !== null && safe !== 'SKILL.md') rest.push(safe);
    }
    return ['SKILL.md', ...rest];
  }

  /** Every file, SKILL.md first. */
  async files(entry: SkillEntry): Promise<readonly ArtifactFile[]> {
    return (await this.load(entry)).files;
  }

  /** Names of files that were left out of every artifact because they could escape the skill folder. */
  async omitted(entry: SkillEntry): Promise<readonly string[]> {
    return (await this.load(entry)).omitted;
  }

  /** One file by its path (`SKILL.md` or a path beside it); 404 `file_not_found` otherwise. */
  async file(entry: SkillEntry, path: string): Promise<ArtifactFile> {
    const safe = safeRelativePath(path);
    const found = safe === null ? undefined : (await this.load(entry)).files.find((file) => file.path === safe);
    if (!found) throw new AppError(404, 'file_not_found', `Skill ${entry.name}@${entry.version} has no file ${JSON.stringify(path.slice(0, 200))}`, { files: entry.files.length + 1 });
    return found;
  }

  /** The bundle in one format, built once per entry. */
  async bundle(entry: SkillEntry, format: BundleFormat): Promise<Bundle> {
    const loaded = await this.load(entry);
    let bundle = loaded.bundles[format];
    if (!bundle) {
      bundle = build(entry, loaded.files, format);
      loaded.bundles[format] = bundle;
      bundle.catch(() => delete loaded.bundles[format]);
    }
    return bundle;
  }

  /**
   * The `.tar.gz` install.sh fetches: the bundle with every entry under `{name}/`, so that one
   * `tar` unpacks a whole catalog's bundles, each into its own folder. Built once per entry.
   */
  async installBundle(entry: SkillEntry): Promise<Bundle> {
    const loaded = await this.load(entry);
    if (!loaded.install) {
      const pending = buildTarGz(loaded.files, entry.name).then((bytes): Bundle => ({ format: 'tar.gz', bytes, digest: digestOf(bytes), mime: BUNDLE_MIME['tar.gz'], filename: `${entry.name}-${entry.version}.install.tar.gz` }));
      loaded.install = pending;
      pending.catch(() => loaded.install === pending && delete loaded.install);
    }
    return loaded.install;
  }

  /** The digest an index publishes for this entry: of its SKILL.md or of its `.tar.gz` bundle. */
  async indexDigest(entry: SkillEntry): Promise<string> {
    return this.kind(entry) === 'skill-md' ? this.skillMdDigest(entry) : (await this.bundle(entry, 'tar.gz')).digest;
  }

  private load(entry: SkillEntry): Promise<EntryArtifacts> {
    let loaded = this.cache.get(entry);
    if (!loaded) {
      loaded = this.read(entry);
      this.cache.set(entry, loaded);
      // A failure (the file changed, the source is gone) is not remembered: the next call tries again.
      loaded.catch(() => {
        if (this.cache.get(entry) === loaded) this.cache.delete(entry);
      });
    }
    return loaded;
  }

  private async read(entry: SkillEntry): Promise<EntryArtifacts> {
    const { maxBytes } = this.options;
    const declared = entry.files.reduce((sum, file) => sum + file.size, 0);
    if (declared > maxBytes) throw tooLarge(entry, declared, maxBytes);
    const source = this.options.sources.find((candidate) => candidate.key === entry.source);
    if (!source?.readFiles) throw new AppError(404, 'skill_not_found', 'Skill not found');
    // One byte past the limit tells a file that grew beyond it.
    const raw = await source.readFiles(entry, maxBytes + 1);
    if (!raw || raw.length === 0 || raw[0]!.path !== 'SKILL.md') throw new AppError(404, 'skill_not_found', 'Skill not found');
    const total = raw.reduce((sum, file) => sum + file.content.byteLength, 0);
    if (raw.some((file) => file.truncated) || total > maxBytes) throw tooLarge(entry, total, maxBytes);
    if (rawDigest(raw) !== entryDigest(entry)) {
      throw new AppError(503, 'skill_changing', `Skill ${entry.name} changed on disk while it was being read; try again in a moment`, {}, { 'retry-after': '1' });
    }
    const files: ArtifactFile[] = [];
    const omitted: string[] = [];
    const seen = new Set<string>();
    for (const [i, file] of raw.entries()) {
      const safe = i === 0 ? 'SKILL.md' : safeRelativePath(file.path);
      if (safe === null || (i > 0 && safe === 'SKILL.md') || seen.has(safe)) {
        omitted.push(file.path);
        continue;
      }
      seen.add(safe);
      files.push(toArtifactFile(safe, file));
    }
    if (omitted.length > 0) this.options.logger?.warn({ skill: entry.name, version: entry.version, omitted }, 'skill files with unsafe names are left out of its artifacts');
    return { files: [files[0]!, ...files.slice(1).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))], omitted, bundles: {} };
  }
}

function toArtifactFile(path: string, file: RawSkillFile): ArtifactFile {
  const bytes = Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength);
  return { path, bytes, digest: digestOf(bytes), mime: mimeTypeOf(path), size: bytes.byteLength, mode: modeFor(bytes) };
}

async function build(entry: SkillEntry, files: readonly ArtifactFile[], format: BundleFormat): Promise<Bundle> {
  const bytes = format === 'tar.gz' ? await buildTarGz(files) : buildZip(files);
  return { format, bytes, digest: digestOf(bytes), mime: BUNDLE_MIME[format], filename: `${entry.name}-${entry.version}.${format}` };
}

function tooLarge(entry: SkillEntry, size: number, limit: number): AppError {
  return new AppError(413, 'bundle_too_large', `Skill ${entry.name}@${entry.version} is ${size} bytes; the limit is ${limit} bytes (${MAX_BYTES_SETTING})`, { size, limit, setting: MAX_BYTES_SETTING });
}
