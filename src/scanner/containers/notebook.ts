import { NotOpened, type Member } from './types.js';

interface Cell {
  cell_type?: unknown;
  source?: unknown;
  metadata?: Record<string, unknown>;
  outputs?: unknown;
}

const EXTENSION_BY_LANGUAGE: Record<string, string> = {
  python: 'py', python3: 'py', ipython: 'py', javascript: 'js', typescript: 'ts', bash: 'sh', sh: 'sh', shell: 'sh', zsh: 'zsh', r: 'r', ruby: 'rb', julia: 'jl', powershell: 'ps1',
};

function joined(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').join('');
  return '';
}

/** Shell lines of an IPython cell: `!cmd`, and the whole cell under `%%bash`, `%%sh`, `%%script bash`. */
function splitShell(source: string): { code: string; shell: string } {
  const lines = source.split('\n');
  const first = lines[0]?.trim() ?? '';
  if (first.startsWith('%%bash') || first.startsWith('%%sh') || first.startsWith('%%script bash') || first.startsWith('%%script sh') || first.startsWith('%%zsh')) {
    return { code: '', shell: ['', ...lines.slice(1)].join('\n') };
  }
  let any = false;
  const code: string[] = [];
  const shell: string[] = [];
  for (const line of lines) {
    const t = line.trimStart();
    const magic = t.startsWith('!') ? t.slice(1) : t.startsWith('%system ') ? t.slice(8) : t.startsWith('%sx ') ? t.slice(4) : null;
    const assigned = magic === null ? /* `x = !cmd` */ shellAssignment(line) : null;
    const command = magic ?? assigned;
    if (command !== null) {
      any = true;
      shell.push(command);
      code.push('');
    } else {
      shell.push('');
      code.push(t.startsWith('%') ? '' : line);
    }
  }
  return { code: code.join('\n'), shell: any ? shell.join('\n') : '' };
}

function shellAssignment(line: string): string | null {
  const at = line.indexOf('= !');
  if (at === -1) return null;
  const name = line.slice(0, at).trim();
  for (const c of name) if (!(c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return null;
  return name ? line.slice(at + 3) : null;
}

function outputText(outputs: unknown): string {
  if (!Array.isArray(outputs)) return '';
  const parts: string[] = [];
  for (const o of outputs as Array<Record<string, unknown>>) {
    if (!o || typeof o !== 'object') continue;
    if (o.text !== undefined) parts.push(joined(o.text));
    const data = o.data as Record<string, unknown> | undefined;
    if (data && typeof data === 'object') for (const type of ['text/plain', 'text/markdown', 'text/html', 'application/javascript']) if (data[type] !== undefined) parts.push(joined(data[type]));
    if (o.traceback !== undefined) parts.push(joined(o.traceback));
  }
  return parts.join('\n');
}

/** A cell the notebook's author marked to be shown collapsed or without its source or output. */
function hiddenCell(cell: Cell): boolean {
  const m = cell.metadata ?? {};
  const jupyter = (m.jupyter ?? {}) as Record<string, unknown>;
  const tags = Array.isArray(m.tags) ? m.tags : [];
  return jupyter.source_hidden === true || jupyter.outputs_hidden === true || m.hide_input === true || m.collapsed === true || tags.some((t) => typeof t === 'string' && (t.startsWith('hide') || t === 'remove-input' || t === 'remove-cell'));
}

export interface NotebookReading {
  members: Member[];
  hiddenCells: number[];
}

/**
 * The cells of a Jupyter notebook as the files they amount to: each code cell a script in the
 * notebook's language (`cell-3.py`; its `!` and `%%bash` lines a shell script beside it,
 * `cell-3.sh`), each markdown cell a markdown file (`cell-2.md`), outputs as text
 * (`cell-3.output.txt`). Line numbers are the cell's own.
 */
export function readNotebook(text: string): NotebookReading {
  let nb: { cells?: unknown; metadata?: Record<string, unknown>; worksheets?: Array<{ cells?: unknown }> };
  try {
    nb = JSON.parse(text) as typeof nb;
  } catch (err) {
    throw new NotOpened(`the notebook is not valid JSON (${err instanceof Error ? err.message : 'unreadable'})`);
  }
  const cells = (Array.isArray(nb?.cells) ? nb.cells : Array.isArray(nb?.worksheets?.[0]?.cells) ? nb.worksheets![0]!.cells : null) as Cell[] | null;
  if (!cells) throw new NotOpened('the notebook has no cells list');
  const meta = nb.metadata ?? {};
  const language = String(((meta.kernelspec as Record<string, unknown> | undefined)?.language ?? (meta.language_info as Record<string, unknown> | undefined)?.name ?? 'python')).toLowerCase();
  const ext = EXTENSION_BY_LANGUAGE[language] ?? 'txt';
  const members: Member[] = [];
  const hiddenCells: number[] = [];
  cells.forEach((cell, index) => {
    const n = index + 1;
    if (!cell || typeof cell !== 'object') return;
    const source = joined(cell.source);
    if (hiddenCell(cell)) hiddenCells.push(n);
    if (cell.cell_type === 'markdown') members.push({ name: `cell-${n}.md`, content: source });
    else if (cell.cell_type === 'code') {
      if (ext === 'py') {
        const { code, shell } = splitShell(source);
        if (code.trim()) members.push({ name: `cell-${n}.py`, content: code });
        if (shell.trim()) members.push({ name: `cell-${n}.sh`, content: shell });
      } else if (source.trim()) members.push({ name: `cell-${n}.${ext}`, content: source });
      const out = outputText(cell.outputs);
      if (out.trim()) members.push({ name: `cell-${n}.output.txt`, content: out });
    } else if (source.trim()) members.push({ name: `cell-${n}.txt`, content: source });
  });
  return { members, hiddenCells };
}
