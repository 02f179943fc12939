import semver from 'semver';
import type { ActionContext, AuditService } from '../auth/audit.js';
import { forbidden, isAdmin } from '../auth/policy.js';
import type { CatalogQueryService } from '../catalog/query.js';
import { asText } from '../imports/crawl.js';
import type { ScanService } from '../scanning/index.js';
import { composeSkill } from '../sources/config/compose.js';
import type { ConfigService } from '../sources/config/service.js';
import type { SkillConfig, Store, Team } from '../store/index.js';
import { AppError, badRequest } from '../util/app-error.js';
import { sha256Hex, skillFingerprint } from './fingerprint.js';
import { isSkillMd, kb, PUBLISH_LIMITS } from './limits.js';
import { normaliseHandle, ownerOf } from './owners.js';
import { checkPublishPath } from './paths.js';
import { METADATA_KEY, type PublishRecord } from './published.js';
import type { UploadSlots } from './uploads.js';

/** What the CLI says about the skill it publishes (`POST /api/v1/skills`, JSON or multipart `payload`). */
export interface PublishMeta {
  slug: string;
  displayName?: string;
  ownerHandle?: string;
  version: string;
  changelog?: string;
}

/** A file referred to by its upload slot (the current flow). */
export interface UploadedFileRef {
  path: string;
  size: number;
  sha256: string;
  storageId: string;
  uploadTicket?: string;
}

/** A file carried in the request itself (the older multipart flow), with the digest it was declared with, if any. */
export interface InlineFile {
  path: string;
  bytes: Buffer;
  sha256?: string;
}

export interface PublishResult {
  ok: true;
  skillId: string;
  versionId: string;
  slug: string;
  version: string;
  status: 'published';
  publicationStatus: 'published';
}

export interface PublishDeps {
  store: Store;
  configs: ConfigService;
  scans: ScanService;
  query: CatalogQueryService;
  uploads: UploadSlots;
  audit: AuditService;
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Where a publish lands: the caller's own skills (global) or a team's (shared with that team). */
type Target = { kind: 'user'; key: string; handle: string } | { kind: 'team'; key: string; team: Team };

/**
 * Publishing over the ClawHub API creates a stored skill version owned by the caller: validated
 * as any stored skill is, scanned, and refused with the reason when the quarantine policy would
 * block it. A slug the caller already publishes gets a new version of the same stored skill; a
 * new slug becomes a new one. Nothing is stored unless everything checks out.
 */
export class PublishService {
  constructor(private readonly deps: PublishDeps) {}

  /** The current flow: files named by the upload slots they were sent to. */
  async publishUploaded(ctx: ActionContext, meta: PublishMeta, refs: readonly UploadedFileRef[]): Promise<PublishResult> {
    if (refs.length === 0) throw badRequest('files is empty: a skill needs at least its SKILL.md');
    const uploads = await this.deps.uploads.take(ctx, refs.map((ref) => ref.storageId));
    const files: InlineFile[] = refs.map((ref, i) => {
      const upload = uploads.get(ref.storageId)!;
      const where = `files[${i}] (${JSON.stringify(ref.path.slice(0, 200))})`;
      if (ref.uploadTicket !== undefined && ref.uploadTicket !== upload.ticket) throw badRequest(`${where}: uploadTicket does not belong to its storageId`);
      if (ref.path !== upload.path) throw badRequest(`${where}: the upload was made for ${JSON.stringify(upload.path)}, not this path`);
      if (ref.size !== upload.size) throw badRequest(`${where}: size ${ref.size} does not match the ${upload.size} bytes uploaded`);
      if (ref.sha256.toLowerCase() !== upload.sha256) throw badRequest(`${where}: sha256 does not match the uploaded bytes`);
      return { path: ref.path, bytes: upload.content!, sha256: ref.sha256 };
    });
    const result = await this.publish(ctx, meta, files);
    await this.deps.uploads.release([...uploads.values()].map((upload) => upload.ticket));
    return result;
  }

