import { randomBytes } from 'node:crypto';
import type { ActionContext, AuditService } from '../../auth/audit.js';
import { canSee, forbidden, hasScope, isAdmin } from '../../auth/policy.js';
import { ConflictError, type ScanRecord, type SkillConfig, type SkillConfigRevision, type SkillTask, type Store } from '../../store/index.js';
import { AppError, badRequest } from '../../util/app-error.js';
import type { SkillManifest } from '../../format/index.js';
import { checkAncillaryFiles, composeSkill, CONFIG_LIMITS } from './compose.js';
import type { ConfigSource } from './source.js';

type Visibility = SkillConfig['visibility'];

/** The seed's CreateAgentSkillInput. */
export interface CreateConfigInput {
  name?: string;
  description?: string;
  category?: string;
  version?: string;
  tasks?: SkillTask[];
  skill_content?: string;
  metadata?: Record<string, unknown>;
  visibility?: Visibility;
  shared_with_teams?: string[];
  ancillary_files?: Record<string, string>;
}

/** The seed's UpdateAgentSkillInput: every field optional; `id` and `owner_id` only to say which, never to change. */
export interface UpdateConfigInput extends CreateConfigInput {
  id?: string;
  owner_id?: string;
  updated_at?: string;
}

export interface ConfigListQuery {
  category?: string;
  visibility?: Visibility;
  owner_id?: string;
  team?: string;
  is_system?: boolean;
  q?: string;
  page?: number;
  page_size?: number;
}

export interface SystemImport {
  templateSourceId: string;
  content: string;
  metadata: Record<string, unknown>;
}

/** Scan on save: synchronous and bounded; a scanner failure yields `unscanned`, never a failed save. */
export interface SaveScanner {
  scanConfig(config: SkillConfig): Promise<{ scan_status: string; scan_summary: Record<string, unknown> | null; record: ScanRecord | null }>;
  remember(record: ScanRecord): void;
}

const notFound = () => new AppError(404, 'not_found', 'Skill config not found');

/**
 * Skills stored through the API: create, read, update, delete, revisions, with the rules for who
 * sees and changes what. Every change lands with its revision and its audit record in one
 * transaction, then the config source republishes that one config to the catalog.
 */
