import { useEffect, useMemo, useState } from 'preact/hooks';
import { Fragment } from 'preact';
import { api, ApiError, query, send } from '../lib/api.js';
import { can, useApp } from '../lib/app-state.js';
import { diffLines } from '../lib/diff.js';
import { renderMarkdown } from '../lib/markdown.js';
import { navigate } from '../lib/router.js';
import type { AgentSkill, CatalogItem, CatalogPage, Conflict, Finding, SkillDetail, VersionSummary } from '../lib/types.js';
import { useAsync } from '../lib/use-async.js';
import { CodeBlock, Empty, ErrorNote, formatBytes, formatDate, Loading, Notice, Page, ScanBadge, SeverityBadge } from '../components/ui.js';
import { Tabs } from '../components/tabs.js';
import { DiffView } from '../components/diff-view.js';
import { sourceLabel } from './catalog.js';

interface ScanResults {
  name: string;
  version: string;
  scan_status: string;
  runnable: boolean;
  blocked_reason: string | null;
  quarantine_note: string | null;
  results: Array<{ version: string; verdict: string; max_severity: string | null; scanned_at: string; rule_pack_version: string; trigger: string; findings: Finding[] }>;
}

const TABS = ['overview', 'files', 'versions', 'scan', 'details', 'install'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, string> = { overview: 'Overview', files: 'Files', versions: 'Versions', scan: 'Scan', details: 'Details', install: 'Install' };

export function SkillPage(props: { name: string; params: URLSearchParams }) {
  const { me } = useApp();
  const version = props.params.get('v') ?? undefined;
  const tab = (TABS as readonly string[]).includes(props.params.get('tab') ?? '') ? (props.params.get('tab') as Tab) : 'overview';
  const ref = version ? `${props.name}@${version}` : props.name;

  useEffect(() => {
    document.title = `${props.name} · Skillport`;
  }, [props.name]);

  const detail = useAsync((signal) => api<SkillDetail>(`/api/v1/skills/${encodeURIComponent(ref)}`, { signal }), [ref]);
  const catalog = useAsync(
    (signal) => api<CatalogPage>(`/api/skills${query({ q: props.name, page_size: 10, quarantine: 'include' })}`, { signal }),
    [props.name],
  );
  const scan = useAsync((signal) => api<ScanResults>(`/api/skills/scan-results${query({ name: props.name, version, limit: 5 })}`, { signal }), [props.name, version]);
  const item = catalog.data?.skills.find((s) => s.name === props.name);
  const conflicts = (catalog.data?.meta.conflicts ?? []).filter((c) => c.name === props.name);

  const setTab = (next: Tab) => {
    const params = new URLSearchParams(props.params);
    if (next === 'overview') params.delete('tab');
    else params.set('tab', next);
    navigate(`/skill/${encodeURIComponent(props.name)}${params.toString() ? `?${params}` : ''}`, { replace: true });
  };

  const blocked = detail.failure instanceof ApiError && detail.failure.code === 'skill_quarantined';
  if (detail.loading && !detail.data) return <Loading label={`Loading ${props.name}…`} />;
  if (detail.failure && !blocked) {
    const notFound = detail.failure instanceof ApiError && detail.failure.status === 404;
    return (
      <Page title={props.name}>
        {notFound ? (
          <Empty title="No skill by this name, or you may not see it.">
            <a href="/" data-route>
              Back to the catalog
            </a>
          </Empty>
        ) : (
          <ErrorNote>{detail.error}</ErrorNote>
        )}
      </Page>
    );
  }
  if (blocked) {
    return (
      <Page title={props.name} lead="This skill is quarantined: it cannot be installed or run until an administrator reviews it.">
        <ErrorNote title="Quarantined.">{detail.error}</ErrorNote>
        <ScanPanel scan={scan.data} error={scan.error} />
      </Page>
    );
  }
  const skill = detail.data!;
  return (
    <Page
      title={skill.skill.name}
      lead={skill.skill.description}
      actions={<SkillActions item={item} skill={skill} canWrite={can(me, 'skills:write')} canShare={can(me, 'keys:manage')} />}
    >
      <div class="skill-summary">
        <span class="version">v{skill.skill.version}</span>
        <span class="chip">{skill.skill.category}</span>
        <span class="chip chip-source">{sourceLabel(skill.metadata.source)}</span>
        {item && <ScanBadge status={item.scan_status} severity={item.max_severity} quarantined={item.quarantined} />}
        {skill.skill.dangerous && <span class="badge sev-high">Dangerous</span>}
        {!skill.skill.enabled && <span class="badge">Disabled</span>}
      </div>
      {item?.quarantine_note && <Notice tone="warn">{item.quarantine_note}</Notice>}
      {item && !item.runnable && item.blocked_reason && <ErrorNote title="Blocked.">{item.blocked_reason}</ErrorNote>}
      <Tabs
        label="Skill sections"
        tabs={TABS.map((id) => ({ id, label: TAB_LABELS[id] + (id === 'scan' && scan.data?.results[0]?.findings.length ? ` (${scan.data.results[0].findings.length})` : '') }))}
        active={tab}
        onChange={(id) => setTab(id as Tab)}
      >
        {tab === 'overview' && <Markdown text={skill.skill.content} />}
        {tab === 'files' && <FilesPanel skill={skill} />}
        {tab === 'versions' && <VersionsPanel name={props.name} current={skill.skill.version} />}
        {tab === 'scan' && <ScanPanel scan={scan.data} error={scan.error} />}
        {tab === 'details' && <DetailsPanel skill={skill} item={item} conflicts={conflicts} />}
        {tab === 'install' && <InstallPanel name={skill.skill.name} />}
      </Tabs>
    </Page>
  );
}

function SkillActions(props: { item: CatalogItem | undefined; skill: SkillDetail; canWrite: boolean; canShare: boolean }) {
  const editable = props.canWrite && props.skill.metadata.source === 'config';
  const id = props.skill.metadata.source_id.split('@')[0]!;
  return (
    <>
      {props.canShare && (
        <a class="btn" href={`/shares?skills=${encodeURIComponent(props.skill.skill.name)}`} data-route>
          Share
        </a>
      )}
      {editable && (
        <a class="btn" href={`/write/${encodeURIComponent(id)}`} data-route>
          Edit
        </a>
      )}
    </>
  );
}

/** Sanitized markdown (see lib/markdown.ts): nothing in a skill's body can run in this page. */
export function Markdown(props: { text: string }) {
  const html = useMemo(() => renderMarkdown(props.text), [props.text]);
  if (!props.text.trim()) return <Empty title="This skill has no body." />;
  return <article class="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}

function FilesPanel(props: { skill: SkillDetail }) {
  const files = [{ path: 'SKILL.md', size: props.skill.skill.content.length, sha256: props.skill.metadata.content_hash }, ...props.skill.skill.files];
  const [selected, setSelected] = useState('SKILL.md');
  const isConfig = props.skill.metadata.source === 'config';
  const stored = useAsync(
    (signal) => (isConfig ? api<AgentSkill>(`/api/skills/configs${query({ id: props.skill.metadata.source_id.split('@')[0] })}`, { signal }) : Promise.resolve(null)),
    [props.skill.metadata.source_id],
  );
  const text =
    selected === 'SKILL.md'
      ? props.skill.skill.content
      : (stored.data?.ancillary_files[selected] ?? null);
  const tree = buildTree(files.map((f) => f.path));
  return (
    <div class="files">
      <nav aria-label="Files" class="file-tree">
        <TreeList nodes={tree} selected={selected} onSelect={setSelected} sizes={Object.fromEntries(files.map((f) => [f.path, f.size]))} />
      </nav>
      <div class="file-view">
        <h2 class="file-title">{selected}</h2>
        {text !== null ? (
          <pre class="code" tabIndex={0} aria-label={`Contents of ${selected}`}>
            <code>{text}</code>
          </pre>
        ) : stored.loading && isConfig ? (
          <Loading />
        ) : (
          <FileFromServer skill={props.skill} path={selected} />
        )}
      </div>
    </div>
  );
}

/** Files of directory and hub skills come from the server's file endpoint. */
function FileFromServer(props: { skill: SkillDetail; path: string }) {
  const { name, version } = props.skill.skill;
  const file = useAsync(async (signal) => {
    const response = await send(`/api/skills/${encodeURIComponent(`${name}@${version}`)}/files/${props.path.split('/').map(encodeURIComponent).join('/')}`, { signal, headers: { accept: 'text/plain, */*' } });
    if (!response.ok) throw new ApiError(response.status, 'file_unavailable', response.status === 404 ? 'This file is no longer part of the skill.' : `The server answered ${response.status}`);
    return response.text();
  }, [name, version, props.path]);
  if (file.loading) return <Loading />;
  if (file.error) return <Notice>{file.error}</Notice>;
  return (
    <pre class="code" tabIndex={0} aria-label={`Contents of ${props.path}`}>
      <code>{file.data}</code>
    </pre>
  );
}

interface TreeNode {
  name: string;
  path: string;
  children: TreeNode[];
}

function buildTree(paths: string[]): TreeNode[] {
  const root: TreeNode = { name: '', path: '', children: [] };
  for (const path of paths) {
    let node = root;
    const parts = path.split('/');
    parts.forEach((part, i) => {
      const sub = parts.slice(0, i + 1).join('/');
      let child = node.children.find((c) => c.name === part && c.path === sub);
      if (!child) node.children.push((child = { name: part, path: sub, children: [] }));
      node = child;
    });
  }
  return root.children;
}

function TreeList(props: { nodes: TreeNode[]; selected: string; onSelect: (path: string) => void; sizes: Record<string, number> }) {
  return (
    <ul class="tree">
      {props.nodes.map((node) =>
        node.children.length > 0 ? (
          <li key={node.path}>
            <span class="tree-dir">{node.name}/</span>
            <TreeList nodes={node.children} selected={props.selected} onSelect={props.onSelect} sizes={props.sizes} />
          </li>
        ) : (
          <li key={node.path}>
            <button type="button" class="tree-file" aria-current={props.selected === node.path ? 'true' : undefined} onClick={() => props.onSelect(node.path)}>
              {node.name}
              <span class="muted"> {formatBytes(props.sizes[node.path] ?? 0)}</span>
            </button>
          </li>
        ),
      )}
    </ul>
  );
}

function VersionsPanel(props: { name: string; current: string }) {
  const versions = useAsync((signal) => api<{ versions: VersionSummary[] }>(`/api/v1/skills/${encodeURIComponent(props.name)}/versions`, { signal }), [props.name]);
  const list = versions.data?.versions ?? [];
  const [left, setLeft] = useState<string>('');
  const [right, setRight] = useState<string>('');
  useEffect(() => {
    if (list.length >= 2 && !left && !right) {
      setLeft(list[1]!.version);
      setRight(list[0]!.version);
    }
  }, [list.length]);
  if (versions.loading) return <Loading />;
  if (versions.error) return <ErrorNote>{versions.error}</ErrorNote>;
  return (
    <div>
      <table class="table">
        <caption class="visually-hidden">Versions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Source</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {list.map((v) => (
            <tr key={v.version}>
              <td>
                <a href={`/skill/${encodeURIComponent(props.name)}?v=${encodeURIComponent(v.version)}`} data-route>
                  {v.version}
                </a>
                {v.version === props.current && <span class="muted"> (shown)</span>}
              </td>
              <td>{sourceLabel(v.source)}</td>
              <td>{v.enabled ? 'Enabled' : 'Disabled'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.length < 2 ? (
        <p class="muted">Only one version: nothing to compare yet.</p>
      ) : (
        <section aria-labelledby="compare-heading">
          <h2 id="compare-heading">Compare two versions</h2>
          <div class="toolbar">
            <VersionSelect id="diff-left" label="From" versions={list} value={left} onChange={setLeft} />
            <VersionSelect id="diff-right" label="To" versions={list} value={right} onChange={setRight} />
          </div>
          {left && right && <VersionDiff name={props.name} left={left} right={right} />}
        </section>
      )}
    </div>
  );
}

/** What a version says, as text: its frontmatter fields, then its body. */
function versionText(detail: SkillDetail): string {
  const fm = Object.entries(detail.skill.frontmatter)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('\n');
  return `---\n${fm}\n---\n${detail.skill.content}`;
}

function VersionDiff(props: { name: string; left: string; right: string }) {
  const texts = useAsync(
    (signal) =>
      Promise.all(
        [props.left, props.right].map((v) => api<SkillDetail>(`/api/v1/skills/${encodeURIComponent(`${props.name}@${v}`)}`, { signal }).then(versionText)),
      ),
    [props.name, props.left, props.right],
  );
  if (texts.loading) return <Loading label="Comparing…" />;
  if (texts.error) return <ErrorNote>{texts.error}</ErrorNote>;
  const [a, b] = texts.data!;
  return <DiffView lines={diffLines(a!, b!)} leftLabel={props.left} rightLabel={props.right} />;
}

function ScanPanel(props: { scan: ScanResults | undefined; error: string | null }) {
  if (props.error) return <ErrorNote>{props.error}</ErrorNote>;
  if (!props.scan) return <Loading />;
  const latest = props.scan.results.find((r) => r.version === props.scan!.version) ?? props.scan.results[0];
  return (
    <div>
      <p>
        Verdict for version {props.scan.version}: <ScanBadge status={props.scan.scan_status} severity={latest?.max_severity} quarantined={!props.scan.runnable} />
      </p>
      {props.scan.blocked_reason && <ErrorNote>{props.scan.blocked_reason}</ErrorNote>}
      {props.scan.quarantine_note && <Notice tone="warn">{props.scan.quarantine_note}</Notice>}
      {!latest ? (
        <Empty title="Not scanned yet.">The background scanner will get to it shortly.</Empty>
      ) : latest.findings.length === 0 ? (
        <Notice tone="ok">No findings (scanned {formatDate(latest.scanned_at)}, rules {latest.rule_pack_version}).</Notice>
      ) : (
        <FindingsTable findings={latest.findings} />
      )}
    </div>
  );
}

export function FindingsTable(props: { findings: Finding[]; onLine?: (line: number) => void }) {
  return (
    <table class="table findings">
      <caption class="visually-hidden">Scan findings</caption>
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Finding</th>
          <th scope="col">Where</th>
        </tr>
      </thead>
      <tbody>
        {props.findings.map((f, i) => (
          <tr key={`${f.rule_id}-${i}`}>
            <td>
              <SeverityBadge severity={f.severity} />
            </td>
            <td>
              <strong>{f.title}</strong>
              <p class="finding-message">{f.message}</p>
              {f.snippet && (
                <pre class="snippet">
                  <code>{f.snippet}</code>
                </pre>
              )}
              {f.remediation && <p class="hint">Fix: {f.remediation}</p>}
              <p class="muted">
                {f.rule_id}
                {f.context && ` · lowered: ${f.context}`}
              </p>
            </td>
            <td class="nowrap">
              {props.onLine && f.file_path === 'SKILL.md' ? (
                <button type="button" class="btn btn-link" onClick={() => props.onLine!(f.line)}>
                  {f.file_path}:{f.line}
                </button>
              ) : (
                `${f.file_path}:${f.line}`
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DetailsPanel(props: { skill: SkillDetail; item: CatalogItem | undefined; conflicts: Conflict[] }) {
  const { skill, metadata } = props.skill;
  return (
    <div class="details-grid">
      <section aria-labelledby="fm-heading">
        <h2 id="fm-heading">Frontmatter</h2>
        <dl class="kv">
          {Object.entries(skill.frontmatter).map(([key, value]) => (
            <Fragment key={key}>
              <dt>{key}</dt>
              <dd>{typeof value === 'string' ? value : <code>{JSON.stringify(value)}</code>}</dd>
            </Fragment>
          ))}
        </dl>
      </section>
      <section aria-labelledby="prov-heading">
        <h2 id="prov-heading">Provenance</h2>
        <dl class="kv">
          <dt>Source</dt>
          <dd>{sourceLabel(metadata.source)}</dd>
          <dt>Source id</dt>
          <dd>
            <code>{metadata.source_id}</code>
          </dd>
          <dt>Path</dt>
          <dd>
            <code>{metadata.source_path}</code>
          </dd>
          <dt>Content hash</dt>
          <dd>
            <code class="break">{metadata.content_hash}</code>
          </dd>
          <dt>Loaded</dt>
          <dd>{formatDate(metadata.loaded_at)}</dd>
          {props.item && (
            <>
              <dt>Visibility</dt>
              <dd>{props.item.visibility}</dd>
              <dt>Owner</dt>
              <dd>{props.item.owner_id ?? '—'}</dd>
              <dt>Updated</dt>
              <dd>{formatDate(props.item.updated_at)}</dd>
            </>
          )}
        </dl>
        {metadata.warnings.length > 0 && (
          <>
            <h3>Warnings</h3>
            <ul>
              {metadata.warnings.map((w, i) => (
                <li key={i}>
                  {w.line ? `Line ${w.line}: ` : ''}
                  {w.field}: {w.message}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section aria-labelledby="conflict-heading">
        <h2 id="conflict-heading">Conflicts</h2>
        {props.conflicts.length === 0 ? (
          <p class="muted">No other source offers this name at the same version.</p>
        ) : (
          <ul>
            {props.conflicts.map((c) => (
              <li key={c.version}>
                {c.version}: served from {sourceLabel(c.served.source)} <code>{c.served.source_path}</code>; also offered by{' '}
                {c.shadowed.map((s) => `${sourceLabel(s.source)} ${s.source_path}`).join(', ')} (not served)
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** The agents the installers know (src/gateway/agents.ts), by the `skills` command's ids. */
const AGENTS: Array<[string, string]> = [
  ['claude-code', 'Claude Code'],
  ['cursor', 'Cursor'],
  ['codex', 'Codex'],
  ['gemini-cli', 'Gemini CLI'],
  ['github-copilot', 'GitHub Copilot'],
  ['opencode', 'OpenCode'],
  ['windsurf', 'Windsurf'],
  ['goose', 'Goose'],
  ['amp', 'Amp'],
];

function InstallPanel(props: { name: string }) {
  const { config } = useApp();
  const server = window.location.origin;
  const [agent, setAgent] = useState('claude-code');
  const mcp = JSON.stringify({ mcpServers: { skillport: { type: 'http', url: `${server}/mcp`, headers: { Authorization: 'Bearer ${SKILLPORT_KEY}' } } } }, null, 2);
  return (
    <div class="install">
      <div class="field field-inline">
        <label for="install-agent">Agent</label>
        <select id="install-agent" value={agent} onChange={(e) => setAgent((e.currentTarget as HTMLSelectElement).value)}>
          {AGENTS.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {!config.public_read && (
        <Notice>
          These commands send no key: this server lets them read only through a share link. <a href={`/shares?skills=${encodeURIComponent(props.name)}`} data-route>Make one</a> and use it in place of the server address.
        </Notice>
      )}
      <h2>With the skills command</h2>
      <p>Installs this skill into the agent's skills folder; needs Node.js.</p>
      <CodeBlock label="skills command" text={`npx skills add ${server} --skill ${props.name} --agent ${agent} -y`} />
      <h2>With the install script</h2>
      <p>For machines without Node.js: a shell script that fetches and unpacks the skills you may read, for the agent you pick.</p>
      <CodeBlock label="install script one-liner" text={`curl -fsSL ${server}/api/skills/install.sh | sh -s -- --agent ${agent}`} />
      <h2>As an MCP server</h2>
      <p>
        Add this to your MCP client's configuration; set <code>SKILLPORT_KEY</code> to an API key (create one under API keys).
      </p>
      <CodeBlock label="MCP client configuration" text={mcp} />
    </div>
  );
}

function VersionSelect(props: { id: string; label: string; versions: Array<{ version: string }>; value: string; onChange: (version: string) => void }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}>
        {props.versions.map((v) => (
          <option key={v.version} value={v.version}>
            {v.version}
          </option>
        ))}
      </select>
    </div>
  );
}
