import { fail, print, printJson } from '../console.js';

/** What `skillport import <url>` sends to POST /api/skills/import. */
export interface GitImportOptions {
  server?: string;
  ref?: string;
  path: string[];
  dryRun?: boolean;
  visibility?: string;
  team: string[];
  credentialsRef?: string;
  json?: boolean;
}

interface JobProgress {
  stage: string;
  files: number;
  skills_found: number;
  done: number;
}

interface ImportJob {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  progress: JobProgress;
  result: ImportResult | null;
  error: string | null;
}

interface ImportResult {
  repository: string;
  ref: string;
  commit: string;
  dry_run: boolean;
  imported: Array<{ name: string; version: string; path: string; action: string; scan_status: string }>;
  skipped: Array<{ name: string; path: string; reason: string }>;
  errors: Array<{ path: string; code: string; error: string }>;
}

const POLL_MS = 200;
const BAR_WIDTH = 30;
const VISIBILITIES = new Set(['private', 'team', 'global']);

/**
 * Imports the skills of a git repository into a running server: starts an import job
 * (POST /api/skills/import), follows its progress (GET /api/skills/import-jobs/{id}) as a bar on a
 * terminal or as plain lines otherwise, and prints the summary. The server does the work, so the
 * same validation, scanning and limits apply as through the API.
 */
export async function runGitImport(url: string, opts: GitImportOptions): Promise<void> {
  const server = (opts.server ?? process.env.SKILLPORT_SERVER)?.replace(/\/+$/, '');
  if (!server) return fail('--server is required (or set SKILLPORT_SERVER), for example: skillport import acme/skills --server http://127.0.0.1:8080');
  if (!/^https?:\/\//.test(server)) return fail(`--server must be an http(s) URL such as http://127.0.0.1:8080, not "${server}"`);
  if (opts.visibility !== undefined && !VISIBILITIES.has(opts.visibility)) return fail(`--visibility must be private, team or global, not "${opts.visibility}"`);
  const visibility = opts.visibility ?? (opts.team.length > 0 ? 'team' : undefined);
  if (opts.team.length > 0 && visibility !== 'team') return fail('--team applies only to --visibility team');
  const key = process.env.SKILLPORT_KEY;
  if (!key) return fail('set SKILLPORT_KEY to an API key of the server (one with skills:write)');

  const api = client(server, key);
  const body = {
    url,
    ...(opts.ref !== undefined ? { ref: opts.ref } : {}),
    ...(opts.path.length > 0 ? { paths: opts.path } : {}),
    ...(opts.credentialsRef !== undefined ? { credentials_ref: opts.credentialsRef } : {}),
    ...(visibility !== undefined ? { visibility } : {}),
    ...(opts.team.length > 0 ? { shared_with_teams: opts.team } : {}),
    ...(opts.dryRun ? { dry_run: true } : {}),
  };
  const started = await api('POST', '/api/skills/import', body);
  if (!started.ok) return fail(started.message);
  let job = started.body as ImportJob;
  const progress = progressReporter(process.stderr);
  progress.show(job.progress);
  while (job.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const polled = await api('GET', `/api/skills/import-jobs/${encodeURIComponent(job.id)}`);
    if (!polled.ok) {
      progress.end();
      return fail(polled.message);
    }
    job = polled.body as ImportJob;
    progress.show(job.progress);
  }
  progress.end();
  if (job.status === 'failed' || !job.result) return fail(job.error ?? 'the import failed; see the server log');
  if (opts.json) printJson(job.result);
  else printSummary(job.result);
}

/** Calls the server as the key's owner; a refusal becomes the server's own message. */
function client(server: string, key: string) {
  return async (method: string, pathname: string, body?: unknown): Promise<{ ok: true; body: unknown } | { ok: false; message: string }> => {
    let res: Response;
    try {
      res = await fetch(server + pathname, {
        method,
        headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err instanceof Error ? err.message : String(err));
      return { ok: false, message: `cannot reach ${server}: ${cause}` };
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = undefined;
    }
    if (res.ok && parsed !== undefined) return { ok: true, body: parsed };
    const error = (parsed as { error?: unknown } | undefined)?.error;
    const message = typeof error === 'string' ? error : `the server answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
    const hint = res.status === 401 ? ' (set SKILLPORT_KEY to an API key the server accepts)' : '';
    return { ok: false, message: `${message}${hint}` };
  };
}

/** A bar redrawn in place on a terminal; elsewhere (logs, CI) one line whenever the stage or count moves. */
export function progressReporter(out: NodeJS.WriteStream) {
  let last = '';
  let drawn = false;
  return {
    show(progress: JobProgress) {
      const line = describe(progress, out.isTTY === true);
      if (line === last) return;
      last = line;
      if (out.isTTY) {
        out.write(`\r\x1b[2K${line}`);
        drawn = true;
      } else out.write(`${line}\n`);
    },
    end() {
      if (drawn) out.write('\n');
      drawn = false;
    },
  };
}

function describe(progress: JobProgress, bar: boolean): string {
  if (progress.stage === 'fetching') return `fetching${progress.files > 0 ? ` (${progress.files} files)` : ''}…`;
  const counts = `${progress.done}/${progress.skills_found} skills`;
  if (!bar) return `${progress.stage} ${counts}`;
  const filled = progress.skills_found === 0 ? 0 : Math.round((progress.done / progress.skills_found) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${counts} ${progress.stage}`;
}

function printSummary(result: ImportResult): void {
  const what = result.dry_run ? 'Would import' : 'Imported';
  print(`${what} ${result.imported.length}, skipped ${result.skipped.length}, ${result.errors.length} error(s) from ${result.repository} at ${result.ref} (${result.commit.slice(0, 12)})`);
  for (const skill of result.imported) print(`  ${skill.action.padEnd(8)} ${skill.name}@${skill.version}  ${skill.path}  scan ${skill.scan_status}`);
  for (const skill of result.skipped) print(`  skipped  ${skill.name}  ${skill.path}  ${skill.reason}`);
  for (const error of result.errors) print(`  error    ${error.path}  ${error.code}: ${error.error}`);
}
