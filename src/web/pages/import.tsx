import { useEffect, useRef, useState } from 'preact/hooks';
import { api, describe } from '../lib/api.js';
import { pollUntil } from '../lib/poll.js';
import type { AgentSkill } from '../lib/types.js';
import { TeamPicker, useTeamNames } from '../components/team-picker.js';
import { DataTable, Empty, ErrorNote, Field, Notice, Page, ScanBadge } from '../components/ui.js';

interface ImportJob {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  progress: { stage: string; files: number; skills_found: number; done: number };
  result: ImportResult | null;
  error: string | null;
  error_code: string | null;
}

interface ImportResult {
  repository: string;
  ref: string;
  commit: string;
  dry_run: boolean;
  imported: Array<{ id: string | null; name: string; version: string; path: string; action: 'created' | 'updated'; scan_status: string }>;
  skipped: Array<{ id: string; name: string; path: string; reason: 'already_imported' | 'unchanged' }>;
  errors: Array<{ path: string; code: string; error: string }>;
  lfs_pointers: string[];
  submodules: string[];
}

interface Form {
  url: string;
  ref: string;
  paths: string;
  visibility: AgentSkill['visibility'];
  teams: string[];
}

const STAGES: Record<string, string> = { fetching: 'Fetching the repository', checking: 'Validating and scanning', storing: 'Storing', done: 'Done' };
const SKIP_REASONS: Record<string, string> = { already_imported: 'already imported from this commit', unchanged: 'unchanged since the last import' };

/**
 * Importing every skill of a git repository as stored skills: a preview first (a dry run: what
 * would be created or updated, each skill's scan verdict, what would be left out and why), then
 * the import itself. Both run as jobs on the server, whose progress shows here as it moves.
 */
export function ImportPage() {
  const teams = useTeamNames();
  const [form, setForm] = useState<Form>({ url: '', ref: '', paths: '', visibility: 'private', teams: [] });
  const [job, setJob] = useState<ImportJob | null>(null);
  const [preview, setPreview] = useState<{ form: Form; result: ImportResult } | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => {
    document.title = 'Import from git · Skillport';
    return () => controller.current?.abort();
  }, []);

  const change = (next: Partial<Form>) => {
    setForm({ ...form, ...next });
    // A preview speaks for the form it was made from only.
    setPreview(null);
    setDone(null);
  };

  const run = async (dryRun: boolean) => {
    if (!form.url.trim()) {
      setError('Give a repository: owner/repo on GitHub, or the https URL of any git repository.');
      return;
    }
    setError(null);
    setDone(null);
    if (dryRun) setPreview(null);
    controller.current?.abort();
    controller.current = new AbortController();
    const signal = controller.current.signal;
    const paths = form.paths.split(/[\n,]/).map((p) => p.trim()).filter(Boolean);
    const body = {
      url: form.url.trim(),
      ...(form.ref.trim() ? { ref: form.ref.trim() } : {}),
      ...(paths.length ? { paths } : {}),
      visibility: form.visibility,
      ...(form.visibility === 'team' ? { shared_with_teams: form.teams } : {}),
      dry_run: dryRun,
    };
    try {
      const started = await api<ImportJob>('/api/skills/import', { method: 'POST', body, signal });
      setJob(started);
      const finished = await pollUntil((s) => api<ImportJob>(`/api/skills/import-jobs/${encodeURIComponent(started.id)}`, { signal: s }), (j) => j.status !== 'running', setJob, signal);
      if (finished.status === 'failed' || !finished.result) setError(finished.error ?? 'The import failed.');
      else if (dryRun) setPreview({ form, result: finished.result });
      else setDone(finished.result);
    } catch (err) {
      if (!(err instanceof DOMException && err.name === 'AbortError')) setError(describe(err));
    } finally {
      setJob((j) => (j && j.status === 'running' ? null : j));
    }
  };

  const running = job?.status === 'running';
  const toImport = preview?.result.imported.length ?? 0;
  return (
    <Page title="Import from git" lead="Bring every skill of a repository in as stored skills: preview what would change, then import. Each skill is validated and scanned first; its origin (repository, commit, path) is kept.">
      <form
        class="side-panel"
        aria-labelledby="import-form-heading"
        onSubmit={(e) => {
          e.preventDefault();
          void run(true);
        }}
      >
        <h2 id="import-form-heading">Where from</h2>
        <div class="form-row">
          <Field id="imp-url" label="Repository" hint="owner/repo or a GitHub URL (through GitHub's API), or the https URL of any git repository">
            <input id="imp-url" value={form.url} spellcheck={false} onInput={(e) => change({ url: (e.currentTarget as HTMLInputElement).value })} />
          </Field>
          <Field id="imp-ref" label="Branch, tag or commit (optional)" hint="The default branch when empty">
            <input id="imp-ref" value={form.ref} spellcheck={false} onInput={(e) => change({ ref: (e.currentTarget as HTMLInputElement).value })} />
          </Field>
        </div>
        <Field id="imp-paths" label="Only these folders (optional)" hint="One per line; the whole repository when empty">
          <textarea id="imp-paths" rows={2} value={form.paths} onInput={(e) => change({ paths: (e.currentTarget as HTMLTextAreaElement).value })} />
        </Field>
        <div class="form-row">
          <Field id="imp-visibility" label="Visibility of the imported skills">
            <select id="imp-visibility" value={form.visibility} onChange={(e) => change({ visibility: (e.currentTarget as HTMLSelectElement).value as Form['visibility'] })}>
              <option value="private">Private</option>
              <option value="team">Team</option>
              <option value="global">Global</option>
            </select>
          </Field>
          {form.visibility === 'team' && <TeamPicker legend="Share with teams" teams={teams} value={form.teams} onChange={(next) => change({ teams: next })} />}
        </div>
        {error && <ErrorNote title="Nothing was imported.">{error}</ErrorNote>}
        <div class="actions">
          <button type="submit" class="btn btn-primary" disabled={running}>
            {running && job ? 'Working…' : 'Preview'}
          </button>
          {running && (
            <button type="button" class="btn" onClick={() => controller.current?.abort()}>
              Stop watching
            </button>
          )}
        </div>
        {running && job && <JobProgress job={job} />}
      </form>

      {preview && !done && (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview</h2>
          <p>
            <code class="break">{preview.result.repository}</code> at {preview.result.ref} (commit <code>{preview.result.commit.slice(0, 12)}</code>). Nothing has been stored yet.
          </p>
          <ResultTables result={preview.result} />
          <div class="actions">
            <button type="button" class="btn btn-primary" disabled={running || toImport === 0} onClick={() => void run(false)}>
              {toImport === 0 ? 'Nothing to import' : `Import ${toImport} skill${toImport === 1 ? '' : 's'}`}
            </button>
          </div>
        </section>
      )}

      {done && (
        <section aria-labelledby="done-heading">
          <h2 id="done-heading">Imported</h2>
          <Notice tone="ok">
            {done.imported.length} skill{done.imported.length === 1 ? '' : 's'} stored from commit <code>{done.commit.slice(0, 12)}</code>. They are in the catalog now.
          </Notice>
          <ResultTables result={done} />
        </section>
      )}
    </Page>
  );
}

