import { useEffect, useState } from 'preact/hooks';
import { api, describe, query } from '../lib/api.js';
import { useAsync } from '../lib/use-async.js';
import { TeamPicker, useTeamNames } from '../components/team-picker.js';
import { DataTable, Empty, ErrorNote, Field, formatDate, Loading, Notice, ScanBadge } from '../components/ui.js';

export interface Hub {
  id: string;
  name: string;
  repository: string;
  ref: string | null;
  paths: string[];
  credentials_ref: string | null;
  sync_interval_s: number;
  enabled: boolean;
  visibility: 'global' | 'team';
  shared_with_teams: string[];
  created_at: string;
  status: {
    last_commit: string | null;
    last_sync_at: string | null;
    last_attempt_at: string | null;
    last_duration_ms: number | null;
    last_status: 'ok' | 'unchanged' | 'failed' | null;
    last_error: string | null;
    skills: number;
    errors: Array<{ path: string; code: string; error: string }>;
    syncing: boolean;
  };
}

interface Preview {
  repository: string;
  ref: string;
  commit: string;
  skills: Array<{ name: string; version: string; description: string; path: string; files: Array<{ path: string }>; scan_status: string; max_severity: string | null; blocked: boolean; blocked_reason: string | null }>;
  errors: Array<{ path: string; code: string; error: string }>;
}

const INTERVALS: Array<[number, string]> = [
  [0, 'Only when asked'],
  [300, 'Every 5 minutes'],
  [900, 'Every 15 minutes'],
  [3600, 'Every hour'],
  [86_400, 'Every day'],
];

interface HubForm {
  name: string;
  repository: string;
  ref: string;
  paths: string;
  credentials_ref: string;
  sync_interval_s: number;
  visibility: 'global' | 'team';
  shared_with_teams: string[];
}

const EMPTY: HubForm = { name: '', repository: '', ref: '', paths: '', credentials_ref: '', sync_interval_s: 3600, visibility: 'global', shared_with_teams: [] };

function bodyOf(form: HubForm) {
  return {
    name: form.name.trim(),
    repository: form.repository.trim(),
    ref: form.ref.trim() || null,
    paths: form.paths.split(/[\n,]/).map((p) => p.trim()).filter(Boolean),
    credentials_ref: form.credentials_ref.trim() || null,
    sync_interval_s: form.sync_interval_s,
    visibility: form.visibility,
    shared_with_teams: form.visibility === 'team' ? form.shared_with_teams : [],
  };
}

/** Hubs: git repositories whose skills the catalog keeps in sync, with each one's last sync at a glance. */
export function Hubs() {
  const list = useAsync((signal) => api<{ hubs: Hub[] }>('/api/skills/hubs', { signal }), []);
  const [adding, setAdding] = useState(false);
  const syncing = list.data?.hubs.some((h) => h.status.syncing) ?? false;
  // A sync started elsewhere (its schedule, another node) shows here as it finishes.
  useEffect(() => {
    if (!syncing) return;
    const timer = window.setTimeout(list.reload, 1000);
    return () => window.clearTimeout(timer);
  }, [syncing, list.data]);
  return (
    <>
      {adding ? (
        <HubEditor onDone={() => (setAdding(false), list.reload())} onCancel={() => setAdding(false)} />
      ) : (
        <div class="actions">
          <button type="button" class="btn btn-primary" onClick={() => setAdding(true)}>
            Add a hub
          </button>
        </div>
      )}
      {list.loading && !list.data && <Loading />}
      {list.error && <ErrorNote>{list.error}</ErrorNote>}
      {list.data && list.data.hubs.length === 0 && !adding && (
        <Empty title="No hubs yet.">Add a git repository as a hub to keep its skills in the catalog, synced on a schedule or when you ask.</Empty>
      )}
      <div class="card-list">
        {(list.data?.hubs ?? []).map((hub) => (
          <HubCard key={hub.id} hub={hub} onChange={list.reload} />
        ))}
      </div>
    </>
  );
}

