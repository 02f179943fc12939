import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { navigate } from '../lib/router.js';
import type { CatalogPage } from '../lib/types.js';
import { useAsync } from '../lib/use-async.js';
import { Empty, ErrorNote, Loading, Page, ScanBadge } from '../components/ui.js';
import { can, useApp } from '../lib/app-state.js';

const PAGE_SIZE = 25;
const FILTERS = ['category', 'source', 'scan_status', 'quarantine'] as const;

/** The catalog: search as you type, filters and pages, all kept in the address so Back works. */
export function Catalog(props: { params: URLSearchParams }) {
  const { me } = useApp();
  const q = props.params.get('q') ?? '';
  const page = Math.max(1, Number(props.params.get('page')) || 1);
  const filters = Object.fromEntries(FILTERS.map((f) => [f, props.params.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const [text, setText] = useState(q);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    document.title = 'Catalog · Skillport';
    // A search still waiting to fire must not pull the person back here after they left.
    return () => window.clearTimeout(timer.current);
  }, []);
  // Back and Forward change the query under the box: show what is being searched.
  useEffect(() => {
    if (q !== text.trim()) setText(q);
  }, [q]);

  const update = (changes: Record<string, string>, replace = false) => {
    // From the address itself: a search typed a moment ago may fire after a filter changed.
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    const search = next.toString();
    navigate(search ? `/?${search}` : '/', { replace });
  };

  const onType = (value: string) => {
    setText(value);
    window.clearTimeout(timer.current);
    // Search as you type, without a request for every keystroke.
    timer.current = window.setTimeout(() => update({ q: value.trim() }, true), 150);
  };

  const result = useAsync(
    (signal) => api<CatalogPage>(`/api/skills${query({ q, page, page_size: PAGE_SIZE, ...filters })}`, { signal }),
    [q, page, filters.category, filters.source, filters.scan_status, filters.quarantine],
  );
  const categories = useAsync(
    // The list answer names every category whatever the filter; asking for an impossible one keeps it small.
    (signal) => api<{ categories: string[] }>('/api/v1/skills?category=%00', { signal }).then((r) => r.categories),
    [],
  );

  const data = result.data;
  const total = data?.meta.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <Page
      title="Catalog"
      lead="Every skill this server offers, from skill directories, stored skills and hubs."
      actions={
        can(me, 'skills:write') && (
          <a class="btn btn-primary" href="/write/new" data-route>
            New skill
          </a>
        )
      }
    >
      <form class="toolbar" role="search" onSubmit={(event) => (event.preventDefault(), update({ q: text.trim() }))}>
        <div class="field grow">
          <label for="search">Search</label>
          <input id="search" type="search" value={text} placeholder="Name, tag, description or content" onInput={(event) => onType((event.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="f-category">Category</label>
          <select id="f-category" value={filters.category} onChange={(event) => update({ category: (event.currentTarget as HTMLSelectElement).value })}>
            <option value="">All</option>
            {(categories.data ?? []).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-source">Source</label>
          <select id="f-source" value={filters.source} onChange={(event) => update({ source: (event.currentTarget as HTMLSelectElement).value })}>
            <option value="">All</option>
            <option value="filesystem">Skill directories</option>
            <option value="config">Stored skills</option>
            <option value="hub">Hubs</option>
          </select>
        </div>
        <div class="field">
          <label for="f-scan">Scan status</label>
          <select id="f-scan" value={filters.scan_status} onChange={(event) => update({ scan_status: (event.currentTarget as HTMLSelectElement).value })}>
            <option value="">All</option>
            <option value="passed">Passed</option>
            <option value="flagged">Flagged</option>
            <option value="unscanned">Not scanned</option>
            <option value="error">Scan error</option>
          </select>
        </div>
        <div class="field">
          <label for="f-quarantine">Quarantined</label>
          <select id="f-quarantine" value={filters.quarantine} onChange={(event) => update({ quarantine: (event.currentTarget as HTMLSelectElement).value })}>
            <option value="">Policy default</option>
            <option value="include">Include</option>
            <option value="exclude">Hide</option>
            <option value="only">Only quarantined</option>
          </select>
        </div>
      </form>

      <p class="result-count" role="status" aria-live="polite">
        {result.loading ? 'Searching…' : data ? `${total.toLocaleString()} skill${total === 1 ? '' : 's'}${q ? ` matching “${q}”` : ''}` : ''}
      </p>
      {result.error && <ErrorNote title="The catalog could not be loaded.">{result.error}</ErrorNote>}
      {!data && result.loading && <Loading />}
      {data && data.skills.length === 0 && (
        <Empty title={q || Object.values(filters).some(Boolean) ? 'No skill matches.' : 'The catalog is empty.'}>
          {q || Object.values(filters).some(Boolean) ? (
            <button type="button" class="btn" onClick={() => (setText(''), navigate('/'))}>
              Clear search and filters
            </button>
          ) : (
            <p>Add skill directories with SKILLPORT_SKILLS_PATH, or write one under Write.</p>
          )}
        </Empty>
      )}
      {data && data.skills.length > 0 && (
        <ul class={`skill-list${result.loading ? ' stale' : ''}`} aria-busy={result.loading}>
          {data.skills.map((skill) => (
            <li key={skill.id} class="skill-row">
              <div class="skill-main">
                <a class="skill-name" href={`/skill/${encodeURIComponent(skill.name)}`} data-route>
                  {skill.name}
                </a>
                <span class="version">v{skill.version}</span>
                <p class="description">{skill.description}</p>
              </div>
              <div class="skill-meta">
                <span class="chip">{skill.category}</span>
                <span class="chip chip-source">{sourceLabel(skill.source)}</span>
                <ScanBadge status={skill.scan_status} severity={skill.max_severity} quarantined={skill.quarantined} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {data && total > PAGE_SIZE && (
        <nav class="pager" aria-label="Pages">
          <button type="button" class="btn" disabled={page <= 1} onClick={() => update({ page: String(page - 1) })}>
            Previous
          </button>
          <span>
            Page {page} of {pages.toLocaleString()}
          </span>
          <button type="button" class="btn" disabled={!data.meta.has_more} onClick={() => update({ page: String(page + 1) })}>
            Next
          </button>
        </nav>
      )}
    </Page>
  );
}

export function sourceLabel(source: string): string {
  return source === 'filesystem' ? 'Directory' : source === 'config' ? 'Stored' : source === 'hub' ? 'Hub' : source;
}
