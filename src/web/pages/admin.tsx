import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, describe, query } from '../lib/api.js';
import { useApp } from '../lib/app-state.js';
import { useAsync } from '../lib/use-async.js';
import { SubNav } from '../components/subnav.js';
import { Hubs } from './hubs.js';
import { CopyButton, Empty, ErrorNote, Field, formatDate, Loading, Page, DataTable } from '../components/ui.js';

const SECTIONS = [
  { id: 'users', label: 'Users' },
  { id: 'teams', label: 'Teams' },
  { id: 'hubs', label: 'Hubs' },
  { id: 'webhooks', label: 'Webhooks' },
  { id: 'audit', label: 'Audit log' },
];

const ROLES = ['viewer', 'member', 'admin', 'owner'];

/** Administration: for callers with the admin permission. */
export function Admin(props: { section: string }) {
  useEffect(() => {
    document.title = 'Admin · Skillport';
  }, []);
  return (
    <Page title="Admin" lead="People and teams, hubs the catalog keeps in sync, where catalog changes are sent, and who did what.">
      <SubNav label="Admin sections" base="/admin" items={SECTIONS} active={props.section} />
      {props.section === 'users' && <Users />}
      {props.section === 'teams' && <Teams />}
      {props.section === 'hubs' && <Hubs />}
      {props.section === 'webhooks' && <Webhooks />}
      {props.section === 'audit' && <Audit />}
    </Page>
  );
}

interface User {
  id: string;
  name: string;
  email: string | null;
  role: string;
  created_at: string;
}

