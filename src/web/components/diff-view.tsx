import type { DiffLine } from '../lib/diff.js';

/** A unified diff; additions and removals are marked by sign and by colour, never by colour alone. */
export function DiffView(props: { lines: DiffLine[]; leftLabel: string; rightLabel: string }) {
  const added = props.lines.filter((l) => l.kind === 'add').length;
  const removed = props.lines.filter((l) => l.kind === 'del').length;
  if (added === 0 && removed === 0) return <p class="muted">No differences.</p>;
  return (
    <div>
      <p class="diff-summary">
        {props.leftLabel} → {props.rightLabel}: <span class="diff-add-text">+{added}</span> <span class="diff-del-text">−{removed}</span> lines
      </p>
      <div class="diff" role="table" aria-label={`Changes from ${props.leftLabel} to ${props.rightLabel}`} tabIndex={0}>
        {props.lines.map((line, i) => (
          <div key={i} role="row" class={`diff-line diff-${line.kind}`}>
            <span role="cell" class="diff-num">{line.left ?? ''}</span>
            <span role="cell" class="diff-num">{line.right ?? ''}</span>
            <span role="cell" class="diff-sign" aria-label={line.kind === 'add' ? 'added' : line.kind === 'del' ? 'removed' : 'unchanged'}>
              {line.kind === 'add' ? '+' : line.kind === 'del' ? '−' : ' '}
            </span>
            <span role="cell" class="diff-text">{line.text}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