  async publish(ctx: ActionContext, meta: PublishMeta, files: readonly InlineFile[]): Promise<PublishResult> {
    const actor = ctx.principal;
    if (!actor.id || actor.kind === 'anonymous') throw forbidden('skills:write', 'Forbidden: publishing needs a user: log in with a user API key (clawhub login --token sk_...)');
    const slug = meta.slug.trim();
    if (!SLUG.test(slug) || slug.length > 64) throw badRequest(`Invalid slug ${JSON.stringify(slug.slice(0, 80))}: use lowercase letters, digits and single hyphens, at most 64 characters (the Agent Skills name rule)`);
    const version = meta.version.trim();
    if (semver.valid(version) !== version) throw badRequest(`Invalid version ${JSON.stringify(version.slice(0, 80))}: use a semantic version such as 1.0.0`);

    const { skillMd, ancillary, sent } = checkFiles(files);
    const target = await this.target(ctx, normaliseHandle(meta.ownerHandle));
    const existing = await this.existing(slug, target);
    this.checkSlugFree(ctx, slug, target, existing);
    if (existing) {
      const versions = new Set([existing.version, ...(await this.deps.store.configs.revisions(existing.id)).map((revision) => revision.version)]);
      if (versions.has(version)) throw new AppError(409, 'version_exists', `Version ${version} of ${slug} already exists; publish a new version (clawhub publish --version <higher>)`);
    }

    // The slug and version become the SKILL.md's own name and version, written into its frontmatter only where they differ.
    const parsed = composeSkill(skillMd, {}).parsed.manifest;
    const fields = { ...(parsed.name !== slug ? { name: slug } : {}), ...(parsed.version !== version ? { version } : {}) };
    const content = Object.keys(fields).length > 0 ? composeSkill(skillMd, fields).content : skillMd;

    const scan = await this.deps.scans.scanContent(slug, content, ancillary);
    if (!scan.decision.runnable) {
      const findings = scan.result.findings
        .filter((finding) => finding.severity === scan.result.max_severity)
        .slice(0, 3)
        .map((finding) => `${finding.file_path}:${finding.line} ${finding.rule_id} (${finding.title})`);
      const reason = scan.decision.blocked_reason ?? `the quarantine policy blocks ${slug}`;
      await this.deps.audit.record(ctx, { action: 'clawhub.publish', resource_type: 'skill', resource_id: slug, outcome: 'denied', details: { version, reason, findings } });
      throw new AppError(422, 'blocked_by_scan', `Refused: ${reason.replace(/ An admin can review it and add an override\.$/, '')}${findings.length > 0 ? `. Findings: ${findings.join('; ')}` : ''}. Nothing was stored; fix the skill and publish again.`, { findings });
    }

    const record: PublishRecord = {
      display_name: meta.displayName?.trim().slice(0, 200) || undefined,
      changelog: meta.changelog?.slice(0, 10_000) ?? '',
      published_fingerprint: skillFingerprint(sent),
      fingerprint: skillFingerprint([{ path: 'SKILL.md', sha256: sha256Hex(Buffer.from(content)) }, ...Object.entries(ancillary).map(([path, text]) => ({ path, sha256: sha256Hex(Buffer.from(text)) }))]),
      published_by: actor.id,
      published_at: new Date().toISOString(),
    };
    const prepared = existing
      ? await this.deps.configs.prepareUpdate(ctx, existing, { skill_content: content, ancillary_files: ancillary, metadata: { ...existing.metadata, [METADATA_KEY]: record } })
      : {
          next: await this.deps.configs.prepareCreate(ctx, {
            skill_content: content,
            ancillary_files: ancillary,
            metadata: { [METADATA_KEY]: record },
            visibility: target.kind === 'team' ? 'team' : 'global',
            shared_with_teams: target.kind === 'team' ? [target.team.name] : [],
          }),
          expectedRevision: undefined,
        };
    await this.deps.configs.commitMany(ctx, [{ config: prepared.next, expectedRevision: prepared.expectedRevision }], { via: 'clawhub', owner: target.kind === 'team' ? `@${target.team.name}` : `@${actor.id}` });
    return { ok: true, skillId: prepared.next.id, versionId: `${prepared.next.id}@${version}`, slug, version, status: 'published', publicationStatus: 'published' };
  }

  /** The caller's own handle (or none) publishes as the caller; a team's name publishes for that team, to its members. */
  private async target(ctx: ActionContext, handle: string | undefined): Promise<Target> {
    const actor = ctx.principal;
    const own = actor.id!;
    if (handle === undefined || handle === own.toLowerCase()) return { kind: 'user', key: `user:${own.toLowerCase()}`, handle: own };
    const team = (await this.deps.store.teams.list()).find((candidate) => candidate.name.toLowerCase() === handle);
    if (!team) throw badRequest(`Unknown owner @${handle.slice(0, 64)}: publish under your own handle (@${own}) or the name of a team you belong to (--owner <team>)`);
    if (!actor.teams.includes(team.name) && !isAdmin(actor)) throw forbidden('admin', `Forbidden: you are not a member of team "${team.name}", so you cannot publish for it`);
    return { kind: 'team', key: `team:${team.name.toLowerCase()}`, team };
  }

