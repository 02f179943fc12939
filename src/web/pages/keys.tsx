import { useEffect, useState } from 'preact/hooks';
import { api, describe, query } from '../lib/api.js';
import { can, useApp } from '../lib/app-state.js';
import { useAsync } from '../lib/use-async.js';
import { CopyButton, Empty, ErrorNote, Field, formatDate, Loading, Notice, Page, DataTable } from '../components/ui.js';

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  user_id: string;
  role: string;
  scopes: string[];
  expires_at: string | null;
  last_used_at: string | null;
  created_at: string;
  status: 'active' | 'expired' | 'revoked';
}

const ROLES = ['viewer', 'member', 'admin', 'owner'];
const SCOPES = ['skills:read', 'skills:write', 'tasks:run', 'keys:manage', 'skills:admin', 'skills:dangerous', 'admin'];

/** API keys: a new key is shown once, at creation, and never again. */
export function Keys() {
  const { me } = useApp();
  const isAdmin = can(me, 'admin');
  const [all, setAll] = useState(false);
  const list = useAsync((signal) => api<{ keys: ApiKey[] }>(`/api/keys${query({ all: all || undefined })}`, { signal }), [all]);
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'API keys · Skillport';
  }, []);
  const revoke = async (key: ApiKey) => {
    setError(null);
    try {
      await api(`/api/keys/${encodeURIComponent(key.id)}`, { method: 'DELETE' });
      list.reload();
    } catch (err) {
      setError(describe(err));
    }
  };
  const myRank = ROLES.indexOf(me.role ?? 'viewer');
  return (
    <Page title="API keys" lead="Keys let scripts, the skills command and MCP clients act as you. Each key has a role no higher than yours.">
      {created ? (
        <section class="note note-ok" aria-labelledby="new-key-heading">
          <h2 id="new-key-heading">Your new key “{created.name}”</h2>
          <p>Copy it now: it is shown only this once and cannot be read again, not even by administrators.</p>
          <div class="codeblock">
            <pre tabIndex={0} aria-label="New API key">
              <code class="secret">{created.key}</code>
            </pre>
            <CopyButton text={created.key} label="Copy the new API key" />
          </div>
          <button type="button" class="btn" onClick={() => setCreated(null)}>
            I have stored it, hide the key
          </button>
        </section>
      ) : (
        <CreateKey maxRank={myRank} isAdmin={isAdmin} onCreated={(key, name) => (setCreated({ key, name }), list.reload())} />
      )}
      <h2>Keys</h2>
      {isAdmin && (
        <label class="check">
          <input type="checkbox" checked={all} onChange={(e) => setAll((e.currentTarget as HTMLInputElement).checked)} /> Show everyone's keys
        </label>
      )}
      {error && <ErrorNote>{error}</ErrorNote>}
      {list.loading && <Loading />}
      {list.error && <ErrorNote>{list.error}</ErrorNote>}
      {list.data && list.data.keys.length === 0 && <Empty title="No keys yet.">Create one above.</Empty>}
      {list.data && list.data.keys.length > 0 && (
        <DataTable caption="API keys" columns={['Name', 'Key', 'Role', 'Owner', 'Last used', 'Expires', 'Status']} last="Actions">
          {list.data.keys.map((key) => (
            <tr key={key.id}>
              <td>{key.name}</td>
              <td>
                <code>sk_{key.prefix}…</code>
              </td>
              <td>
                {key.role}
                {key.scopes.length > 0 && <div class="muted">{key.scopes.join(', ')}</div>}
              </td>
              <td>{key.user_id}</td>
              <td>{formatDate(key.last_used_at)}</td>
              <td>{key.expires_at ? formatDate(key.expires_at) : 'Never'}</td>
              <td>{key.status}</td>
              <td>
                {key.status === 'active' && (
                  <RevokeButton name={key.name} current={key.id === me.key_id} onConfirm={() => void revoke(key)} />
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Page>
  );
}

function RevokeButton(props: { name: string; current: boolean; onConfirm: () => void }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" class="btn btn-small btn-danger" onClick={() => setConfirming(true)} aria-label={`Revoke ${props.name}`}>
        Revoke…
      </button>
    );
  }
  return (
    <span class="actions">
      <button type="button" class="btn btn-small btn-danger" onClick={props.onConfirm}>
        {props.current ? 'Revoke (signs you out)' : 'Yes, revoke'}
      </button>
      <button type="button" class="btn btn-small" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  );
}

function CreateKey(props: { maxRank: number; isAdmin: boolean; onCreated: (key: string, name: string) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [expires, setExpires] = useState('90d');
  const [userId, setUserId] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!name.trim()) {
      setError('Give the key a name that says where it is used, such as "laptop" or "ci".');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await api<{ key: string }>('/api/keys', {
        method: 'POST',
        body: { name: name.trim(), ...(role ? { role } : {}), ...(expires ? { expires_in: expires } : {}), ...(scopes.length ? { scopes } : {}), ...(userId.trim() ? { user_id: userId.trim() } : {}) },
      });
      setName('');
      props.onCreated(result.key, name.trim());
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="side-panel" onSubmit={submit} aria-labelledby="create-key-heading">
      <h2 id="create-key-heading">Create a key</h2>
      <div class="form-row">
        <Field id="key-name" label="Name">
          <input id="key-name" value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
        </Field>
        <Field id="key-role" label="Role">
          <select id="key-role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">Same as mine</option>
            {ROLES.slice(0, props.maxRank + 1).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Field>
        <Field id="key-expires" label="Expires after" hint="e.g. 30d, 12h; empty for never">
          <input id="key-expires" value={expires} onInput={(e) => setExpires((e.currentTarget as HTMLInputElement).value)} />
        </Field>
        {props.isAdmin && (
          <Field id="key-user" label="For user (id)" hint="Empty: for you">
            <input id="key-user" value={userId} onInput={(e) => setUserId((e.currentTarget as HTMLInputElement).value)} />
          </Field>
        )}
      </div>
      <details>
        <summary>Narrow to some scopes</summary>
        <fieldset class="field">
          <legend class="visually-hidden">Scopes</legend>
          {SCOPES.map((scope) => (
            <label class="check" key={scope}>
              <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => setScopes((e.currentTarget as HTMLInputElement).checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))} />{' '}
              {scope}
            </label>
          ))}
          <p class="hint">None ticked: the role's scopes.</p>
        </fieldset>
      </details>
      {error && <ErrorNote>{error}</ErrorNote>}
      <button type="submit" class="btn btn-primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create key'}
      </button>
      <Notice>The key is shown once, right after it is created.</Notice>
    </form>
  );
}
