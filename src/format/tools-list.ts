/**
 * Splits an `allowed-tools` string. The Agent Skills spec writes it space-delimited
 * (`Read Grep Bash(git status:*)`), Claude Code writes it comma-delimited; a tool pattern may hold
 * spaces inside parentheses, so separators only count outside them.
 */
export function splitToolList(text: string): string[] {
  const tools: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')' && depth > 0) depth--;
    const separator = depth === 0 && (ch === ',' || ch === ' ' || ch === '\t' || ch === '\n');
    if (separator) {
      if (current.trim()) tools.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim()) tools.push(current.trim());
  return tools;
}
