/**
 * What a backup covers. Every table the schema has is listed here, either as backed up or as left
 * out with the reason; export refuses to run over a database holding a table in neither list, so
 * a table added without a decision cannot be silently missing from backups (a test checks this
 * list against the migrated schema of both backends).
 */
export interface CoveredTable {
  name: string;
  /** The table's primary key, for reading it in pages in a stable order. */
  key: readonly string[];
}

/** In restore order: a table comes after every table its rows refer to. */
export const BACKED_UP: readonly CoveredTable[] = [
  { name: 'users', key: ['id'] },
  { name: 'teams', key: ['id'] },
  { name: 'team_members', key: ['team_id', 'user_id'] },
  // Hashes and prefixes only: a key itself was never stored.
  { name: 'api_keys', key: ['id'] },
  // Share links, also as hashes, with their revocations.
  { name: 'shares', key: ['id'] },
  { name: 'audit_log', key: ['id'] },
  { name: 'skill_configs', key: ['id'] },
  { name: 'skill_config_revisions', key: ['id'] },
  // With their signing secrets, which the server needs in clear to sign deliveries.
  { name: 'webhooks', key: ['id'] },
  { name: 'webhook_deliveries', key: ['id'] },
  { name: 'scan_results', key: ['id'] },
  { name: 'scan_jobs', key: ['id'] },
  { name: 'quarantine_policy', key: ['id'] },
  { name: 'scan_overrides', key: ['id'] },
  { name: 'tasks', key: ['id'] },
  // Still sealed: opening them needs the same SKILLPORT_SECRET_KEY (or data-directory secret.key).
  { name: 'git_credentials', key: ['id'] },
  { name: 'skill_hubs', key: ['id'] },
  // The skills of each hub's last sync, so restored nodes serve them before the next sync.
  { name: 'hub_skills', key: ['hub_id', 'path'] },
  { name: 'import_jobs', key: ['id'] },
];

/** Tables a backup leaves out, and why. */
export const NOT_BACKED_UP: Readonly<Record<string, string>> = {
  cluster_leases: 'which running process does the periodic work; the nodes of the restored database take leases afresh',
  publish_uploads: 'files sent for ClawHub publishes still in progress; they expire within an hour, and a publish that did not finish asks for new upload slots',
};

/** Tables whose unfinished rows cannot go on after a restore, and what they become. */
export const INTERRUPTED: Readonly<Record<string, { column: string; unfinished: readonly string[]; becomes: (at: string) => Record<string, unknown> }>> = {
  // An import runs in the memory of the process that started it; no node can resume it.
  import_jobs: {
    column: 'status',
    unfinished: ['running'],
    becomes: (at) => ({ status: 'failed', error: 'the import was still running when the backup was taken; start it again', error_code: 'interrupted', finished_at: at, updated_at: at }),
  },
};
