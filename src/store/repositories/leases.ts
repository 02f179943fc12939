import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { LeaseRepository } from '../store.js';

export class KyselyLeaseRepository implements LeaseRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
    const at = now.toISOString();
    const expires = new Date(now.getTime() + ttlMs).toISOString();
    // One statement on both backends: insert, or take over a lease that is ours or has lapsed.
    // Of several nodes racing, the row lock lets exactly one update win.
    const result = await this.db
      .insertInto('cluster_leases')
      .values({ name, holder, acquired_at: at, expires_at: expires })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder, expires_at: expires, acquired_at: (eb) => eb.case().when('cluster_leases.holder', '=', holder).then(eb.ref('cluster_leases.acquired_at')).else(at).end() })
          .where((eb) => eb.or([eb('cluster_leases.holder', '=', holder), eb('cluster_leases.expires_at', '<', at)])),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db.deleteFrom('cluster_leases').where('name', '=', name).where('holder', '=', holder).execute();
  }

  async holder(name: string): Promise<{ holder: string; expires_at: string } | undefined> {
    return this.db.selectFrom('cluster_leases').select(['holder', 'expires_at']).where('name', '=', name).executeTakeFirst();
  }
}