function statusText(hub: Hub): { label: string; tone: string } {
  const s = hub.status;
  if (s.syncing) return { label: 'Syncing', tone: 'scan-unscanned' };
  if (!s.last_status) return { label: 'Never synced', tone: 'scan-unscanned' };
  if (s.last_status === 'failed') return { label: 'Last sync failed', tone: 'scan-flagged' };
  return { label: s.last_status === 'ok' ? 'Synced' : 'Up to date', tone: 'scan-passed' };
}

function HubCard(props: { hub: Hub; onChange: () => void }) {
  const { hub } = props;
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const act = async (label: string, fn: () => Promise<string | void>) => {
    setBusy(label);
    setMessage(null);
    try {
      const text = await fn();
      if (text) setMessage({ ok: true, text });
      props.onChange();
    } catch (err) {
      setMessage({ ok: false, text: describe(err) });
      props.onChange();
    } finally {
      setBusy(null);
    }
  };
  const sync = () =>
    act('sync', async () => {
      const result = await api<{ result: string; hub: Hub }>(`/api/skills/hubs/${encodeURIComponent(hub.id)}/sync`, { method: 'POST' });
      return result.result === 'unchanged' ? 'No new commit: nothing to do.' : `Synced: ${result.hub.status.skills} skill${result.hub.status.skills === 1 ? '' : 's'} from commit ${result.hub.status.last_commit?.slice(0, 12) ?? ''}.`;
    });
  const status = statusText(hub);
  const s = hub.status;
  if (editing) return <HubEditor hub={hub} onDone={() => (setEditing(false), props.onChange())} onCancel={() => setEditing(false)} />;
  return (
    <article class="card" aria-labelledby={`hub-${hub.id}`}>
      <h3 id={`hub-${hub.id}`}>
        {hub.name} <span class={`badge ${status.tone}`}>{status.label}</span> {!hub.enabled && <span class="badge">Paused</span>}
      </h3>
      <p class="muted break">
        <code>{hub.repository}</code>
        {hub.ref ? ` at ${hub.ref}` : ''}
        {hub.paths.length ? `, folders ${hub.paths.join(', ')}` : ''} · {INTERVALS.find(([s]) => s === hub.sync_interval_s)?.[1] ?? `every ${hub.sync_interval_s} s`} · {hub.visibility === 'team' ? `teams ${hub.shared_with_teams.join(', ') || '(none)'}` : 'global'}
      </p>
      <dl class="kv">
        <dt>Skills</dt>
        <dd>{s.skills}</dd>
        <dt>Last sync</dt>
        <dd>
          {formatDate(s.last_sync_at)}
          {s.last_commit ? (
            <>
              {' '}
              (commit <code>{s.last_commit.slice(0, 12)}</code>
              {s.last_duration_ms !== null ? `, ${s.last_duration_ms} ms` : ''})
            </>
          ) : null}
        </dd>
        {s.last_attempt_at && s.last_attempt_at !== s.last_sync_at && (
          <>
            <dt>Last attempt</dt>
            <dd>{formatDate(s.last_attempt_at)}</dd>
          </>
        )}
      </dl>
      {s.last_status === 'failed' && s.last_error && <ErrorNote title="The last sync failed; the skills of the last good sync are still served.">{s.last_error}</ErrorNote>}
      {s.errors.length > 0 && (
        <details>
          <summary>
            {s.errors.length} file{s.errors.length === 1 ? '' : 's'} left out of the last sync
          </summary>
          <ul class="problems">
            {s.errors.map((e) => (
              <li key={e.path}>
                <span class="badge sev-high">{e.code}</span> <code class="break">{e.path}</code>: {e.error}
              </li>
            ))}
          </ul>
        </details>
      )}
      {busy === 'sync' && (
        <p role="status" class="loading">
          <span class="spinner" aria-hidden="true" /> Syncing {hub.name}: fetching, validating and scanning…
        </p>
      )}
      {message && (message.ok ? <Notice tone="ok">{message.text}</Notice> : <ErrorNote>{message.text}</ErrorNote>)}
      <div class="actions">
        <button type="button" class="btn btn-small" disabled={busy !== null} onClick={() => void sync()}>
          Sync now<span class="visually-hidden"> {hub.name}</span>
        </button>
        <a class="btn btn-small" href="/?source=hub" data-route>
          Its skills in the catalog
        </a>
        <button type="button" class="btn btn-small" disabled={busy !== null} onClick={() => setEditing(true)}>
          Edit<span class="visually-hidden"> {hub.name}</span>
        </button>
        <button
          type="button"
          class="btn btn-small"
          disabled={busy !== null}
          onClick={() => void act('toggle', () => api(`/api/skills/hubs${query({ id: hub.id })}`, { method: 'PUT', body: { enabled: !hub.enabled } }).then(() => undefined))}
        >
          {hub.enabled ? 'Pause' : 'Resume'}
          <span class="visually-hidden"> {hub.name}</span>
        </button>
        {confirm ? (
          <>
            <button type="button" class="btn btn-small btn-danger" onClick={() => void act('delete', () => api(`/api/skills/hubs${query({ id: hub.id })}`, { method: 'DELETE' }).then(() => undefined))}>
              Yes, remove {hub.name} and its skills
            </button>
            <button type="button" class="btn btn-small" onClick={() => setConfirm(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" class="btn btn-small btn-danger" disabled={busy !== null} onClick={() => setConfirm(true)}>
            Remove…<span class="visually-hidden"> {hub.name}</span>
          </button>
        )}
      </div>
    </article>
  );
}

/** Adding or changing a hub, with a preview of what it would serve before anything is saved. */
function HubEditor(props: { hub?: Hub; onDone: () => void; onCancel: () => void }) {
  const teams = useTeamNames();
  const h = props.hub;
  const [form, setForm] = useState<HubForm>(
    h
      ? { name: h.name, repository: h.repository, ref: h.ref ?? '', paths: h.paths.join('\n'), credentials_ref: h.credentials_ref ?? '', sync_interval_s: h.sync_interval_s, visibility: h.visibility, shared_with_teams: h.shared_with_teams }
      : EMPTY,
  );
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const set = (next: Partial<HubForm>) => {
    setForm({ ...form, ...next });
    if ('repository' in next || 'ref' in next || 'paths' in next || 'credentials_ref' in next) setPreview(null);
  };
  const check = (): boolean => {
    if (!form.name.trim() || !form.repository.trim()) {
      setError('A hub needs a name and a repository.');
      return false;
    }
    return true;
  };
  const runPreview = async () => {
    if (!check()) return;
    setBusy('preview');
    setError(null);
    try {
      const { repository, ref, paths, credentials_ref } = bodyOf(form);
      setPreview(await api<Preview>('/api/skills/hubs/preview', { method: 'POST', body: { repository, ...(ref ? { ref } : {}), ...(paths.length ? { paths } : {}), ...(credentials_ref ? { credentials_ref } : {}) } }));
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(null);
    }
  };
  const save = async (event: Event) => {
    event.preventDefault();
    if (!check()) return;
    setBusy('save');
    setError(null);
    try {
      if (h) await api(`/api/skills/hubs${query({ id: h.id })}`, { method: 'PUT', body: bodyOf(form) });
      else await api('/api/skills/hubs', { method: 'POST', body: bodyOf(form) });
      props.onDone();
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(null);
    }
  };
  const idp = h ? `hub-${h.id}-` : 'hub-';
  return (
    <form class="side-panel" onSubmit={save} aria-labelledby={`${idp}form-heading`}>
      <h2 id={`${idp}form-heading`}>{h ? `Change ${h.name}` : 'Add a hub'}</h2>
      <div class="form-row">
        <Field id={`${idp}name`} label="Name" hint="Lowercase letters, digits, dots, dashes">
          <input id={`${idp}name`} value={form.name} spellcheck={false} onInput={(e) => set({ name: (e.currentTarget as HTMLInputElement).value })} />
        </Field>
        <Field id={`${idp}repo`} label="Repository" hint="owner/repo, a GitHub URL, or the https URL of any git repository">
          <input id={`${idp}repo`} value={form.repository} spellcheck={false} onInput={(e) => set({ repository: (e.currentTarget as HTMLInputElement).value })} />
        </Field>
        <Field id={`${idp}ref`} label="Branch, tag or commit (optional)">
          <input id={`${idp}ref`} value={form.ref} spellcheck={false} onInput={(e) => set({ ref: (e.currentTarget as HTMLInputElement).value })} />
        </Field>
      </div>
      <div class="form-row">
        <Field id={`${idp}paths`} label="Only these folders (optional)" hint="One per line">
          <textarea id={`${idp}paths`} rows={2} value={form.paths} onInput={(e) => set({ paths: (e.currentTarget as HTMLTextAreaElement).value })} />
        </Field>
        <Field id={`${idp}cred`} label="Stored credential (optional)" hint="For a private repository: the name given to POST /api/credentials">
          <input id={`${idp}cred`} value={form.credentials_ref} spellcheck={false} onInput={(e) => set({ credentials_ref: (e.currentTarget as HTMLInputElement).value })} />
        </Field>
        <Field id={`${idp}interval`} label="Sync">
          <select id={`${idp}interval`} value={String(form.sync_interval_s)} onChange={(e) => set({ sync_interval_s: Number((e.currentTarget as HTMLSelectElement).value) })}>
            {INTERVALS.some(([s]) => s === form.sync_interval_s) ? null : <option value={String(form.sync_interval_s)}>Every {form.sync_interval_s} s</option>}
            {INTERVALS.map(([s, label]) => (
              <option key={s} value={String(s)}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${idp}visibility`} label="Who sees its skills">
          <select id={`${idp}visibility`} value={form.visibility} onChange={(e) => set({ visibility: (e.currentTarget as HTMLSelectElement).value as HubForm['visibility'] })}>
            <option value="global">Everyone who may read skills</option>
            <option value="team">Some teams</option>
          </select>
        </Field>
      </div>
      {form.visibility === 'team' && <TeamPicker legend="Teams" teams={teams} value={form.shared_with_teams} onChange={(next) => set({ shared_with_teams: next })} />}
      {error && <ErrorNote>{error}</ErrorNote>}
      <div class="actions">
        <button type="button" class="btn" disabled={busy !== null} onClick={() => void runPreview()}>
          {busy === 'preview' ? 'Reading the repository…' : 'Preview'}
        </button>
        <button type="submit" class="btn btn-primary" disabled={busy !== null}>
          {busy === 'save' ? 'Saving…' : h ? 'Save changes' : 'Add hub'}
        </button>
        <button type="button" class="btn btn-ghost" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
      {busy === 'preview' && (
        <p role="status" class="loading">
          <span class="spinner" aria-hidden="true" /> Fetching, validating and scanning, as a sync would; nothing is saved.
        </p>
      )}
      {preview && <HubPreview preview={preview} />}
    </form>
  );
}

function HubPreview(props: { preview: Preview }) {
  const { preview } = props;
  return (
    <section aria-labelledby="hub-preview-heading">
      <h3 id="hub-preview-heading">
        The hub would serve {preview.skills.length} skill{preview.skills.length === 1 ? '' : 's'} from commit <code>{preview.commit.slice(0, 12)}</code>
      </h3>
      {preview.skills.length > 0 && (
        <DataTable caption="Skills the hub would serve" columns={['Skill', 'Version', 'Path', 'Files', 'Scan']}>
          {preview.skills.map((s) => (
            <tr key={s.path}>
              <td>
                <strong>{s.name}</strong>
                <div class="muted">{s.description}</div>
              </td>
              <td>{s.version}</td>
              <td>
                <code class="break">{s.path}</code>
              </td>
              <td>{s.files.length + 1}</td>
              <td>
                <ScanBadge status={s.scan_status} severity={s.max_severity} quarantined={s.blocked} />
                {s.blocked_reason && <div class="field-error">{s.blocked_reason}</div>}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {preview.errors.length > 0 && (
        <ul class="problems" aria-label="Files that would be left out">
          {preview.errors.map((e) => (
            <li key={e.path}>
              <span class="badge sev-high">{e.code}</span> <code class="break">{e.path}</code>: {e.error}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
