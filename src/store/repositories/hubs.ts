import type { Kysely, Selectable } from 'kysely';
import { rethrowConflict } from '../errors.js';
import type { HubRecord, HubSkillRecord, HubSyncOutcome } from '../records.js';
import type { Database, HubSkillsTable, SkillHubsTable } from '../schema.js';
import type { HubRepository } from '../store.js';

const INSERT_BATCH = 100;

export class KyselyHubRepository implements HubRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(hub: HubRecord): Promise<HubRecord> {
    try {
      await this.db.insertInto('skill_hubs').values(toRow(hub)).execute();
    } catch (err) {
      rethrowConflict(err, `a hub named "${hub.name}" already exists`);
    }
    return hub;
  }

  async get(idOrName: string): Promise<HubRecord | undefined> {
    const row = await this.db.selectFrom('skill_hubs').selectAll().where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)])).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async list(): Promise<HubRecord[]> {
    return (await this.db.selectFrom('skill_hubs').selectAll().orderBy('name').execute()).map(fromRow);
  }

  async update(id: string, changes: Partial<Omit<HubRecord, 'id' | 'created_at' | 'created_by'>>): Promise<boolean> {
    const row = toRow({ ...(changes as HubRecord) });
    const set: Partial<SkillHubsTable> = {};
    for (const key of Object.keys(changes) as Array<keyof SkillHubsTable>) (set as Record<string, unknown>)[key] = row[key];
    try {
      const result = await this.db.updateTable('skill_hubs').set(set).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    } catch (err) {
      rethrowConflict(err, `a hub named "${changes.name}" already exists`);
    }
  }

  async delete(id: string): Promise<boolean> {
    await this.db.deleteFrom('hub_skills').where('hub_id', '=', id).execute();
    const result = await this.db.deleteFrom('skill_hubs').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async claim(id: string, nodeId: string, now: string, until: string): Promise<boolean> {
    const result = await this.db
      .updateTable('skill_hubs')
      .set({ claimed_by: nodeId, claim_until: until })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('claim_until', 'is', null), eb('claim_until', '<', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async renewClaim(id: string, nodeId: string, until: string): Promise<boolean> {
    const result = await this.db.updateTable('skill_hubs').set({ claim_until: until }).where('id', '=', id).where('claimed_by', '=', nodeId).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async release(id: string, nodeId: string): Promise<void> {
    await this.db.updateTable('skill_hubs').set({ claimed_by: null, claim_until: null }).where('id', '=', id).where('claimed_by', '=', nodeId).execute();
  }

  async saveOutcome(id: string, outcome: HubSyncOutcome, newResult: boolean): Promise<void> {
    await this.db
      .updateTable('skill_hubs')
      .set((eb) => ({
        ...outcome,
        sync_errors: JSON.stringify(outcome.sync_errors),
        ...(newResult ? { result_version: eb('result_version', '+', 1) } : {}),
      }))
      .where('id', '=', id)
      .execute();
  }

  async replaceSkills(hubId: string, skills: HubSkillRecord[]): Promise<void> {
    await this.db.deleteFrom('hub_skills').where('hub_id', '=', hubId).execute();
    for (let i = 0; i < skills.length; i += INSERT_BATCH) {
      await this.db.insertInto('hub_skills').values(skills.slice(i, i + INSERT_BATCH).map((s) => ({ ...s, files: JSON.stringify(s.files) }))).execute();
    }
  }

  async skills(hubId?: string): Promise<HubSkillRecord[]> {
    let query = this.db.selectFrom('hub_skills').selectAll().orderBy('hub_id').orderBy('path');
    if (hubId !== undefined) query = query.where('hub_id', '=', hubId);
    return (await query.execute()).map(skillFromRow);
  }
}

function toRow(hub: HubRecord): SkillHubsTable {
  return {
    ...hub,
    paths: JSON.stringify(hub.paths),
    enabled: hub.enabled ? 1 : 0,
    shared_with_teams: JSON.stringify(hub.shared_with_teams),
    sync_errors: JSON.stringify(hub.sync_errors),
  } as SkillHubsTable;
}

function fromRow(row: Selectable<SkillHubsTable>): HubRecord {
  return {
    ...row,
    paths: JSON.parse(row.paths) as string[],
    enabled: Number(row.enabled) === 1,
    visibility: row.visibility as HubRecord['visibility'],
    shared_with_teams: JSON.parse(row.shared_with_teams) as string[],
    sync_interval_s: Number(row.sync_interval_s),
    last_duration_ms: row.last_duration_ms === null ? null : Number(row.last_duration_ms),
    last_status: row.last_status as HubRecord['last_status'],
    skills_count: Number(row.skills_count),
    sync_errors: JSON.parse(row.sync_errors) as HubRecord['sync_errors'],
    result_version: Number(row.result_version),
  };
}

function skillFromRow(row: Selectable<HubSkillsTable>): HubSkillRecord {
  return { ...row, layout: row.layout as HubSkillRecord['layout'], files: JSON.parse(row.files) as HubSkillRecord['files'] };
}
