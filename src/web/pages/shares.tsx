import { useEffect, useState } from 'preact/hooks';
import { api, describe } from '../lib/api.js';
import { can, useApp } from '../lib/app-state.js';
import { useAsync } from '../lib/use-async.js';
import { useTeamNames } from '../components/team-picker.js';
import { CodeBlock, DataTable, Empty, ErrorNote, Field, formatDate, Loading, Notice, Page } from '../components/ui.js';

interface Share {
  id: string;
  name: string;
  prefix: string;
  kind: 'team' | 'skills' | 'all';
  team: string | null;
  skills: string[];
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  status: 'active' | 'expired' | 'revoked';
}

interface Created {
  token: string;
  url: string;
  commands?: { skills_cli: string; install_sh: string };
  share: Share;
}

const EXPIRIES: Array<[string, string]> = [
  ['12h', '12 hours'],
  ['7d', '7 days'],
  ['30d', '30 days'],
  ['90d', '90 days'],
  ['', 'Never'],
];

/**
 * Share links: read-only addresses for installers that send no key (`npx skills add <link>`). The
 * link holds a secret token, shown once when it is made and never again; a link can be revoked.
 */
export function Shares(props: { params: URLSearchParams }) {
  const { me } = useApp();
  const list = useAsync((signal) => api<{ shares: Share[] }>('/api/shares', { signal }), []);
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Share links · Skillport';
  }, []);
  const revoke = async (share: Share) => {
    setError(null);
    try {
      await api(`/api/shares/${encodeURIComponent(share.id)}`, { method: 'DELETE' });
      list.reload();
    } catch (err) {
      setError(describe(err));
    }
  };
  return (
    <Page title="Share links" lead="A share link lets an installer without a key read a set of skills: what a team sees, a few named skills, or everything you can read. Links are read-only and can be revoked at any time.">
      {created ? (
        <section class="note note-ok" aria-labelledby="new-share-heading">
          <h2 id="new-share-heading">Your new link “{created.share.name}”</h2>
          <p>Copy it now: the link holds a secret that is shown only this once. Anyone with it can read these skills until it expires or you revoke it.</p>
          <CodeBlock label="share link" text={created.url} />
          <h3>Install from it</h3>
          <CodeBlock label="skills command for the link" text={created.commands?.skills_cli ?? `npx skills add ${created.url}`} />
          {created.commands?.install_sh && <CodeBlock label="install script for the link" text={created.commands.install_sh} />}
          <button type="button" class="btn" onClick={() => setCreated(null)}>
            I have stored it, hide the link
          </button>
        </section>
      ) : (
        <CreateShare initialSkills={props.params.get('skills') ?? ''} isAdmin={can(me, 'admin')} onCreated={(c) => (setCreated(c), list.reload())} />
      )}
      <h2>Links</h2>
      {error && <ErrorNote>{error}</ErrorNote>}
      {list.loading && !list.data && <Loading />}
      {list.error && <ErrorNote>{list.error}</ErrorNote>}
      {list.data && list.data.shares.length === 0 && <Empty title="No share links yet.">Create one above and give it to whoever installs the skills.</Empty>}
      {list.data && list.data.shares.length > 0 && (
        <DataTable caption="Share links" columns={['Name', 'Link', 'Shares', 'Created', 'Expires', 'Status']} last="Actions">
          {list.data.shares.map((share) => (
            <tr key={share.id}>
              <td>{share.name}</td>
              <td>
                <code>/s/shr_{share.prefix}…</code>
              </td>
              <td>{share.kind === 'team' ? `What team ${share.team ?? ''} sees` : share.kind === 'skills' ? share.skills.join(', ') : `Everything ${share.created_by} can read`}</td>
              <td>
                {formatDate(share.created_at)}
                <div class="muted">by {share.created_by}</div>
              </td>
              <td>{share.expires_at ? formatDate(share.expires_at) : 'Never'}</td>
              <td>{share.status}</td>
              <td>{share.status === 'active' && <RevokeShare name={share.name} onConfirm={() => void revoke(share)} />}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Page>
  );
}

function RevokeShare(props: { name: string; onConfirm: () => void }) {
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
        Yes, revoke
      </button>
      <button type="button" class="btn btn-small" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  );
}

function CreateShare(props: { initialSkills: string; isAdmin: boolean; onCreated: (created: Created) => void }) {
  const teams = useTeamNames();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Share['kind']>(props.initialSkills ? 'skills' : 'all');
  const [team, setTeam] = useState('');
  const [skills, setSkills] = useState(props.initialSkills);
  const [expires, setExpires] = useState('30d');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosenTeam = team || teams[0] || '';
  const submit = async (event: Event) => {
    event.preventDefault();
    const names = skills.split(/[\s,]+/).filter(Boolean);
    if (kind === 'skills' && names.length === 0) return setError('Name the skills to share, separated by commas or spaces.');
    if (kind === 'team' && !chosenTeam) return setError('You are in no team: share some skills, or everything you can read.');
    setBusy(true);
    setError(null);
    try {
      const created = await api<Created>('/api/shares', {
        method: 'POST',
        body: {
          ...(name.trim() ? { name: name.trim() } : {}),
          ...(kind === 'team' ? { team: chosenTeam } : {}),
          ...(kind === 'skills' ? { skills: names } : {}),
          ...(expires ? { expires_in: expires } : {}),
        },
      });
      setName('');
      props.onCreated(created);
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="side-panel" onSubmit={submit} aria-labelledby="create-share-heading">
      <h2 id="create-share-heading">Create a link</h2>
      <fieldset class="field">
        <legend>What the link shares</legend>
        <label class="check">
          <input type="radio" name="share-kind" checked={kind === 'all'} onChange={() => setKind('all')} /> Everything I can read
        </label>
        <label class="check">
          <input type="radio" name="share-kind" checked={kind === 'team'} onChange={() => setKind('team')} /> What a team sees
        </label>
        <label class="check">
          <input type="radio" name="share-kind" checked={kind === 'skills'} onChange={() => setKind('skills')} /> Only some skills
        </label>
      </fieldset>
      <div class="form-row">
        {kind === 'team' && (
          <Field id="share-team" label="Team" hint={props.isAdmin ? undefined : 'Teams you are in'}>
            <select id="share-team" value={chosenTeam} onChange={(e) => setTeam((e.currentTarget as HTMLSelectElement).value)}>
              {teams.length === 0 && <option value="">You are in no team</option>}
              {teams.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </Field>
        )}
        {kind === 'skills' && (
          <Field id="share-skills" label="Skills" hint="Names, separated by commas or spaces">
            <input id="share-skills" value={skills} spellcheck={false} onInput={(e) => setSkills((e.currentTarget as HTMLInputElement).value)} />
          </Field>
        )}
        <Field id="share-name" label="Name (optional)" hint="Says who the link is for, such as “contractors”">
          <input id="share-name" value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
        </Field>
        <Field id="share-expires" label="Expires after">
          <select id="share-expires" value={expires} onChange={(e) => setExpires((e.currentTarget as HTMLSelectElement).value)}>
            {EXPIRIES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {error && <ErrorNote>{error}</ErrorNote>}
      <button type="submit" class="btn btn-primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create link'}
      </button>
      <Notice>The link is shown once, right after it is created.</Notice>
    </form>
  );
}
