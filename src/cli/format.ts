import type { Diagnostic } from '../format/index.js';

/** `file:line: field: message`, the form editors and CI logs turn into links. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line ?? 1}: ${d.field}: ${d.message}`;
}

/** Pads columns so a list of rows reads as a table. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}
