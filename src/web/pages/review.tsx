import { useEffect, useState } from 'preact/hooks';
import { api, describe, query } from '../lib/api.js';
import type { CatalogItem, CatalogPage, ScanJob } from '../lib/types.js';
import { useAsync } from '../lib/use-async.js';
import { SubNav } from '../components/subnav.js';
import { Empty, ErrorNote, Field, formatDate, Loading, Notice, Page, Progress, ScanBadge, DataTable } from '../components/ui.js';

const SECTIONS = [
  { id: 'quarantine', label: 'Quarantine' },
  { id: 'overrides', label: 'Overrides' },
  { id: 'policy', label: 'Policy' },
  { id: 'jobs', label: 'Scan jobs' },
];

/** Reviewing what the scanner found: for callers with skills:admin. */
export function Review(props: { section: string }) {
  useEffect(() => {
    document.title = 'Review · Skillport';
  }, []);
  return (
    <Page title="Review" lead="Quarantined skills, the policy that decides what is quarantined, reviewed exceptions, and scans over the catalog.">
      <SubNav label="Review sections" base="/review" items={SECTIONS} active={props.section} />
      {props.section === 'quarantine' && <QuarantineList />}
      {props.section === 'overrides' && <Overrides />}
      {props.section === 'policy' && <Policy />}
      {props.section === 'jobs' && <ScanJobs />}
    </Page>
  );
}

function QuarantineList() {
  const list = useAsync((signal) => api<CatalogPage>(`/api/skills${query({ quarantine: 'only', page_size: 100 })}`, { signal }), []);
  if (list.loading) return <Loading />;
  if (list.error) return <ErrorNote>{list.error}</ErrorNote>;
  const skills = list.data!.skills;
  if (skills.length === 0) return <Empty title="Nothing is quarantined.">Skills the policy blocks appear here for review.</Empty>;
  return (
    <div class="card-list">
      {skills.map((skill) => (
        <QuarantinedSkill key={skill.id} skill={skill} onChange={list.reload} />
      ))}
    </div>
  );
}

