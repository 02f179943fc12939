import type { Kysely } from 'kysely';
import { rethrowConflict } from '../errors.js';
import type { Role, Team, User } from '../records.js';
import type { Database } from '../schema.js';
import type { TeamRepository } from '../store.js';

export class KyselyTeamRepository implements TeamRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(team: Team): Promise<Team> {
    try {
      await this.db.insertInto('teams').values(team).execute();
    } catch (err) {
      rethrowConflict(err, `a team named "${team.name}" already exists`);
    }
    return team;
  }

  async get(idOrName: string): Promise<Team | undefined> {
    return this.db.selectFrom('teams').selectAll().where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)])).executeTakeFirst();
  }

  async list(): Promise<Team[]> {
    return this.db.selectFrom('teams').selectAll().orderBy('name').execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('teams').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async addMember(teamId: string, userId: string): Promise<void> {
    await this.db
      .insertInto('team_members')
      .values({ team_id: teamId, user_id: userId, added_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
      .execute();
  }

  async removeMember(teamId: string, userId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('team_members').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async members(teamId: string): Promise<User[]> {
    const rows = await this.db
      .selectFrom('team_members')
      .innerJoin('users', 'users.id', 'team_members.user_id')
      .selectAll('users')
      .where('team_members.team_id', '=', teamId)
      .orderBy('users.name')
      .execute();
    return rows.map((row) => ({ ...row, role: row.role as Role }));
  }

  async teamsOf(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('team_members')
      .innerJoin('teams', 'teams.id', 'team_members.team_id')
      .select('teams.name')
      .where('team_members.user_id', '=', userId)
      .orderBy('teams.name')
      .execute();
    return rows.map((row) => row.name);
  }
}