export class ConfigService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly source: ConfigSource,
    private readonly scanner?: SaveScanner,
  ) {}

  async list(ctx: ActionContext, query: ConfigListQuery) {
    const pageSize = query.page_size ?? 20;
    const page = query.page ?? 1;
    if (pageSize < 1 || pageSize > 100) throw badRequest('page_size must be between 1 and 100');
    const all = await this.store.configs.list({ category: query.category, visibility: query.visibility, owner_id: query.owner_id, is_system: query.is_system });
    const needle = query.q?.toLowerCase();
    const visible = all.filter(
      (config) =>
        this.canRead(ctx, config) &&
        (!query.team || config.shared_with_teams.includes(query.team)) &&
        (!needle || config.name.toLowerCase().includes(needle) || config.description.toLowerCase().includes(needle) || config.category.toLowerCase().includes(needle)),
    );
    const start = (page - 1) * pageSize;
    return { configs: visible.slice(start, start + pageSize), total: visible.length, page, page_size: pageSize, has_more: start + pageSize < visible.length };
  }

  /** One config; a config the caller may not see is reported as missing, so its existence does not leak. */
  async get(ctx: ActionContext, id: string): Promise<SkillConfig> {
    const config = await this.store.configs.get(id);
    if (!config || !this.canRead(ctx, config)) throw notFound();
    return config;
  }

  async create(ctx: ActionContext, input: CreateConfigInput): Promise<SkillConfig> {
    const actor = ctx.principal;
    if (!actor.id) throw forbidden('skills:write', 'Forbidden: stored skills need an owner; use a user API key or token');
    const visibility = input.visibility ?? 'private';
    const teams = await this.checkSharing(ctx, visibility, input.shared_with_teams ?? []);
    const { content, parsed } = composeSkill(input.skill_content, input);
    const config = newConfig(parsed.manifest, content, {
      visibility,
      shared_with_teams: teams,
      owner_id: actor.id,
      tasks: checkTasks(input.tasks ?? []),
      metadata: input.metadata ?? {},
      ancillary_files: checkAncillaryFiles(input.ancillary_files ?? {}),
    });
    await this.write(ctx, 'create', config, async (s) => {
      await s.configs.create(config);
    });
    return config;
  }

  /**
   * A new config checked exactly as `create` checks it, without storing it: imports validate
   * every skill first and store them together with `commitMany`.
   */
  async prepareCreate(ctx: ActionContext, input: CreateConfigInput): Promise<SkillConfig> {
    const actor = ctx.principal;
    if (!actor.id) throw forbidden('skills:write', 'Forbidden: stored skills need an owner; use a user API key or token');
    const visibility = input.visibility ?? 'private';
    const teams = await this.checkSharing(ctx, visibility, input.shared_with_teams ?? []);
    const { content, parsed } = composeSkill(input.skill_content, input);
    return newConfig(parsed.manifest, content, {
      visibility,
      shared_with_teams: teams,
      owner_id: actor.id,
      tasks: checkTasks(input.tasks ?? []),
      metadata: input.metadata ?? {},
      ancillary_files: checkAncillaryFiles(input.ancillary_files ?? {}),
    });
  }

  /** The next revision of a config with new content, checked as `update` checks it, not stored. */
  async prepareUpdate(ctx: ActionContext, current: SkillConfig, input: Pick<CreateConfigInput, 'skill_content' | 'metadata' | 'ancillary_files'>): Promise<{ next: SkillConfig; expectedRevision: number }> {
    this.checkWrite(ctx, current);
    const { content, parsed } = composeSkill(input.skill_content ?? current.skill_content, {});
    const m = parsed.manifest;
    const next: SkillConfig = {
      ...current,
      name: m.name,
      description: m.description,
      category: m.category,
      version: m.version,
      skill_content: content,
      metadata: input.metadata ?? current.metadata,
      ancillary_files: input.ancillary_files !== undefined ? checkAncillaryFiles(input.ancillary_files) : current.ancillary_files,
      revision: current.revision + 1,
      updated_at: laterThan(current.updated_at),
    };
    return { next, expectedRevision: current.revision };
  }

  /**
   * Stores prepared creates and updates in one transaction, each with its scan, revision and
   * audit record: all of them land, or none do. `details` are added to each audit record.
   */
  async commitMany(ctx: ActionContext, items: Array<{ config: SkillConfig; expectedRevision?: number }>, details: Record<string, unknown> = {}): Promise<void> {
    const scanned: Array<(typeof items)[number] & { scan: Awaited<ReturnType<SaveScanner['scanConfig']>> | undefined }> = [];
    for (const item of items) scanned.push({ ...item, scan: await this.scanner?.scanConfig(item.config) });
    for (const { config, scan } of scanned) {
      if (scan) {
        config.scan_status = scan.scan_status;
        config.scan_summary = scan.scan_summary;
      }
    }
    try {
      await this.store.transaction(async (s) => {
        for (const { config, expectedRevision, scan } of scanned) {
          const action = expectedRevision === undefined ? 'create' : 'update';
          if (expectedRevision === undefined) await s.configs.create(config);
          else if (!(await s.configs.update(config, expectedRevision))) throw new AppError(409, 'stale_write', `skill ${config.name} changed while it was being imported; import again`);
          if (scan?.record) await s.scans.addResult(scan.record);
          await s.configs.addRevision({ config_id: config.id, revision: config.revision, version: config.version, action, actor_id: ctx.principal.id, config, created_at: config.updated_at });
          await this.audit.record(ctx, { action: `skill_config.${action}`, resource_type: 'skill_config', resource_id: config.id, outcome: 'success', details: { name: config.name, version: config.version, revision: config.revision, ...details } }, s);
        }
      });
    } catch (err) {
      if (err instanceof ConflictError) throw new AppError(409, 'conflict', err.message);
      throw err;
    }
    for (const { scan } of scanned) if (scan?.record) this.scanner?.remember(scan.record);
    // Many at once: one reload of the source costs less than a refresh per config.
    if (scanned.length > 20) await this.source.reload();
    else for (const { config } of scanned) await this.source.refresh(config.id);
  }

  /** Imports a packaged template as a built-in, global row owned by the system. */
  async createSystem(ctx: ActionContext, template: SystemImport): Promise<SkillConfig> {
    const { content, parsed } = composeSkill(template.content, {});
    const config = newConfig(parsed.manifest, content, {
      visibility: 'global',
      owner_id: 'system',
      is_system: true,
      template_source_id: template.templateSourceId,
      metadata: template.metadata,
    });
    await this.write(ctx, 'create', config, async (s) => {
      await s.configs.create(config);
    });
    return config;
  }

  async update(ctx: ActionContext, id: string, input: UpdateConfigInput, ifMatch?: string): Promise<SkillConfig> {
    if (input.id !== undefined && input.id !== id) throw badRequest('id cannot be changed (the id in the body differs from the one in the query)');
    const current = await this.get(ctx, id);
    if (input.owner_id !== undefined && input.owner_id !== current.owner_id) throw badRequest('owner_id cannot be changed');
    this.checkWrite(ctx, current);
    if (ifMatch !== undefined && !etagMatches(ifMatch, current)) throw stale(current);
    if (input.updated_at !== undefined && input.updated_at !== current.updated_at) throw stale(current);

    const visibility = input.visibility ?? current.visibility;
    const teams = input.shared_with_teams !== undefined || input.visibility !== undefined
      ? await this.checkSharing(ctx, visibility, input.shared_with_teams ?? (visibility === 'team' ? current.shared_with_teams : []))
      : current.shared_with_teams;
    const { content, parsed } = composeSkill(input.skill_content ?? current.skill_content, {
      name: input.name,
      description: input.description,
      category: input.category,
      version: input.version,
    });
    const m = parsed.manifest;
    return this.commit(ctx, 'update', current, {
      name: m.name,
      description: m.description,
      category: m.category,
      version: m.version,
      visibility,
      shared_with_teams: teams,
      skill_content: content,
      tasks: input.tasks !== undefined ? checkTasks(input.tasks) : current.tasks,
      metadata: input.metadata ?? current.metadata,
      ancillary_files: input.ancillary_files !== undefined ? checkAncillaryFiles(input.ancillary_files) : current.ancillary_files,
    });
  }

  async delete(ctx: ActionContext, id: string): Promise<void> {
    const current = await this.get(ctx, id);
    this.checkWrite(ctx, current);
    await this.store.transaction(async (s) => {
      await s.configs.delete(id);
      await this.audit.record(ctx, { action: 'skill_config.delete', resource_type: 'skill_config', resource_id: id, outcome: 'success', details: { name: current.name } }, s);
    });
    await this.source.refresh(id);
  }

  async revisions(ctx: ActionContext, id: string): Promise<SkillConfigRevision[]> {
    await this.get(ctx, id);
    return this.store.configs.revisions(id);
  }

  /** Makes an earlier revision current again, as a new revision (history is never rewritten). */
  async restore(ctx: ActionContext, id: string, revision: number): Promise<SkillConfig> {
    const current = await this.get(ctx, id);
    this.checkWrite(ctx, current);
    const target = (await this.store.configs.revisions(id)).find((r) => r.revision === revision);
    if (!target) throw new AppError(404, 'not_found', `Revision ${revision} not found`);
    const old = target.config;
    return this.commit(
      ctx,
      'restore',
      current,
      {
        name: old.name,
        description: old.description,
        category: old.category,
        version: old.version,
        skill_content: old.skill_content,
        tasks: old.tasks,
        metadata: old.metadata,
        ancillary_files: old.ancillary_files,
      },
      { restored_revision: revision },
    );
  }

  /** Counts for seeding: how many built-in rows exist. */
  async systemCount(): Promise<number> {
    return this.store.configs.count({ is_system: true });
  }

  canRead(ctx: ActionContext, config: SkillConfig): boolean {
    return canSee(ctx.principal, config);
  }

  private checkWrite(ctx: ActionContext, config: SkillConfig): void {
    const p = ctx.principal;
    if (config.is_system) {
      if (p.role !== 'owner') throw forbidden('role:owner', 'Forbidden: built-in skills can be changed only by an owner');
      return;
    }
    if (!hasScope(p, 'skills:write')) throw forbidden('skills:write');
    if (config.owner_id !== p.id && !(isAdmin(p) && hasScope(p, 'skills:admin'))) {
      throw forbidden('skills:admin', 'Forbidden: only the owner of this skill or an admin can change it');
    }
  }

  private async checkSharing(ctx: ActionContext, visibility: Visibility, teams: string[]): Promise<string[]> {
    if (visibility !== 'team') {
      if (teams.length > 0) throw badRequest('shared_with_teams applies only to visibility "team"');
      return [];
    }
    if (teams.length === 0) throw badRequest('visibility "team" needs shared_with_teams: the teams that may read it');
    for (const team of teams) {
      if (!(await this.store.teams.get(team))) throw badRequest(`unknown team "${team.slice(0, 64)}"`);
      if (!ctx.principal.teams.includes(team) && !isAdmin(ctx.principal)) throw forbidden('admin', `Forbidden: you are not a member of team "${team}"`);
    }
    return [...new Set(teams)];
  }

  /** The next revision of `current` with `changes`, written only if nobody wrote in between. */
  private async commit(ctx: ActionContext, action: 'update' | 'restore', current: SkillConfig, changes: Partial<SkillConfig>, details: Record<string, unknown> = {}): Promise<SkillConfig> {
    const next: SkillConfig = { ...current, ...changes, revision: current.revision + 1, updated_at: laterThan(current.updated_at) };
    await this.write(ctx, action, next, async (s) => {
      if (!(await s.configs.update(next, current.revision))) throw stale(current);
    }, details);
    return next;
  }

  /** Stores a change, its revision and its audit record together, then updates the catalog. */
  private async write(ctx: ActionContext, action: SkillConfigRevision['action'], config: SkillConfig, change: (s: Store) => Promise<void>, details: Record<string, unknown> = {}): Promise<void> {
    // Scanned before it is stored, so the row, its revision and its scan result land together.
    const scan = await this.scanner?.scanConfig(config);
    if (scan) {
      config.scan_status = scan.scan_status;
      config.scan_summary = scan.scan_summary;
    }
    try {
      await this.store.transaction(async (s) => {
        await change(s);
        if (scan?.record) await s.scans.addResult(scan.record);
        await s.configs.addRevision({ config_id: config.id, revision: config.revision, version: config.version, action, actor_id: ctx.principal.id, config, created_at: config.updated_at });
        await this.audit.record(ctx, { action: `skill_config.${action}`, resource_type: 'skill_config', resource_id: config.id, outcome: 'success', details: { name: config.name, version: config.version, revision: config.revision, ...details } }, s);
      });
    } catch (err) {
      if (err instanceof ConflictError) throw new AppError(409, 'conflict', err.message);
      throw err;
    }
    if (scan?.record) this.scanner?.remember(scan.record);
    await this.source.refresh(config.id);
  }
}