function JobProgress(props: { job: ImportJob }) {
  const { progress } = props.job;
  return (
    <div role="status" aria-live="polite" class="progress-wrap">
      <span class="spinner" aria-hidden="true" />
      <span>
        {STAGES[progress.stage] ?? progress.stage}: {progress.files} file{progress.files === 1 ? '' : 's'} read, {progress.done} of {progress.skills_found} skill
        {progress.skills_found === 1 ? '' : 's'} checked
      </span>
    </div>
  );
}

function ResultTables(props: { result: ImportResult }) {
  const { imported, skipped, errors, lfs_pointers, submodules } = props.result;
  const dry = props.result.dry_run;
  return (
    <>
      {imported.length === 0 && skipped.length === 0 && errors.length === 0 && <Empty title="No skills found." />}
      {imported.length > 0 && (
        <DataTable caption={dry ? 'Skills that would be imported' : 'Skills imported'} columns={['Skill', 'Version', 'Path', dry ? 'Would be' : 'Result', 'Scan']}>
          {imported.map((s) => (
            <tr key={s.path}>
              <td>{s.id && !dry ? <a href={`/write/${encodeURIComponent(s.id)}`} data-route>{s.name}</a> : s.name}</td>
              <td>{s.version}</td>
              <td>
                <code class="break">{s.path}</code>
              </td>
              <td>{s.action === 'created' ? (dry ? 'New' : 'Created') : dry ? 'An update' : 'Updated'}</td>
              <td>
                <ScanBadge status={s.scan_status} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {skipped.length > 0 && (
        <>
          <h3>Left as they are</h3>
          <ul>
            {skipped.map((s) => (
              <li key={s.path}>
                {s.name} (<code>{s.path}</code>): {SKIP_REASONS[s.reason] ?? s.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {errors.length > 0 && (
        <>
          <h3>Left out</h3>
          <ul class="problems">
            {errors.map((e) => (
              <li key={e.path}>
                <span class="badge sev-high">{e.code}</span> <code class="break">{e.path}</code>: {e.error}
              </li>
            ))}
          </ul>
        </>
      )}
      {(lfs_pointers.length > 0 || submodules.length > 0) && (
        <p class="hint">
          {lfs_pointers.length > 0 && `Git LFS files not fetched: ${lfs_pointers.join(', ')}. `}
          {submodules.length > 0 && `Submodules not followed: ${submodules.join(', ')}.`}
        </p>
      )}
    </>
  );
}
