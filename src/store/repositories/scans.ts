import type { Kysely, Selectable } from 'kysely';
import type { ScanJob, ScanJobChanges, ScanJobStatus, ScanOverride, ScanRecord, ScanSummaryRecord, StoredQuarantinePolicy } from '../records.js';
import type { Database, ScanJobsTable, ScanResultsTable } from '../schema.js';
import type { ScanRepository } from '../store.js';

const POLICY_ROW = 'default';

export class KyselyScanRepository implements ScanRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async addResult(result: ScanRecord): Promise<void> {
    await this.db
      .insertInto('scan_results')
      .values({
        ...result,
        counts: JSON.stringify(result.counts),
        findings: JSON.stringify(result.findings),
        errors: JSON.stringify(result.errors),
      })
      .execute();
  }

  async latestSummaries(): Promise<ScanSummaryRecord[]> {
    // Only each digest's newest rows are read (the history can be many times larger), found
    // through the (digest, scanned_at) index. Two scans of one content in the same millisecond
    // judged the same bytes with the same rules, so either may stand.
    const rows = await this.db
      .selectFrom('scan_results as r')
      .select(['r.id', 'r.digest', 'r.skill_id', 'r.name', 'r.version', 'r.source', 'r.verdict', 'r.max_severity', 'r.counts', 'r.errors', 'r.rule_pack_version', 'r.trigger', 'r.job_id', 'r.scanned_at'])
      .where('r.scanned_at', '=', (eb) => eb.selectFrom('scan_results as newer').select((n) => n.fn.max('newer.scanned_at').as('at')).whereRef('newer.digest', '=', 'r.digest'))
      .orderBy('r.id')
      .execute();
    const latest = new Map<string, ScanSummaryRecord>();
    for (const row of rows) latest.set(row.digest, summaryFromRow(row));
    return [...latest.values()];
  }

  async latestSummary(digest: string): Promise<ScanSummaryRecord | undefined> {
    const row = await this.db
      .selectFrom('scan_results')
      .select(['id', 'digest', 'skill_id', 'name', 'version', 'source', 'verdict', 'max_severity', 'counts', 'errors', 'rule_pack_version', 'trigger', 'job_id', 'scanned_at'])
      .where('digest', '=', digest)
      .orderBy('scanned_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? summaryFromRow(row) : undefined;
  }

  async history(name: string, options: { limit: number }): Promise<ScanRecord[]> {
    const rows = await this.db.selectFrom('scan_results').selectAll().where('name', '=', name).orderBy('scanned_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
    return rows.map(resultFromRow);
  }

  async createJob(job: ScanJob): Promise<ScanJob> {
    await this.db.insertInto('scan_jobs').values(jobToRow(job)).execute();
    return job;
  }

  async getJob(id: string): Promise<ScanJob | undefined> {
    const row = await this.db.selectFrom('scan_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? jobFromRow(row) : undefined;
  }

  async listJobs(options: { limit: number; status?: ScanJobStatus }): Promise<ScanJob[]> {
    let query = this.db.selectFrom('scan_jobs').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit);
    if (options.status) query = query.where('status', '=', options.status);
    return (await query.execute()).map(jobFromRow);
  }

  async jobsIn(status: ScanJobStatus): Promise<ScanJob[]> {
    const rows = await this.db.selectFrom('scan_jobs').selectAll().where('status', '=', status).orderBy('created_at').orderBy('id').execute();
    return rows.map(jobFromRow);
  }

  async updateJob(id: string, expected: ScanJobStatus | ScanJobStatus[], changes: ScanJobChanges, attempt?: number): Promise<boolean> {
    const set: Partial<Omit<ScanJobsTable, 'id'>> = {};
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      if (key === 'targets') set.targets = value === null ? null : JSON.stringify(value);
      else if (key === 'cancel_requested') set.cancel_requested = value ? 1 : 0;
      else (set as Record<string, unknown>)[key] = value;
    }
    const statuses = Array.isArray(expected) ? expected : [expected];
    let query = this.db.updateTable('scan_jobs').set(set).where('id', '=', id).where('status', 'in', statuses);
    if (attempt !== undefined) query = query.where('attempts', '=', attempt);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async getPolicy(): Promise<StoredQuarantinePolicy | undefined> {
    const row = await this.db.selectFrom('quarantine_policy').selectAll().where('id', '=', POLICY_ROW).executeTakeFirst();
    return row ? { policy: JSON.parse(row.policy) as Record<string, unknown>, updated_at: row.updated_at, updated_by: row.updated_by } : undefined;
  }

  async putPolicy(stored: StoredQuarantinePolicy): Promise<void> {
    const values = { policy: JSON.stringify(stored.policy), updated_at: stored.updated_at, updated_by: stored.updated_by };
    await this.db
      .insertInto('quarantine_policy')
      .values({ id: POLICY_ROW, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
  }

  async addOverride(override: ScanOverride): Promise<void> {
    await this.db.insertInto('scan_overrides').values(override).execute();
  }

  async listOverrides(): Promise<ScanOverride[]> {
    return this.db.selectFrom('scan_overrides').selectAll().orderBy('created_at').orderBy('id').execute();
  }

  async deleteOverride(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('scan_overrides').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

type SummaryRow = Omit<Selectable<ScanResultsTable>, 'findings'>;

function summaryFromRow(row: SummaryRow): ScanSummaryRecord {
  return {
    ...row,
    verdict: row.verdict as ScanRecord['verdict'],
    trigger: row.trigger as ScanRecord['trigger'],
    counts: JSON.parse(row.counts) as Record<string, number>,
    errors: JSON.parse(row.errors) as string[],
  };
}

function resultFromRow(row: Selectable<ScanResultsTable>): ScanRecord {
  return { ...summaryFromRow(row), findings: JSON.parse(row.findings) as Array<Record<string, unknown>> };
}

function jobToRow(job: ScanJob): ScanJobsTable {
  return {
    ...job,
    params: JSON.stringify(job.params),
    targets: job.targets === null ? null : JSON.stringify(job.targets),
    cancel_requested: job.cancel_requested ? 1 : 0,
  };
}

function jobFromRow(row: Selectable<ScanJobsTable>): ScanJob {
  return {
    ...row,
    kind: row.kind as ScanJob['kind'],
    status: row.status as ScanJobStatus,
    params: JSON.parse(row.params) as ScanJob['params'],
    targets: row.targets === null ? null : (JSON.parse(row.targets) as string[]),
    total: Number(row.total),
    done: Number(row.done),
    passed: Number(row.passed),
    flagged: Number(row.flagged),
    errored: Number(row.errored),
    attempts: Number(row.attempts),
    cancel_requested: Number(row.cancel_requested) === 1,
  };
}
