/** One line of a line diff: kept, added (only in the right side) or removed (only in the left). */
export interface DiffLine {
  kind: 'same' | 'add' | 'del';
  text: string;
  /** Line numbers on the left and right sides; null where the line is absent. */
  left: number | null;
  right: number | null;
}

/**
 * Myers' O((N+M)D) line diff: fast for the usual small edits between two versions of a skill, and
 * bounded (falls back to "all removed, all added") when the two texts have nothing in common.
 */
export function diffLines(a: string, b: string, maxEdits = 4000): DiffLine[] {
  const left = a.split('\n');
  const right = b.split('\n');
  const n = left.length;
  const m = right.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && left[x] === right[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) {
    return [
      ...left.map((text, i) => ({ kind: 'del' as const, text, left: i + 1, right: null })),
      ...right.map((text, i) => ({ kind: 'add' as const, text, left: null, right: i + 1 })),
    ];
  }
  // Walk the trace back from the end to recover the edit script.
  const out: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ kind: 'same', text: left[x - 1]!, left: x, right: y });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) out.push({ kind: 'add', text: right[y - 1]!, left: null, right: y });
      else out.push({ kind: 'del', text: left[x - 1]!, left: x, right: null });
    }
    x = prevX;
    y = prevY;
  }
  return out.reverse();
}
