/** The frontmatter block and body of a markdown file, with line positions kept for diagnostics. */
export interface FrontmatterSplit {
  /** YAML text between the fences. */
  yaml: string;
  /** 1-based file line of the first YAML line. */
  yamlLine: number;
  /** Everything after the closing fence. */
  body: string;
  /** 1-based file line where the body starts. */
  bodyLine: number;
}

const OPEN_FENCE = /^---[ \t]*$/;
const CLOSE_FENCE = /^(?:---|\.\.\.)[ \t]*$/;

/**
 * Splits `---\n<yaml>\n---\n<body>`. Returns `null` when the text does not start with a
 * frontmatter fence, and `'unterminated'` when the opening fence is never closed.
 * Works line by line without regular expressions over the whole text, so its cost is linear.
 */
export function splitFrontmatter(text: string): FrontmatterSplit | null | 'unterminated' {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstBreak = src.indexOf('\n');
  const firstLine = stripCr(firstBreak === -1 ? src : src.slice(0, firstBreak));
  if (!OPEN_FENCE.test(firstLine)) return null;
  if (firstBreak === -1) return 'unterminated';

  let pos = firstBreak + 1;
  let line = 2;
  while (pos <= src.length) {
    const next = src.indexOf('\n', pos);
    const end = next === -1 ? src.length : next;
    const current = stripCr(src.slice(pos, end));
    if (CLOSE_FENCE.test(current)) {
      return {
        yaml: src.slice(firstBreak + 1, pos),
        yamlLine: 2,
        body: next === -1 ? '' : src.slice(next + 1),
        bodyLine: line + 1,
      };
    }
    if (next === -1) break;
    pos = next + 1;
    line++;
  }
  return 'unterminated';
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
