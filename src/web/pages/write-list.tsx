import { useEffect, useState } from 'preact/hooks';
import { api, describe, query } from '../lib/api.js';
import { can, useApp } from '../lib/app-state.js';
import type { AgentSkill } from '../lib/types.js';
import { useAsync } from '../lib/use-async.js';
import { Empty, ErrorNote, formatDate, Loading, Notice, Page, ScanBadge } from '../components/ui.js';

interface ConfigList {
  configs: AgentSkill[];
  total: number;
  page: number;
  has_more: boolean;
}

/** Stored skills the person may see, theirs first, with a way to start a new one. */
export function WriteList() {
  const { me } = useApp();
  const [mine, setMine] = useState(true);
  const [page, setPage] = useState(1);
  useEffect(() => {
    document.title = 'Write · Skillport';
  }, []);
  const list = useAsync(
    (signal) => api<ConfigList>(`/api/skills/configs${query({ owner_id: mine && me.id ? me.id : undefined, page, page_size: 25 })}`, { signal }),
    [mine, page],
  );
  return (
    <Page
      title="Write"
      lead="Skills stored on this server: write them here, share them with your teams, and keep every revision."
      actions={
        <>
          <a class="btn btn-primary" href="/write/new" data-route>
            New skill
          </a>
          <a class="btn" href="/write/new?from=generate" data-route>
            Generate with AI
          </a>
          <a class="btn" href="/write/new?from=template" data-route>
            From a template
          </a>
          <a class="btn" href="/write/import" data-route>
            Import from git
          </a>
        </>
      }
    >
      <div class="toolbar">
        <label class="check">
          <input type="checkbox" checked={mine} onChange={(e) => (setMine((e.currentTarget as HTMLInputElement).checked), setPage(1))} /> Only mine
        </label>
        {can(me, 'admin') && <span class="hint">As an administrator you can edit every stored skill.</span>}
      </div>
      {can(me, 'skills:admin') && <PackagedTemplates onImported={list.reload} />}
      {list.loading && <Loading />}
      {list.error && <ErrorNote>{list.error}</ErrorNote>}
      {list.data && list.data.configs.length === 0 && (
        <Empty title={mine ? 'You have not stored a skill yet.' : 'No stored skills yet.'}>
          <a href="/write/new" data-route>
            Write your first skill
          </a>{' '}
          or start from a template.
        </Empty>
      )}
      {list.data && list.data.configs.length > 0 && (
        <table class="table">
          <caption class="visually-hidden">Stored skills</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Version</th>
              <th scope="col">Visibility</th>
              <th scope="col">Scan</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {list.data.configs.map((c) => (
              <tr key={c.id}>
                <td>
                  <a href={`/write/${encodeURIComponent(c.id)}`} data-route>
                    {c.name}
                  </a>
                  {c.is_system && <span class="chip">built-in</span>}
                </td>
                <td>{c.version}</td>
                <td>
                  {c.visibility}
                  {c.visibility === 'team' && c.shared_with_teams.length > 0 ? ` (${c.shared_with_teams.join(', ')})` : ''}
                </td>
                <td>
                  <ScanBadge status={c.scan_status} />
                </td>
                <td>{formatDate(c.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.data && (page > 1 || list.data.has_more) && (
        <nav class="pager" aria-label="Pages">
          <button type="button" class="btn" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>Page {page}</span>
          <button type="button" class="btn" disabled={!list.data.has_more} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </nav>
      )}
    </Page>
  );
}

interface SeedStatus {
  needsSeeding: boolean;
  existingCount: number;
  templateCount: number;
}

/** For reviewers: the templates that ship with the server, imported as built-in skills everyone can start from. */
function PackagedTemplates(props: { onImported: () => void }) {
  const status = useAsync((signal) => api<SeedStatus>('/api/skills/seed', { signal }), []);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async () => {
    setBusy(true);
    setResult(null);
    try {
      const r = await api<{ imported: unknown[]; skipped: unknown[]; errors: Array<{ template_source_id: string; error: string }> }>('/api/skills/templates/import', { method: 'POST', body: { import_all: true } });
      const errors = r.errors.map((e) => `${e.template_source_id}: ${e.error}`).join('; ');
      setResult({ ok: r.errors.length === 0, text: `Imported ${r.imported.length}, already there ${r.skipped.length}${errors ? `; not imported: ${errors}` : ''}.` });
      status.reload();
      props.onImported();
    } catch (err) {
      setResult({ ok: false, text: describe(err) });
    } finally {
      setBusy(false);
    }
  };
  if (!status.data) return null;
  return (
    <section class="side-panel" aria-labelledby="templates-heading">
      <h2 id="templates-heading">Packaged templates</h2>
      <p class="muted">
        {status.data.existingCount} of the {status.data.templateCount} templates that ship with this server are imported as built-in skills, which everyone can read and
        start from.
      </p>
      {result && (result.ok ? <Notice tone="ok">{result.text}</Notice> : <ErrorNote>{result.text}</ErrorNote>)}
      {status.data.needsSeeding && (
        <button type="button" class="btn" disabled={busy} onClick={() => void run()}>
          {busy ? 'Importing…' : 'Import the packaged templates'}
        </button>
      )}
    </section>
  );
}