function Users() {
  const { me } = useApp();
  const list = useAsync((signal) => api<{ users: User[] }>('/api/users', { signal }), []);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ id: '', name: '', email: '', role: 'member' });
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      list.reload();
    } catch (err) {
      setError(describe(err));
    }
  };
  const create = (event: Event) => {
    event.preventDefault();
    if (!form.name.trim()) return setError('A user needs a name.');
    void act(async () => {
      await api('/api/users', { method: 'POST', body: { name: form.name.trim(), role: form.role, ...(form.id.trim() ? { id: form.id.trim() } : {}), ...(form.email.trim() ? { email: form.email.trim() } : {}) } });
      setForm({ id: '', name: '', email: '', role: 'member' });
    });
  };
  const roles = me.role === 'owner' ? ROLES : ROLES.slice(0, 3);
  return (
    <>
      <form class="side-panel" onSubmit={create} aria-labelledby="new-user-heading">
        <h2 id="new-user-heading">Add a user</h2>
        <div class="form-row">
          <Field id="u-name" label="Name">
            <input id="u-name" value={form.name} onInput={(e) => setForm({ ...form, name: (e.currentTarget as HTMLInputElement).value })} />
          </Field>
          <Field id="u-email" label="Email (optional)">
            <input id="u-email" type="email" value={form.email} onInput={(e) => setForm({ ...form, email: (e.currentTarget as HTMLInputElement).value })} />
          </Field>
          <Field id="u-id" label="Id (optional)" hint="Generated when empty">
            <input id="u-id" value={form.id} onInput={(e) => setForm({ ...form, id: (e.currentTarget as HTMLInputElement).value })} />
          </Field>
          <Field id="u-role" label="Role">
            <select id="u-role" value={form.role} onChange={(e) => setForm({ ...form, role: (e.currentTarget as HTMLSelectElement).value })}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <button type="submit" class="btn btn-primary">
          Add user
        </button>
      </form>
      {error && <ErrorNote>{error}</ErrorNote>}
      {list.loading && <Loading />}
      {list.error && <ErrorNote>{list.error}</ErrorNote>}
      {list.data && (
        <DataTable caption="Users" columns={['Name', 'Id', 'Email', 'Role']} last="Actions">
          {list.data.users.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>
                <code>{u.id}</code>
              </td>
              <td>{u.email ?? '—'}</td>
              <td>
                <label class="visually-hidden" for={`role-${u.id}`}>
                  Role of {u.name}
                </label>
                <select id={`role-${u.id}`} value={u.role} disabled={u.id === me.id} onChange={(e) => void act(() => api(`/api/users/${encodeURIComponent(u.id)}`, { method: 'PATCH', body: { role: (e.currentTarget as HTMLSelectElement).value } }))}>
                  {ROLES.map((r) => (
                    <option key={r} value={r} disabled={!roles.includes(r)}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {u.id !== me.id && (
                  <button type="button" class="btn btn-small btn-danger" aria-label={`Remove ${u.name}`} onClick={() => void act(() => api(`/api/users/${encodeURIComponent(u.id)}`, { method: 'DELETE' }))}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}

interface Team {
  id: string;
  name: string;
  description: string;
}

function Teams() {
  const list = useAsync((signal) => api<{ teams: Team[] }>('/api/teams', { signal }), []);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const create = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      await api('/api/teams', { method: 'POST', body: { name: name.trim() } });
      setName('');
      list.reload();
    } catch (err) {
      setError(describe(err));
    }
  };
  return (
    <>
      <form class="side-panel" onSubmit={create} aria-labelledby="new-team-heading">
        <h2 id="new-team-heading">Create a team</h2>
        <div class="form-row">
          <Field id="t-name" label="Team name">
            <input id="t-name" value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
          </Field>
        </div>
        <button type="submit" class="btn btn-primary">
          Create team
        </button>
      </form>
      {error && <ErrorNote>{error}</ErrorNote>}
      {list.loading && <Loading />}
      {list.data && list.data.teams.length === 0 && <Empty title="No teams yet.">Teams let people share stored skills with each other.</Empty>}
      <div class="card-list">
        {(list.data?.teams ?? []).map((t) => (
          <div class="card" key={t.id}>
            <h3>{t.name}</h3>
            <button type="button" class="btn btn-small" aria-expanded={open === t.id} onClick={() => setOpen(open === t.id ? null : t.id)}>
              {open === t.id ? 'Hide members' : 'Members'}
            </button>
            {open === t.id && <TeamMembers team={t} onDeleted={list.reload} />}
          </div>
        ))}
      </div>
    </>
  );
}

function TeamMembers(props: { team: Team; onDeleted: () => void }) {
  const team = useAsync((signal) => api<Team & { members: User[] }>(`/api/teams/${encodeURIComponent(props.team.id)}`, { signal }), [props.team.id]);
  const [userId, setUserId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>, after = team.reload) => {
    setError(null);
    try {
      await fn();
      after();
    } catch (err) {
      setError(describe(err));
    }
  };
  const id = `add-${props.team.id}`;
  return (
    <div>
      {team.loading && <Loading />}
      <ul>
        {(team.data?.members ?? []).map((m) => (
          <li key={m.id}>
            {m.name} <code>{m.id}</code>{' '}
            <button type="button" class="btn btn-small" aria-label={`Remove ${m.name} from ${props.team.name}`} onClick={() => void act(() => api(`/api/teams/${encodeURIComponent(props.team.id)}/members/${encodeURIComponent(m.id)}`, { method: 'DELETE' }))}>
              Remove
            </button>
          </li>
        ))}
        {team.data && team.data.members.length === 0 && <li class="muted">No members yet.</li>}
      </ul>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void act(() => api(`/api/teams/${encodeURIComponent(props.team.id)}/members`, { method: 'POST', body: { user_id: userId.trim() } }).then(() => setUserId('')));
        }}
      >
        <Field id={id} label="Add a member (user id)">
          <input id={id} value={userId} onInput={(e) => setUserId((e.currentTarget as HTMLInputElement).value)} />
        </Field>
        <button type="submit" class="btn">
          Add
        </button>
        <button type="button" class="btn btn-danger" onClick={() => void act(() => api(`/api/teams/${encodeURIComponent(props.team.id)}`, { method: 'DELETE' }), props.onDeleted)}>
          Delete team
        </button>
      </form>
      {error && <ErrorNote>{error}</ErrorNote>}
    </div>
  );
}

interface Webhook {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  created_at: string;
}

interface Delivery {
  id: string;
  event_type: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
}

const EVENTS = ['skill.created', 'skill.updated', 'skill.deleted'];

function Webhooks() {
  const list = useAsync((signal) => api<{ webhooks: Webhook[] }>('/api/webhooks', { signal }), []);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [sent, setSent] = useState(0);
  const create = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const created = await api<{ secret: string }>('/api/webhooks', { method: 'POST', body: { url: url.trim(), ...(events.length ? { events } : {}) } });
      setSecret(created.secret);
      setUrl('');
      list.reload();
    } catch (err) {
      setError(describe(err));
    }
  };
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      list.reload();
    } catch (err) {
      setError(describe(err));
    }
  };
  return (
    <>
      {secret ? (
        <section class="note note-ok" aria-labelledby="secret-heading">
          <h2 id="secret-heading">Signing secret</h2>
          <p>Deliveries are signed with this secret. Copy it to the receiver now: it is shown only once.</p>
          <div class="codeblock">
            <pre tabIndex={0} aria-label="Webhook signing secret">
              <code class="secret">{secret}</code>
            </pre>
            <CopyButton text={secret} label="Copy the signing secret" />
          </div>
          <button type="button" class="btn" onClick={() => setSecret(null)}>
            I have stored it, hide the secret
          </button>
        </section>
      ) : (
        <form class="side-panel" onSubmit={create} aria-labelledby="new-hook-heading">
          <h2 id="new-hook-heading">Add a webhook</h2>
          <Field id="w-url" label="Receiver URL" hint="http(s), without credentials">
            <input id="w-url" type="url" value={url} onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)} />
          </Field>
          <fieldset class="field">
            <legend>Events (none ticked: all)</legend>
            {EVENTS.map((ev) => (
              <label class="check" key={ev}>
                <input type="checkbox" checked={events.includes(ev)} onChange={(e) => setEvents((e.currentTarget as HTMLInputElement).checked ? [...events, ev] : events.filter((x) => x !== ev))} /> {ev}
              </label>
            ))}
          </fieldset>
          <button type="submit" class="btn btn-primary">
            Add webhook
          </button>
        </form>
      )}
      {error && <ErrorNote>{error}</ErrorNote>}
      {list.loading && <Loading />}
      {list.data && list.data.webhooks.length === 0 && <Empty title="No webhooks.">Add one to have catalog changes sent to another system.</Empty>}
      <div class="card-list">
        {(list.data?.webhooks ?? []).map((w) => (
          <div class="card" key={w.id}>
            <h3 class="break">{w.url}</h3>
            <p class="muted">
              {w.active ? 'Active' : 'Paused'} · {w.events.length ? w.events.join(', ') : 'all events'} · added {formatDate(w.created_at)}
            </p>
            <div class="actions">
              <button type="button" class="btn btn-small" onClick={() => void act(() => api(`/api/webhooks/${encodeURIComponent(w.id)}/test`, { method: 'POST' }).then(() => (setOpen(w.id), setSent((n) => n + 1))))}>
                Send a test
              </button>
              <button type="button" class="btn btn-small" onClick={() => void act(() => api(`/api/webhooks/${encodeURIComponent(w.id)}`, { method: 'PATCH', body: { active: !w.active } }))}>
                {w.active ? 'Pause' : 'Resume'}
              </button>
              <button type="button" class="btn btn-small" aria-expanded={open === w.id} onClick={() => setOpen(open === w.id ? null : w.id)}>
                Deliveries
              </button>
              <button type="button" class="btn btn-small btn-danger" onClick={() => void act(() => api(`/api/webhooks/${encodeURIComponent(w.id)}`, { method: 'DELETE' }))}>
                Delete
              </button>
            </div>
            {open === w.id && <Deliveries id={w.id} refresh={sent} />}
          </div>
        ))}
      </div>
    </>
  );
}