function QuarantinedSkill(props: { skill: CatalogItem; onChange: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (reason.trim().length < 3) {
      setError('Say why this skill is safe to run: the reason is kept in the audit log.');
      return;
    }
    try {
      await api('/api/skills/scan-override', {
        method: 'POST',
        body: { skill_id: props.skill.id, reason: reason.trim(), ...(expires ? { expires_at: new Date(expires).toISOString() } : {}) },
      });
      props.onChange();
    } catch (err) {
      setError(describe(err));
    }
  };
  const id = props.skill.id.replace(/[^A-Za-z0-9]/g, '-');
  return (
    <div class="card">
      <h3>
        <a href={`/skill/${encodeURIComponent(props.skill.name)}?tab=scan`} data-route>
          {props.skill.name}
        </a>{' '}
        <span class="version">v{props.skill.version}</span>
      </h3>
      <ScanBadge status={props.skill.scan_status} severity={props.skill.max_severity} quarantined />
      <p>{props.skill.blocked_reason ?? props.skill.quarantine_note}</p>
      {!open ? (
        <button type="button" class="btn" onClick={() => setOpen(true)}>
          Allow after review…
        </button>
      ) : (
        <form onSubmit={submit}>
          <Field id={`reason-${id}`} label="Why is it safe?" hint="Covers exactly this content: a changed skill is quarantined again until reviewed.">
            <textarea id={`reason-${id}`} rows={2} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
          </Field>
          <Field id={`expires-${id}`} label="Expires (optional)">
            <input id={`expires-${id}`} type="date" value={expires} onInput={(e) => setExpires((e.currentTarget as HTMLInputElement).value)} />
          </Field>
          {error && <ErrorNote>{error}</ErrorNote>}
          <div class="actions">
            <button type="submit" class="btn btn-primary">
              Allow {props.skill.name}
            </button>
            <button type="button" class="btn" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

interface Override {
  id: string;
  skill_id: string;
  name: string;
  version: string;
  reason: string;
  created_by: string | null;
  created_at: string;
  expires_at: string | null;
}

function Overrides() {
  const list = useAsync((signal) => api<{ overrides: Override[] }>('/api/skills/scan-override', { signal }), []);
  const [error, setError] = useState<string | null>(null);
  const remove = async (id: string) => {
    try {
      await api(`/api/skills/scan-override${query({ id })}`, { method: 'DELETE' });
      list.reload();
    } catch (err) {
      setError(describe(err));
    }
  };
  if (list.loading) return <Loading />;
  if (list.error) return <ErrorNote>{list.error}</ErrorNote>;
  const overrides = list.data!.overrides;
  return (
    <>
      {error && <ErrorNote>{error}</ErrorNote>}
      {overrides.length === 0 ? (
        <Empty title="No overrides.">When you allow a quarantined skill after review, the exception and its reason are listed here.</Empty>
      ) : (
        <DataTable caption="Overrides" columns={['Skill', 'Reason', 'By', 'Expires']} last="Actions">
          {overrides.map((o) => (
            <tr key={o.id}>
              <td>
                {o.name} <span class="version">v{o.version}</span>
              </td>
              <td>{o.reason}</td>
              <td>
                {o.created_by ?? '—'}
                <br />
                <span class="muted">{formatDate(o.created_at)}</span>
              </td>
              <td>{o.expires_at ? formatDate(o.expires_at) : 'Never'}</td>
              <td>
                <button type="button" class="btn btn-small btn-danger" onClick={() => void remove(o.id)} aria-label={`Remove the override for ${o.name}`}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}

interface QuarantinePolicy {
  mode: 'off' | 'warn' | 'block';
  block_at: 'CRITICAL' | 'HIGH' | 'MEDIUM';
  unscanned: 'allow' | 'warn' | 'block';
  exclude_flagged_from_catalog: boolean;
  allow_list_skill_ids: string[];
  updated_at: string | null;
  updated_by: string | null;
}

function Policy() {
  const current = useAsync((signal) => api<QuarantinePolicy>('/api/skills/quarantine-policy', { signal }), []);
  const [draft, setDraft] = useState<QuarantinePolicy | null>(null);
  const [allowList, setAllowList] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (current.data) {
      setDraft(current.data);
      setAllowList(current.data.allow_list_skill_ids.join('\n'));
    }
  }, [current.data]);
  if (current.loading || !draft) return current.error ? <ErrorNote>{current.error}</ErrorNote> : <Loading />;
  const save = async (event: Event) => {
    event.preventDefault();
    try {
      const saved = await api<QuarantinePolicy>('/api/skills/quarantine-policy', {
        method: 'PUT',
        body: {
          mode: draft.mode,
          block_at: draft.block_at,
          unscanned: draft.unscanned,
          exclude_flagged_from_catalog: draft.exclude_flagged_from_catalog,
          allow_list_skill_ids: allowList.split(/\s+/).filter(Boolean),
        },
      });
      setDraft(saved);
      setMessage({ ok: true, text: 'Policy saved. It applies at once to the catalog, installs and tasks.' });
    } catch (err) {
      setMessage({ ok: false, text: describe(err) });
    }
  };
  const set = <K extends keyof QuarantinePolicy>(key: K, value: QuarantinePolicy[K]) => setDraft({ ...draft, [key]: value });
  return (
    <form onSubmit={save} class="side-panel">
      <div class="form-row">
        <Field id="p-mode" label="Mode" hint="Block stops quarantined skills from being installed or run; warn only marks them.">
          <select id="p-mode" value={draft.mode} onChange={(e) => set('mode', (e.currentTarget as HTMLSelectElement).value as QuarantinePolicy['mode'])}>
            <option value="block">Block</option>
            <option value="warn">Warn</option>
            <option value="off">Off</option>
          </select>
        </Field>
        <Field id="p-block-at" label="Quarantine from severity">
          <select id="p-block-at" value={draft.block_at} onChange={(e) => set('block_at', (e.currentTarget as HTMLSelectElement).value as QuarantinePolicy['block_at'])}>
            <option value="CRITICAL">Critical</option>
            <option value="HIGH">High</option>
            <option value="MEDIUM">Medium</option>
          </select>
        </Field>
        <Field id="p-unscanned" label="Unscanned skills">
          <select id="p-unscanned" value={draft.unscanned} onChange={(e) => set('unscanned', (e.currentTarget as HTMLSelectElement).value as QuarantinePolicy['unscanned'])}>
            <option value="allow">Allow</option>
            <option value="warn">Warn</option>
            <option value="block">Block</option>
          </select>
        </Field>
      </div>
      <label class="check">
        <input type="checkbox" checked={draft.exclude_flagged_from_catalog} onChange={(e) => set('exclude_flagged_from_catalog', (e.currentTarget as HTMLInputElement).checked)} /> Hide
        quarantined skills from the catalog by default
      </label>
      <Field id="p-allow" label="Always allowed (skill ids or names, one per line)">
        <textarea id="p-allow" rows={3} value={allowList} onInput={(e) => setAllowList((e.currentTarget as HTMLTextAreaElement).value)} />
      </Field>
      <p class="hint">
        Last changed {formatDate(draft.updated_at)} {draft.updated_by ? `by ${draft.updated_by}` : ''}
      </p>
      {message && (message.ok ? <Notice tone="ok">{message.text}</Notice> : <ErrorNote>{message.text}</ErrorNote>)}
      <button type="submit" class="btn btn-primary">
        Save policy
      </button>
    </form>
  );
}

function ScanJobs() {
  const jobs = useAsync((signal) => api<{ jobs: ScanJob[] }>('/api/skills/scan-jobs?limit=20', { signal }), []);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      await api('/api/skills/re-scan', { method: 'POST', body: { all: true } });
      jobs.reload();
    } catch (err) {
      setError(describe(err));
    } finally {
      setStarting(false);
    }
  };
  return (
    <>
      <div class="actions">
        <button type="button" class="btn btn-primary" disabled={starting} onClick={() => void start()}>
          {starting ? 'Starting…' : 'Scan the whole catalog again'}
        </button>
      </div>
      {error && <ErrorNote>{error}</ErrorNote>}
      {jobs.loading && !jobs.data && <Loading />}
      {jobs.error && <ErrorNote>{jobs.error}</ErrorNote>}
      {jobs.data && jobs.data.jobs.length === 0 && <Empty title="No scan jobs yet.">Start one to scan every skill with the current rules.</Empty>}
      <div class="card-list">
        {(jobs.data?.jobs ?? []).map((job) => (
          <JobCard key={job.id} job={job} />
        ))}
      </div>
    </>
  );
}

/** A job that is still going is polled until it finishes, so its progress bar moves. */
function JobCard(props: { job: ScanJob }) {
  const [job, setJob] = useState(props.job);
  const [error, setError] = useState<string | null>(null);
  const active = job.status === 'queued' || job.status === 'running';
  useEffect(() => {
    if (!active) return;
    const timer = window.setTimeout(() => {
      api<ScanJob>(`/api/skills/scan-jobs/${encodeURIComponent(job.id)}`).then(setJob, (err: unknown) => setError(describe(err)));
    }, 500);
    return () => window.clearTimeout(timer);
  }, [job, active]);
  const cancel = async () => {
    try {
      setJob(await api<ScanJob>(`/api/skills/scan-jobs/${encodeURIComponent(job.id)}/cancel`, { method: 'POST' }));
    } catch (err) {
      setError(describe(err));
    }
  };
  return (
    <div class="card" aria-live={active ? 'polite' : undefined}>
      <h3>
        {job.kind} scan <span class="muted">{job.id}</span>
      </h3>
      <p>
        <span class={`badge ${job.status === 'succeeded' ? 'scan-passed' : job.status === 'failed' ? 'scan-flagged' : 'scan-unscanned'}`}>{job.status}</span> started{' '}
        {formatDate(job.started_at ?? job.created_at)}
        {job.finished_at ? `, finished ${formatDate(job.finished_at)}` : ''}
      </p>
      <Progress done={job.progress.done} total={job.progress.total} label={`Progress of scan job ${job.id}`} />
      <p class="muted">
        {job.summary.passed} passed, {job.summary.flagged} flagged, {job.summary.error} errors
      </p>
      {job.error && <ErrorNote>{job.error}</ErrorNote>}
      {error && <ErrorNote>{error}</ErrorNote>}
      {active && !job.cancel_requested && (
        <button type="button" class="btn btn-small" onClick={() => void cancel()}>
          Cancel
        </button>
      )}
    </div>
  );
}
