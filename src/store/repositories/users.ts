import type { Kysely } from 'kysely';
import { rethrowConflict } from '../errors.js';
import type { Role, User } from '../records.js';
import type { Database } from '../schema.js';
import type { UserRepository } from '../store.js';

export class KyselyUserRepository implements UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(user: User): Promise<User> {
    try {
      await this.db.insertInto('users').values(user).execute();
    } catch (err) {
      rethrowConflict(err, `a user with id "${user.id}" or email "${user.email}" already exists`);
    }
    return user;
  }

  async get(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async list(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toUser);
  }

  async update(id: string, changes: Partial<Pick<User, 'name' | 'email' | 'role'>>): Promise<User | undefined> {
    try {
      await this.db.updateTable('users').set({ ...changes, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
    } catch (err) {
      rethrowConflict(err, `email "${changes.email}" is already used by another user`);
    }
    return this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

function toUser(row: Database['users']): User {
  return { ...row, role: row.role as Role };
}