/** A webhook's recent deliveries; re-read while one is still being tried, so retries show as they happen. */
function Deliveries(props: { id: string; refresh: number }) {
  const list = useAsync((signal) => api<{ deliveries: Delivery[] }>(`/api/webhooks/${encodeURIComponent(props.id)}/deliveries?limit=20`, { signal }), [props.id, props.refresh]);
  const pending = list.data?.deliveries.some((d) => d.status === 'pending') ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = window.setTimeout(list.reload, 1000);
    return () => window.clearTimeout(timer);
  }, [pending, list.data]);
  if (list.loading && !list.data) return <Loading />;
  if (list.error) return <ErrorNote>{list.error}</ErrorNote>;
  if (list.data!.deliveries.length === 0) return <p class="muted">Nothing sent yet.</p>;
  return (
    <table class="table">
      <caption class="visually-hidden">Deliveries</caption>
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
          <th scope="col">Last answer</th>
          <th scope="col">When</th>
        </tr>
      </thead>
      <tbody>
        {list.data!.deliveries.map((d) => (
          <tr key={d.id}>
            <td>{d.event_type}</td>
            <td>{d.status}</td>
            <td>{d.attempts}</td>
            <td>
              {d.last_status_code ?? ''}
              {d.last_status_code && d.last_error ? ': ' : ''}
              {d.last_error ?? (d.last_status_code ? '' : '—')}
            </td>
            <td>{formatDate(d.created_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface AuditEntry {
  id: number;
  at: string;
  actor_id: string | null;
  actor_kind: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: string;
  details: Record<string, unknown>;
}

/** Actions the audit log records, offered as the Action filter is typed (any other text works too). */
const AUDIT_ACTIONS = [
  'key.create', 'key.revoke', 'user.create', 'user.update', 'user.delete', 'team.create', 'team.delete', 'team.add_member', 'team.remove_member',
  'skill_config.create', 'skill_config.update', 'skill_config.delete', 'skill_import.run', 'hub.create', 'hub.update', 'hub.delete', 'share.create', 'share.revoke',
  'webhook.create', 'webhook.update', 'webhook.delete', 'webhook.test', 'quarantine_policy.update', 'scan_override.create', 'scan_override.delete',
  'scan_job.create', 'scan_job.cancel', 'task.run', 'skill.generate',
];

const AUDIT_FILTERS = ['actor_id', 'action', 'resource_type', 'resource_id', 'outcome', 'since', 'until'] as const;
type AuditFilters = Record<(typeof AUDIT_FILTERS)[number], string>;

function Audit() {
  const empty = Object.fromEntries(AUDIT_FILTERS.map((f) => [f, ''])) as AuditFilters;
  const [draft, setDraft] = useState<AuditFilters>(empty);
  const [filters, setFilters] = useState<AuditFilters>(empty);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const page = useAsync(
    (signal) =>
      api<{ entries: AuditEntry[]; next_cursor: string | null }>(
        `/api/audit${query({
          ...filters,
          since: filters.since ? new Date(filters.since).toISOString() : undefined,
          until: filters.until ? new Date(filters.until).toISOString() : undefined,
          limit: 50,
          cursor,
        })}`,
        { signal },
      ),
    [filters, cursor],
  );
  const [expanded, setExpanded] = useState<number | null>(null);
  const field = (name: keyof AuditFilters, label: string, type = 'text', list?: string) => (
    <Field id={`a-${name}`} label={label}>
      <input id={`a-${name}`} type={type} list={list} value={draft[name]} onInput={(e) => setDraft({ ...draft, [name]: (e.currentTarget as HTMLInputElement).value })} />
    </Field>
  );
  return (
    <>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setCursors([]);
          setFilters(draft);
        }}
      >
        {field('actor_id', 'Who (actor id)')}
        {field('action', 'Action', 'text', 'audit-actions')}
        <datalist id="audit-actions">
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        {field('resource_type', 'Resource type')}
        {field('resource_id', 'Resource id')}
        <Field id="a-outcome" label="Outcome">
          <select id="a-outcome" value={draft.outcome} onChange={(e) => setDraft({ ...draft, outcome: (e.currentTarget as HTMLSelectElement).value })}>
            <option value="">Any</option>
            <option value="success">Success</option>
            <option value="denied">Denied</option>
            <option value="failure">Failure</option>
          </select>
        </Field>
        {field('since', 'From', 'datetime-local')}
        {field('until', 'To', 'datetime-local')}
        <button type="submit" class="btn btn-primary">
          Filter
        </button>
      </form>
      {page.loading && <Loading />}
      {page.error && <ErrorNote>{page.error}</ErrorNote>}
      {page.data && page.data.entries.length === 0 && <Empty title="No entries match." />}
      {page.data && page.data.entries.length > 0 && (
        <DataTable caption="Audit log, newest first" columns={['When', 'Who', 'Action', 'Resource', 'Outcome']} last="Details">
          {page.data.entries.map((e) => (
            <Fragment key={e.id}>
              <tr>
                <td class="nowrap">{formatDate(e.at)}</td>
                <td>{e.actor_id ?? e.actor_kind}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  {e.resource_type} {e.resource_id && <code class="break">{e.resource_id}</code>}
                </td>
                <td>{e.outcome}</td>
                <td>
                  <button type="button" class="btn btn-small" aria-expanded={expanded === e.id} onClick={() => setExpanded(expanded === e.id ? null : e.id)}>
                    Details
                  </button>
                </td>
              </tr>
              {expanded === e.id && (
                <tr>
                  <td colSpan={6}>
                    <pre class="snippet">
                      <code>{JSON.stringify(e.details, null, 2)}</code>
                    </pre>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </DataTable>
      )}
      <nav class="pager" aria-label="Audit pages">
        <button type="button" class="btn" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <button type="button" class="btn" disabled={!page.data?.next_cursor} onClick={() => page.data?.next_cursor && setCursors([...cursors, page.data.next_cursor])}>
          Older
        </button>
      </nav>
    </>
  );
}
