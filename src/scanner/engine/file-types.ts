/**
 * The glob-ish file selectors of the rule pack: `*` (every file), `*.ext`, an exact name such as
 * `SKILL.md` or `package.json`, a name with `*` wildcards (`requirements*.txt`), a folder prefix
 * (`scripts/**`), and named groups (`@markdown`, `@script`, `@config`). Names compare without case.
 */
export type FileTypeMatcher = (path: string) => boolean;

const GROUPS: Record<string, string[]> = {
  '@markdown': ['*.md', '*.markdown', '*.mdx', '*.txt', '*.rst', '*.adoc'],
  '@script': [
    '*.sh', '*.bash', '*.zsh', '*.ksh', '*.fish', '*.py', '*.pyw', '*.js', '*.mjs', '*.cjs', '*.ts', '*.mts', '*.cts', '*.jsx', '*.tsx',
    '*.rb', '*.pl', '*.pm', '*.php', '*.ps1', '*.psm1', '*.bat', '*.cmd', '*.go', '*.rs', '*.lua', '*.r', '*.swift', '*.kt', '*.java',
    '*.cs', '*.c', '*.cc', '*.cpp', '*.h', 'Makefile', 'Dockerfile', 'justfile', '*.applescript', '*.vbs',
  ],
  '@config': ['*.json', '*.yaml', '*.yml', '*.toml', '*.ini', '*.cfg', '*.conf', '*.env', '.env', '.env.*', '.npmrc', '.pypirc', 'pip.conf'],
};

export function fileTypeMatcher(selectors: '*' | string[]): FileTypeMatcher {
  if (selectors === '*') return () => true;
  const expanded = selectors.flatMap((s) => GROUPS[s] ?? [s]);
  if (expanded.includes('*')) return () => true;
  const tests = expanded.map(compileSelector);
  return (path) => {
    const lower = path.toLowerCase();
    const base = lower.slice(lower.lastIndexOf('/') + 1);
    return tests.some((test) => test(lower, base));
  };
}

function compileSelector(selector: string): (path: string, base: string) => boolean {
  const s = selector.toLowerCase();
  if (s.endsWith('/**')) {
    const prefix = s.slice(0, -2);
    return (path) => path.startsWith(prefix) || path.includes(`/${prefix}`);
  }
  const parts = s.split('*');
  const against = s.includes('/') ? 'path' : 'base';
  return (path, base) => wildcardMatch(parts, against === 'path' ? path : base);
}

/** `parts` is a pattern split on `*`: the text must start with the first, end with the last, and hold the rest in order. */
function wildcardMatch(parts: string[], text: string): boolean {
  if (parts.length === 1) return text === parts[0];
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!text.startsWith(first) || !text.endsWith(last) || text.length < first.length + last.length) return false;
  let pos = first.length;
  const end = text.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const at = text.indexOf(middle, pos);
    if (at === -1 || at + middle.length > end) return false;
    pos = at + middle.length;
  }
  return true;
}