/** The validator sent as ETag for a config and expected back in If-Match. */
export function configEtag(config: SkillConfig): string {
  return `"r${config.revision}"`;
}

function etagMatches(header: string, config: SkillConfig): boolean {
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === configEtag(config) || tag.trim() === '*');
}

function stale(current: SkillConfig): AppError {
  return new AppError(409, 'stale_write', 'This skill changed since you read it; fetch it again and reapply your change', {
    current_revision: current.revision,
    updated_at: current.updated_at,
  });
}

function checkTasks(tasks: SkillTask[]): SkillTask[] {
  if (tasks.length > CONFIG_LIMITS.tasks) throw badRequest(`tasks holds ${tasks.length} items; the limit is ${CONFIG_LIMITS.tasks}`);
  return tasks;
}

/** A first revision of a config, its catalog fields taken from the validated SKILL.md. */
function newConfig(m: SkillManifest, content: string, fields: Partial<SkillConfig> & Pick<SkillConfig, 'visibility' | 'owner_id'>): SkillConfig {
  const now = new Date().toISOString();
  return {
    id: newId(m.name),
    name: m.name,
    description: m.description,
    category: m.category,
    version: m.version,
    shared_with_teams: [],
    is_system: false,
    template_source_id: null,
    skill_content: content,
    tasks: [],
    metadata: {},
    ancillary_files: {},
    scan_status: 'unscanned',
    scan_summary: null,
    revision: 1,
    created_at: now,
    updated_at: now,
    ...fields,
  };
}

/** `skill-<slug>-<random>`: readable in URLs and logs, unique without a lookup. */
function newId(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'skill';
  return `skill-${slug}-${randomBytes(3).toString('hex')}`;
}

/** A timestamp strictly after `previous`, so `updated_at` always moves even within one millisecond. */
function laterThan(previous: string): string {
  const now = Date.now();
  const before = Date.parse(previous);
  return new Date(Math.max(now, before + 1)).toISOString();
}
