import type { Kysely, Selectable } from 'kysely';
import { rethrowConflict } from '../errors.js';
import type { ConfigQuery, SkillConfig, SkillConfigRevision } from '../records.js';
import type { Database, SkillConfigRevisionsTable, SkillConfigsTable } from '../schema.js';
import type { SkillConfigRepository } from '../store.js';

export class KyselySkillConfigRepository implements SkillConfigRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(config: SkillConfig): Promise<SkillConfig> {
    try {
      await this.db.insertInto('skill_configs').values(toRow(config)).execute();
    } catch (err) {
      rethrowConflict(err, `you already have a skill named "${config.name}"`);
    }
    return config;
  }

  async get(id: string): Promise<SkillConfig | undefined> {
    const row = await this.db.selectFrom('skill_configs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async getByTemplate(templateSourceId: string): Promise<SkillConfig | undefined> {
    const row = await this.db.selectFrom('skill_configs').selectAll().where('template_source_id', '=', templateSourceId).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async list(query: ConfigQuery = {}): Promise<SkillConfig[]> {
    let q = this.db.selectFrom('skill_configs').selectAll().orderBy('name').orderBy('id');
    if (query.category) q = q.where('category', '=', query.category);
    if (query.visibility) q = q.where('visibility', '=', query.visibility);
    if (query.owner_id) q = q.where('owner_id', '=', query.owner_id);
    if (query.is_system !== undefined) q = q.where('is_system', '=', query.is_system ? 1 : 0);
    return (await q.execute()).map(fromRow);
  }

  async update(config: SkillConfig, expectedRevision: number): Promise<boolean> {
    const { id, created_at: _created, ...rest } = toRow(config);
    try {
      const result = await this.db.updateTable('skill_configs').set(rest).where('id', '=', id).where('revision', '=', expectedRevision).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    } catch (err) {
      rethrowConflict(err, `you already have a skill named "${config.name}"`);
    }
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('skill_configs').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async count(query: ConfigQuery = {}): Promise<number> {
    let q = this.db.selectFrom('skill_configs').select((eb) => eb.fn.countAll<string | number>().as('n'));
    if (query.is_system !== undefined) q = q.where('is_system', '=', query.is_system ? 1 : 0);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  async addRevision(revision: SkillConfigRevision): Promise<void> {
    await this.db
      .insertInto('skill_config_revisions')
      .values({
        config_id: revision.config_id,
        revision: revision.revision,
        version: revision.version,
        action: revision.action,
        actor_id: revision.actor_id,
        snapshot: JSON.stringify(revision.config),
        created_at: revision.created_at,
      })
      .execute();
  }

  async revisions(configId: string): Promise<SkillConfigRevision[]> {
    const rows = await this.db.selectFrom('skill_config_revisions').selectAll().where('config_id', '=', configId).orderBy('revision', 'desc').execute();
    return rows.map(fromRevisionRow);
  }

  async allRevisions(): Promise<SkillConfigRevision[]> {
    const rows = await this.db.selectFrom('skill_config_revisions').selectAll().orderBy('config_id').orderBy('revision').execute();
    return rows.map(fromRevisionRow);
  }
}

function toRow(c: SkillConfig): SkillConfigsTable {
  return {
    ...c,
    shared_with_teams: JSON.stringify(c.shared_with_teams),
    is_system: c.is_system ? 1 : 0,
    tasks: JSON.stringify(c.tasks),
    metadata: JSON.stringify(c.metadata),
    ancillary_files: JSON.stringify(c.ancillary_files),
    scan_summary: c.scan_summary === null ? null : JSON.stringify(c.scan_summary),
  };
}

function fromRow(row: SkillConfigsTable): SkillConfig {
  return {
    ...row,
    visibility: row.visibility as SkillConfig['visibility'],
    shared_with_teams: JSON.parse(row.shared_with_teams) as string[],
    is_system: Number(row.is_system) === 1,
    tasks: JSON.parse(row.tasks) as SkillConfig['tasks'],
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    ancillary_files: JSON.parse(row.ancillary_files) as Record<string, string>,
    scan_summary: row.scan_summary === null ? null : (JSON.parse(row.scan_summary) as Record<string, unknown>),
    revision: Number(row.revision),
  };
}

function fromRevisionRow(row: Selectable<SkillConfigRevisionsTable>): SkillConfigRevision {
  return {
    config_id: row.config_id,
    revision: Number(row.revision),
    version: row.version,
    action: row.action as SkillConfigRevision['action'],
    actor_id: row.actor_id,
    config: JSON.parse(row.snapshot) as SkillConfig,
    created_at: row.created_at,
  };
}
