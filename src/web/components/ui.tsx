import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/** A page: its heading takes focus after navigation, so screen readers announce where you are. */
export function Page(props: { title: string; actions?: ComponentChildren; children: ComponentChildren; lead?: ComponentChildren }) {
  return (
    <section class="page">
      <header class="page-head">
        <div>
          <h1 tabIndex={-1}>{props.title}</h1>
          {props.lead && <p class="lead">{props.lead}</p>}
        </div>
        {props.actions && <div class="page-actions">{props.actions}</div>}
      </header>
      {props.children}
    </section>
  );
}

export function ErrorNote(props: { children: ComponentChildren; title?: string }) {
  return (
    <div class="note note-error" role="alert">
      {props.title && <strong>{props.title} </strong>}
      {props.children}
    </div>
  );
}

export function Notice(props: { children: ComponentChildren; tone?: 'info' | 'warn' | 'ok' }) {
  return (
    <div class={`note note-${props.tone ?? 'info'}`} role="status">
      {props.children}
    </div>
  );
}

export function Loading(props: { label?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {props.label ?? 'Loading…'}
    </p>
  );
}

export function Empty(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty-title">{props.title}</p>
      {props.children && <div class="empty-body">{props.children}</div>}
    </div>
  );
}

const SCAN_LABELS: Record<string, string> = { passed: 'Passed', flagged: 'Flagged', unscanned: 'Not scanned', error: 'Scan error' };

export function ScanBadge(props: { status: string; severity?: string | null; quarantined?: boolean }) {
  const label = SCAN_LABELS[props.status] ?? props.status;
  return (
    <span class="badges">
      <span class={`badge scan-${props.status}`} title={`Scan: ${label}${props.severity ? ` (highest: ${props.severity})` : ''}`}>
        {label}
        {props.status === 'flagged' && props.severity ? ` · ${props.severity}` : ''}
      </span>
      {props.quarantined && <span class="badge quarantined">Quarantined</span>}
    </span>
  );
}

export function SeverityBadge(props: { severity: string }) {
  return <span class={`badge sev-${props.severity.toLowerCase()}`}>{props.severity}</span>;
}

/** Copies text to the clipboard and says so, for sighted and screen-reader users alike. */
export function CopyButton(props: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  };
  return (
    <span class="copy">
      <button type="button" class="btn btn-small" onClick={copy} aria-label={props.label}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span class="visually-hidden" role="status" aria-live="polite">
        {state === 'copied' ? 'Copied to the clipboard' : state === 'failed' ? 'Could not copy: select the text and copy it by hand' : ''}
      </span>
    </span>
  );
}

export function CodeBlock(props: { text: string; label: string }) {
  return (
    <div class="codeblock">
      <pre tabIndex={0} aria-label={props.label}>
        <code>{props.text}</code>
      </pre>
      <CopyButton text={props.text} label={`Copy ${props.label}`} />
    </div>
  );
}

export function Field(props: { label: string; id: string; hint?: string; error?: string | null; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && <p class="hint" id={`${props.id}-hint`}>{props.hint}</p>}
      {props.error && (
        <p class="field-error" id={`${props.id}-error`} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

export function Progress(props: { done: number; total: number; label: string }) {
  const pct = props.total > 0 ? Math.round((props.done / props.total) * 100) : 0;
  return (
    <div class="progress-wrap">
      <progress max={props.total || 1} value={props.done} aria-label={props.label}>
        {pct}%
      </progress>
      <span class="progress-text">
        {props.done} / {props.total} ({pct}%)
      </span>
    </div>
  );
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * A table with a caption for screen readers, a header row of column names and, when `last` is
 * given, a last column whose header is only announced (its cells hold buttons or details).
 */
export function DataTable(props: { caption: string; columns: string[]; last?: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
            {props.last && (
              <th scope="col">
                <span class="visually-hidden">{props.last}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