  /** The stored skill this publish adds a version to: the target's own skill of that name, if any. */
  private async existing(slug: string, target: Target): Promise<SkillConfig | undefined> {
    const mine = (await this.deps.store.configs.list({ is_system: false })).filter((config) =>
      config.name === slug &&
      (target.kind === 'team'
        ? config.visibility === 'team' && config.shared_with_teams.includes(target.team.name)
        : config.visibility !== 'team' && config.owner_id.toLowerCase() === target.handle.toLowerCase()),
    );
    return mine.sort((a, b) => (a.updated_at < b.updated_at ? 1 : -1))[0];
  }

  /** A slug another owner already offers (to this caller) is theirs: publishing it too would make it ambiguous. */
  private checkSlugFree(ctx: ActionContext, slug: string, target: Target, existing: SkillConfig | undefined): void {
    const versions = this.deps.query.versions(ctx.principal, slug) ?? [];
    const other = versions.find((entry) => ownerOf(entry).key !== target.key && !(existing && entry.source === 'config' && entry.sourceId.split('@')[0] === existing.id));
    if (!other) return;
    const owner = ownerOf(other);
    throw new AppError(409, 'slug_taken', `The slug ${slug} is already used by ${owner.handle ? `@${owner.handle}` : owner.displayName}; publish under another slug (clawhub publish --slug <name>)`);
  }
}

/** The files of a publish, checked: safe paths, one SKILL.md, sizes and counts within the limits, text only, digests as declared. */
function checkFiles(files: readonly InlineFile[]): { skillMd: string; ancillary: Record<string, string>; sent: Array<{ path: string; sha256: string }> } {
  if (files.length === 0) throw badRequest('No files: a skill needs at least its SKILL.md');
  const seen = new Set<string>();
  let skillMd: string | undefined;
  const ancillary: Record<string, string> = {};
  const sent: Array<{ path: string; sha256: string }> = [];
  let total = 0;
  for (const file of files) {
    const path = checkPublishPath(file.path);
    if (seen.has(path.toLowerCase())) throw badRequest(`${path} is listed twice`);
    seen.add(path.toLowerCase());
    const digest = sha256Hex(file.bytes);
    if (file.sha256 !== undefined && file.sha256.toLowerCase() !== digest) throw badRequest(`The sha256 declared for ${path} does not match its bytes; nothing was stored`);
    sent.push({ path, sha256: digest });
    const root = isSkillMd(path);
    const limit = root ? PUBLISH_LIMITS.skillMdBytes : PUBLISH_LIMITS.fileBytes;
    if (file.bytes.byteLength > limit) throw new AppError(413, 'file_too_large', `${path} is ${kb(file.bytes.byteLength)}; the limit is ${kb(limit)} per ${root ? 'SKILL.md' : 'file beside SKILL.md'}`, { limit });
    const text = asText(file.bytes);
    if (text === null) throw new AppError(415, 'binary_file', `${path} is a binary file (${file.bytes.byteLength} bytes); skills published to Skillport keep text files only`);
    if (root) {
      if (skillMd !== undefined) throw badRequest('Only one SKILL.md may be at the root of the skill');
      skillMd = text;
      continue;
    }
    total += file.bytes.byteLength;
    ancillary[path] = text;
  }
  if (skillMd === undefined) throw badRequest('SKILL.md required: the skill folder must have a SKILL.md at its root');
  const count = Object.keys(ancillary).length;
  if (count > PUBLISH_LIMITS.ancillaryFiles) throw badRequest(`The skill has ${count} files beside SKILL.md; the limit is ${PUBLISH_LIMITS.ancillaryFiles}`);
  if (total > PUBLISH_LIMITS.ancillaryTotalBytes) throw new AppError(413, 'skill_too_large', `The files beside SKILL.md total ${kb(total)}; the limit is ${kb(PUBLISH_LIMITS.ancillaryTotalBytes)}`);
  return { skillMd, ancillary, sent };
}
