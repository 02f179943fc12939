import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, apiWithHeaders, describe, query } from '../lib/api.js';
import { can, useApp } from '../lib/app-state.js';
import { diffLines } from '../lib/diff.js';
import { navigate } from '../lib/router.js';
import { postEventStream } from '../lib/sse.js';
import type { AgentSkill, Diagnostic, Finding, ScanContentResult } from '../lib/types.js';
import { useAsync } from '../lib/use-async.js';
import { DiffView } from '../components/diff-view.js';
import { CodeEditor, type LineMark } from '../components/code-editor.js';
import { Empty, ErrorNote, Field, formatDate, Loading, Notice, Page, ScanBadge } from '../components/ui.js';
import { FindingsTable } from './skill.js';
import { TeamPicker, useTeamNames } from '../components/team-picker.js';

const STARTER = `---
name: my-skill
description: What this skill does and when an agent should use it.
version: 1.0.0
category: development
---

# My skill

Steps the agent follows, in order.
`;

interface Checks {
  diagnostics: Diagnostic[];
  scan: ScanContentResult | null;
  checking: boolean;
  error: string | null;
}

interface Loaded {
  config: AgentSkill;
  etag: string;
}

/** Writing a stored skill: the SKILL.md text, checked as you type, with sharing, revisions and conflicts explained. */
export function Editor(props: { id: string | null; params: URLSearchParams }) {
  const { me } = useApp();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [content, setContent] = useState(props.id ? '' : STARTER);
  const [visibility, setVisibility] = useState<AgentSkill['visibility']>('private');
  const [teams, setTeams] = useState<string[]>([]);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<{ message: string; details: Array<Record<string, unknown>> } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Loaded | null>(null);
  const [checks, setChecks] = useState<Checks>({ diagnostics: [], scan: null, checking: false, error: null });
  const [jump, setJump] = useState<{ line: number; n: number } | null>(null);
  const [panel, setPanel] = useState<'none' | 'generate' | 'template'>(
    props.params.get('from') === 'generate' ? 'generate' : props.params.get('from') === 'template' ? 'template' : 'none',
  );

  const allTeams = useTeamNames();

  useEffect(() => {
    document.title = `${props.id ? 'Edit' : 'New'} skill · Skillport`;
    if (!props.id) return;
    const controller = new AbortController();
    load(props.id, controller.signal)
      .then((result) => {
        apply(result);
      })
      .catch((err: unknown) => !controller.signal.aborted && setLoadError(describe(err)));
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.id]);

  const apply = (result: Loaded) => {
    setLoaded(result);
    setContent(result.config.skill_content);
    setVisibility(result.config.visibility);
    setTeams(result.config.shared_with_teams);
    setDirty(false);
    setConflict(null);
  };

  // Validation and the scanner run as the person types, a moment after they pause.
  const latest = useRef(0);
  useEffect(() => {
    if (!content) return;
    const id = ++latest.current;
    const controller = new AbortController();
    const timer = window.setTimeout(async () => {
      setChecks((c) => ({ ...c, checking: true }));
      try {
        const name = /^name:\s*(.+)$/m.exec(content)?.[1]?.trim() ?? 'draft';
        const [validation, scan] = await Promise.all([
          api<{ valid: boolean; diagnostics: Diagnostic[] }>('/api/skills/validate', { method: 'POST', body: { content }, signal: controller.signal }),
          api<ScanContentResult>('/skills/scan-content', { method: 'POST', body: { name, content, files: loaded?.config.ancillary_files ?? {} }, signal: controller.signal }),
        ]);
        if (id === latest.current) setChecks({ diagnostics: validation.diagnostics, scan, checking: false, error: null });
      } catch (err) {
        if (!controller.signal.aborted && id === latest.current) setChecks((c) => ({ ...c, checking: false, error: describe(err) }));
      }
    }, 350);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [content]);

  const edit = (value: string) => {
    setContent(value);
    setDirty(true);
    setSaved(null);
  };

  const save = async (force = false) => {
    setSaving(true);
    setSaveError(null);
    setSaved(null);
    const body = { skill_content: content, visibility, shared_with_teams: visibility === 'team' ? teams : [] };
    try {
      if (!loaded) {
        const created = await apiWithHeaders<AgentSkill>('/api/skills/configs', { method: 'POST', body });
        apply({ config: created.data, etag: created.headers.get('etag') ?? `"r${created.data.revision}"` });
        setSaved('Saved. The skill is in the catalog now.');
        navigate(`/write/${encodeURIComponent(created.data.id)}`, { replace: true });
      } else {
        const etag = force && conflict ? conflict.etag : loaded.etag;
        const updated = await apiWithHeaders<AgentSkill>(`/api/skills/configs${query({ id: loaded.config.id })}`, { method: 'PUT', body, headers: { 'if-match': etag } });
        apply({ config: updated.data, etag: updated.headers.get('etag') ?? `"r${updated.data.revision}"` });
        setSaved(`Saved as revision ${updated.data.revision}.`);
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === 'stale_write' && loaded) {
        // Someone saved since this page loaded: show what they changed; the person's text is kept.
        setConflict(await load(loaded.config.id));
      } else {
        setSaveError({ message: describe(err), details: err instanceof ApiError ? err.details : [] });
      }
    } finally {
      setSaving(false);
    }
  };

  const marks: LineMark[] = [
    ...checks.diagnostics.filter((d) => d.line).map((d) => ({ line: d.line!, severity: d.severity, message: `${d.field}: ${d.message}` })),
    ...(checks.scan?.findings ?? [])
      .filter((f) => f.file_path === 'SKILL.md')
      .map((f) => ({ line: f.line, severity: severityMark(f), message: `${f.severity}: ${f.title}` })),
  ];
  const errors = checks.diagnostics.filter((d) => d.severity === 'error');
  const readOnly = loaded !== null && !canEdit(me, loaded.config);

  if (props.id && !loaded && !loadError) return <Loading label="Loading the skill…" />;
  if (loadError) {
    return (
      <Page title="Edit skill">
        <ErrorNote>{loadError}</ErrorNote>
        <a href="/write" data-route>
          Back to your skills
        </a>
      </Page>
    );
  }
  return (
    <Page
      title={loaded ? `Edit ${loaded.config.name}` : 'New skill'}
      lead={loaded ? `Revision ${loaded.config.revision}, saved ${formatDate(loaded.config.updated_at)} by ${loaded.config.owner_id}.` : 'Write a SKILL.md: frontmatter first, then the instructions.'}
      actions={
        <>
          {loaded && (
            <a class="btn" href={`/skill/${encodeURIComponent(loaded.config.name)}`} data-route>
              View in catalog
            </a>
          )}
          {!loaded && (
            <>
              <button type="button" class="btn" aria-expanded={panel === 'template'} onClick={() => setPanel(panel === 'template' ? 'none' : 'template')}>
                From a template
              </button>
              <button type="button" class="btn" aria-expanded={panel === 'generate'} onClick={() => setPanel(panel === 'generate' ? 'none' : 'generate')}>
                Generate with AI
              </button>
            </>
          )}
          {loaded && !readOnly && (
            <button type="button" class="btn" aria-expanded={panel === 'generate'} onClick={() => setPanel(panel === 'generate' ? 'none' : 'generate')}>
              Improve with AI
            </button>
          )}
        </>
      }
    >
      {readOnly && <Notice tone="warn">You can read this skill but not change it: only its owner and administrators can.</Notice>}
      {panel === 'template' && <TemplatePicker onPick={(text) => (edit(text), setPanel('none'))} />}
      {panel === 'generate' && <Generator current={loaded ? content : null} onContent={(text) => edit(text)} onClose={() => setPanel('none')} />}
      {conflict && loaded && (
        <ConflictPanel
          mine={content}
          theirs={conflict}
          onTakeTheirs={() => apply(conflict)}
          onKeepMine={() => void save(true)}
        />
      )}
      <div class="editor-layout">
        <div>
          <CodeEditor id="skill-md" label="SKILL.md" value={content} onInput={edit} marks={marks} readOnly={readOnly} jumpTo={jump} />
          <div class="form-row">
            <Field id="visibility" label="Visibility" hint="Private: you and administrators. Team: also the teams you pick. Global: everyone who may read skills.">
              <select id="visibility" value={visibility} disabled={readOnly} onChange={(e) => (setVisibility((e.currentTarget as HTMLSelectElement).value as AgentSkill['visibility']), setDirty(true))}>
                <option value="private">Private</option>
                <option value="team">Team</option>
                <option value="global">Global</option>
              </select>
            </Field>
            {visibility === 'team' && (
              <TeamPicker legend="Share with teams" teams={allTeams} value={teams} disabled={readOnly} onChange={(next) => (setTeams(next), setDirty(true))} />
            )}
          </div>
          {saveError && (
            <ErrorNote title="Not saved.">
              {saveError.message}
              {saveError.details.length > 0 && (
                <ul>
                  {saveError.details.map((d, i) => (
                    <li key={i}>{`${d.line ? `Line ${String(d.line)}: ` : ''}${String(d.field ?? d.path ?? '')} ${String(d.message ?? '')}`}</li>
                  ))}
                </ul>
              )}
            </ErrorNote>
          )}
          {saved && <Notice tone="ok">{saved}</Notice>}
          {!readOnly && (
            <div class="actions">
              <button type="button" class="btn btn-primary" disabled={saving || (!dirty && loaded !== null)} onClick={() => void save()}>
                {saving ? 'Saving…' : loaded ? 'Save changes' : 'Create skill'}
              </button>
              {errors.length > 0 && <span class="field-error">The server will refuse this until the {errors.length === 1 ? 'error is' : `${errors.length} errors are`} fixed.</span>}
              {loaded && <DeleteButton config={loaded.config} />}
            </div>
          )}
        </div>
        <aside aria-label="Checks">
          <section class="side-panel" aria-labelledby="checks-heading">
            <h2 id="checks-heading">Validation</h2>
            <p role="status" aria-live="polite" class="muted">
              {checks.checking ? 'Checking…' : checks.error ? '' : errors.length === 0 ? 'Valid SKILL.md.' : `${errors.length} error${errors.length === 1 ? '' : 's'}.`}
            </p>
            {checks.error && <ErrorNote>{checks.error}</ErrorNote>}
            {checks.diagnostics.length > 0 && (
              <ul class="problems">
                {checks.diagnostics.map((d, i) => (
                  <li key={i}>
                    <span class={`badge ${d.severity === 'error' ? 'sev-high' : 'sev-medium'}`}>{d.severity}</span>{' '}
                    {d.line ? (
                      <button type="button" class="btn-link" onClick={() => setJump({ line: d.line!, n: Date.now() })}>
                        Line {d.line}
                      </button>
                    ) : null}{' '}
                    {d.field}: {d.message}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="side-panel" aria-labelledby="scan-heading">
            <h2 id="scan-heading">Security scan</h2>
            {checks.scan ? (
              <>
                <p>
                  <ScanBadge status={checks.scan.scan_status} severity={checks.scan.max_severity} quarantined={checks.scan.blocked} />
                </p>
                {checks.scan.blocked && <ErrorNote title="Would be quarantined once saved.">{checks.scan.blocked_reason}</ErrorNote>}
                {checks.scan.findings.length > 0 ? (
                  <FindingsTable findings={checks.scan.findings} onLine={(line) => setJump({ line, n: Date.now() })} />
                ) : (
                  <p class="muted">No findings.</p>
                )}
              </>
            ) : (
              <p class="muted">{checks.checking ? 'Scanning…' : 'Type to scan.'}</p>
            )}
          </section>
          {loaded && <Revisions config={loaded.config} canRestore={!readOnly} onRestored={(result) => apply(result)} />}
        </aside>
      </div>
    </Page>
  );
}

function severityMark(finding: Finding): 'error' | 'warning' {
  return finding.severity === 'CRITICAL' || finding.severity === 'HIGH' ? 'error' : 'warning';
}

function canEdit(me: ReturnType<typeof useApp>['me'], config: AgentSkill): boolean {
  if (config.is_system) return me.role === 'owner';
  return config.owner_id === me.id || can(me, 'admin');
}

async function load(id: string, signal?: AbortSignal): Promise<Loaded> {
  const { data, headers } = await apiWithHeaders<AgentSkill>(`/api/skills/configs${query({ id })}`, { signal });
  return { config: data, etag: headers.get('etag') ?? `"r${data.revision}"` };
}

function ConflictPanel(props: { mine: string; theirs: Loaded; onTakeTheirs: () => void; onKeepMine: () => void }) {
  return (
    <section class="note note-warn" role="alert" aria-labelledby="conflict-title">
      <h2 id="conflict-title">Someone else saved this skill while you were editing</h2>
      <p>
        Revision {props.theirs.config.revision} was saved {formatDate(props.theirs.config.updated_at)}. Nothing of yours was written and your text is still in the editor. Below
        is how your text differs from theirs. Keep yours (it replaces theirs as a new revision; theirs stays in the history) or take theirs.
      </p>
      <DiffView lines={diffLines(props.theirs.config.skill_content, props.mine)} leftLabel={`revision ${props.theirs.config.revision}`} rightLabel="your text" />
      <div class="actions">
        <button type="button" class="btn btn-primary" onClick={props.onKeepMine}>
          Save mine over theirs
        </button>
        <button type="button" class="btn" onClick={props.onTakeTheirs}>
          Discard mine, load theirs
        </button>
      </div>
    </section>
  );
}

function DeleteButton(props: { config: AgentSkill }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    try {
      await api(`/api/skills/configs${query({ id: props.config.id })}`, { method: 'DELETE' });
      navigate('/write');
    } catch (err) {
      setError(describe(err));
    }
  };
  return (
    <>
      {confirming ? (
        <>
          <button type="button" class="btn btn-danger" onClick={() => void remove()}>
            Yes, delete {props.config.name}
          </button>
          <button type="button" class="btn" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </>
      ) : (
        <button type="button" class="btn btn-danger" onClick={() => setConfirming(true)}>
          Delete…
        </button>
      )}
      {error && <ErrorNote>{error}</ErrorNote>}
    </>
  );
}

interface Revision {
  revision: number;
  version: string;
  action: string;
  actor_id: string | null;
  created_at: string;
  config: AgentSkill;
}

function Revisions(props: { config: AgentSkill; canRestore: boolean; onRestored: (result: Loaded) => void }) {
  const list = useAsync((signal) => api<{ revisions: Revision[] }>(`/api/skills/configs/revisions${query({ id: props.config.id })}`, { signal }), [props.config.id, props.config.revision]);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<number | null>(null);
  const restore = async (revision: number) => {
    setError(null);
    try {
      const restored = await apiWithHeaders<AgentSkill>('/api/skills/configs/restore', { method: 'POST', body: { id: props.config.id, revision } });
      props.onRestored({ config: restored.data, etag: restored.headers.get('etag') ?? `"r${restored.data.revision}"` });
    } catch (err) {
      setError(describe(err));
    }
  };
  const selected = list.data?.revisions.find((r) => r.revision === shown);
  return (
    <section class="side-panel" aria-labelledby="revisions-heading">
      <h2 id="revisions-heading">Revisions</h2>
      {list.loading && <Loading />}
      {error && <ErrorNote>{error}</ErrorNote>}
      <ul class="problems">
        {(list.data?.revisions ?? []).map((r) => (
          <li key={r.revision}>
            <strong>r{r.revision}</strong> v{r.version} · {r.action} by {r.actor_id ?? 'system'} · {formatDate(r.created_at)}
            <div class="actions">
              <button type="button" class="btn btn-small" aria-expanded={shown === r.revision} onClick={() => setShown(shown === r.revision ? null : r.revision)}>
                {shown === r.revision ? 'Hide changes' : 'Compare with current'}
              </button>
              {props.canRestore && r.revision !== props.config.revision && (
                <button type="button" class="btn btn-small" onClick={() => void restore(r.revision)}>
                  Restore r{r.revision}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      {selected && <DiffView lines={diffLines(selected.config.skill_content, props.config.skill_content)} leftLabel={`r${selected.revision}`} rightLabel={`r${props.config.revision} (current)`} />}
    </section>
  );
}

interface Template {
  id: string;
  title: string;
  category: string;
  description: string;
  tags: string[];
  content?: string;
}

function TemplatePicker(props: { onPick: (content: string) => void }) {
  const templates = useAsync((signal) => api<{ templates: Template[] }>('/api/skills/templates?include_content=true', { signal }), []);
  return (
    <section class="side-panel" aria-labelledby="templates-heading">
      <h2 id="templates-heading">Start from a template</h2>
      {templates.loading && <Loading />}
      {templates.error && <ErrorNote>{templates.error}</ErrorNote>}
      {templates.data && templates.data.templates.length === 0 && <Empty title="This server ships no templates." />}
      <div class="card-list">
        {(templates.data?.templates ?? []).map((t) => (
          <div class="card" key={t.id}>
            <h3>{t.title}</h3>
            <p class="muted">{t.description}</p>
            <button type="button" class="btn btn-small" onClick={() => props.onPick(t.content ?? '')}>
              Use {t.title}
            </button>
          </div>
        ))}
      </div>
    </section>
  );
}

/** AI-assisted writing: the SKILL.md streams into the editor as the model writes it. */
function Generator(props: { current: string | null; onContent: (text: string) => void; onClose: () => void }) {
  const [description, setDescription] = useState('');
  const [state, setState] = useState<{ running: boolean; chars: number; notice: string | null; error: string | null; done: string | null }>({ running: false, chars: 0, notice: null, error: null, done: null });
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);
  const enhance = props.current !== null;
  const run = async (event: Event) => {
    event.preventDefault();
    if (!description.trim()) {
      setState((s) => ({ ...s, error: enhance ? 'Say how the skill should change.' : 'Describe what the skill should do.' }));
      return;
    }
    controller.current = new AbortController();
    let text = '';
    setState({ running: true, chars: 0, notice: null, error: null, done: null });
    const body = enhance ? { type: 'enhance', instruction: description, current_content: props.current } : { type: 'generate', description };
    try {
      await postEventStream(
        '/api/skills/generate',
        body,
        (e) => {
          if (e.type === 'content' && typeof e.text === 'string') {
            text += e.text;
            props.onContent(text);
            setState((s) => ({ ...s, chars: text.length }));
          } else if (e.type === 'reset') {
            text = '';
            setState((s) => ({ ...s, chars: 0, notice: `Starting again: ${String(e.reason)}` }));
          } else if (e.type === 'notice') {
            setState((s) => ({ ...s, notice: String(e.message) }));
          } else if (e.type === 'error') {
            setState((s) => ({ ...s, error: String(e.message) }));
          } else if (e.type === 'done') {
            if (typeof e.content === 'string' && e.content) props.onContent(e.content);
            setState((s) => ({ ...s, running: false, done: e.valid ? 'Done: a valid SKILL.md is in the editor. Review it, then save.' : 'Done, but the result is not valid yet: see the problems beside the editor.' }));
          }
        },
        controller.current.signal,
      );
    } catch (err) {
      if (!(err instanceof DOMException && err.name === 'AbortError')) setState((s) => ({ ...s, error: describe(err) }));
    } finally {
      setState((s) => ({ ...s, running: false }));
    }
  };
  return (
    <section class="side-panel" aria-labelledby="generate-heading">
      <h2 id="generate-heading">{enhance ? 'Improve with AI' : 'Generate with AI'}</h2>
      <form onSubmit={run}>
        <Field id="gen-description" label={enhance ? 'How should it change?' : 'What should the skill do?'} hint="The result streams into the editor; nothing is saved until you save it.">
          <textarea id="gen-description" rows={3} value={description} onInput={(e) => setDescription((e.currentTarget as HTMLTextAreaElement).value)} />
        </Field>
        <div class="actions">
          <button type="submit" class="btn btn-primary" disabled={state.running}>
            {state.running ? 'Writing…' : enhance ? 'Improve' : 'Generate'}
          </button>
          {state.running && (
            <button type="button" class="btn" onClick={() => controller.current?.abort()}>
              Stop
            </button>
          )}
          <button type="button" class="btn btn-ghost" onClick={props.onClose}>
            Close
          </button>
        </div>
      </form>
      <p role="status" aria-live="polite" class="muted">
        {state.running ? `Writing… ${state.chars.toLocaleString()} characters so far` : ''}
      </p>
      {state.notice && <Notice>{state.notice}</Notice>}
      {state.error && <ErrorNote>{state.error}</ErrorNote>}
      {state.done && <Notice tone="ok">{state.done}</Notice>}
    </section>
  );
}
