import { useEffect, useRef } from 'preact/hooks';

export interface LineMark {
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

/**
 * A plain textarea (so every browser, screen reader and keyboard shortcut works as usual) with a
 * gutter of line numbers that marks the lines with problems. `jumpTo` moves the caret to a line.
 */
export function CodeEditor(props: { id: string; label: string; value: string; onInput: (value: string) => void; marks: LineMark[]; readOnly?: boolean; jumpTo?: { line: number; n: number } | null }) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lines = props.value.split('\n').length;
  const byLine = new Map<number, LineMark[]>();
  for (const mark of props.marks) byLine.set(mark.line, [...(byLine.get(mark.line) ?? []), mark]);

  useEffect(() => {
    const jump = props.jumpTo;
    const el = area.current;
    if (!jump || !el) return;
    const text = el.value;
    let start = 0;
    for (let i = 1; i < jump.line && start >= 0; i++) start = text.indexOf('\n', start) + 1;
    const end = text.indexOf('\n', start);
    el.focus();
    el.setSelectionRange(start, end < 0 ? text.length : end);
    // Put the line near the top: the line height is fixed, so its offset is known.
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20;
    el.scrollTop = Math.max(0, (jump.line - 3) * lineHeight);
    if (gutter.current) gutter.current.scrollTop = el.scrollTop;
  }, [props.jumpTo?.n]);

  const describedBy = `${props.id}-summary`;
  const errorLines = [...byLine.entries()].filter(([, marks]) => marks.some((m) => m.severity === 'error')).map(([line]) => line);
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <div class="editor-wrap">
        <div class="gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => {
            const marks = byLine.get(i + 1);
            const severity = marks?.some((m) => m.severity === 'error') ? 'error' : marks ? 'warning' : null;
            return (
              <div key={i} class={severity ? `line-${severity}` : undefined} title={marks?.map((m) => m.message).join('\n')}>
                {severity === 'error' ? '✕ ' : severity === 'warning' ? '! ' : ''}
                {i + 1}
              </div>
            );
          })}
        </div>
        <textarea
          id={props.id}
          ref={area}
          value={props.value}
          readOnly={props.readOnly}
          spellcheck={false}
          wrap="off"
          aria-describedby={describedBy}
          onInput={(e) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = (e.currentTarget as HTMLTextAreaElement).scrollTop;
          }}
        />
      </div>
      <p id={describedBy} class="hint">
        {lines} lines.{' '}
        {errorLines.length > 0 ? `Problems on line${errorLines.length === 1 ? '' : 's'} ${errorLines.slice(0, 10).join(', ')}.` : ''} Tab moves to the next control; the list beside the editor jumps to each problem.
      </p>
    </div>
  );
}
