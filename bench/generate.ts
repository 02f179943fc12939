/**
 * Writes a synthetic but realistic skills directory for the benchmark. Everything is drawn from
 * a seeded PRNG, so the same seed always produces byte-identical files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface GenerateOptions {
  /** Number of distinct skill names. */
  count: number;
  seed: number;
}

export interface GeneratedSkill {
  name: string;
  category: string;
  layout: 'agent-skills' | 'flat';
  /** Absolute path of the file that holds the version a bare name resolves to. */
  file: string;
  /** Every version written for this name, current first. */
  versions: string[];
}

export interface Corpus {
  dir: string;
  skills: GeneratedSkill[];
  categories: string[];
  files: number;
  bytes: number;
  /** Total name@version pairs written. */
  versions: number;
}

/** mulberry32: tiny, fast, good enough for picking words. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CATEGORIES = [
  'development', 'operations', 'security', 'data-engineering', 'analytics', 'documentation', 'testing', 'design',
  'product', 'support', 'sales', 'marketing', 'finance', 'legal', 'hr', 'research', 'infrastructure', 'observability',
  'mobile', 'machine-learning',
] as const;

const VERBS = ['review', 'triage', 'migrate', 'audit', 'summarise', 'draft', 'refactor', 'profile', 'validate', 'deploy', 'rotate', 'index',
  'document', 'benchmark', 'reconcile', 'classify', 'translate', 'forecast', 'debug', 'harden', 'archive', 'onboard', 'estimate', 'scaffold'];
const NOUNS = ['pull-request', 'incident', 'schema', 'invoice', 'dashboard', 'changelog', 'runbook', 'api', 'query', 'pipeline', 'contract',
  'release', 'ticket', 'dataset', 'model', 'service', 'certificate', 'backlog', 'roadmap', 'test-suite', 'dependency', 'alert', 'report', 'cluster'];
const WORDS = ('the a each every change request service caller owner team file folder record field value error warning log metric trace span ' +
  'budget limit timeout retry cache index query table column row branch commit diff patch release version tag deploy rollout rollback ' +
  'customer user account session token secret key permission role policy review reviewer finding severity risk impact evidence summary ' +
  'step check test fixture mock assertion coverage regression baseline threshold target latency throughput memory disk network region ' +
  'before after when while unless always never only first then finally carefully quickly explicitly clearly briefly precisely ' +
  'read write compare list verify confirm record report ask explain propose escalate measure estimate document describe keep drop').split(' ');
const TOOLS = ['file_read', 'file_write', 'bash', 'web_fetch', 'web_search', 'git', 'kubectl', 'sql', 'python', 'browser', 'jira', 'slack'];
const LANGS = ['bash', 'ts', 'python', 'sql', 'yaml', 'json'] as const;
const TEAMS = ['platform', 'payments', 'growth', 'core', 'infra', 'data', 'sre', 'tooling', 'mobile', 'web'];

type Rand = () => number;
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const int = (r: Rand, min: number, max: number) => min + Math.floor(r() * (max - min + 1));

function sentence(r: Rand, min = 8, max = 18): string {
  const n = int(r, min, max);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(pick(r, WORDS));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function paragraph(r: Rand): string {
  const n = int(r, 2, 4);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(sentence(r));
  // Wrap near 100 columns like hand-written markdown.
  return wrap(out.join(' '), 100);
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

function codeBlock(r: Rand): string {
  const lang = pick(r, LANGS);
  const lines: string[] = [];
  const n = int(r, 3, 9);
  for (let i = 0; i < n; i++) {
    const a = pick(r, WORDS);
    const b = pick(r, WORDS);
    switch (lang) {
      case 'bash': lines.push(`${pick(r, ['git', 'kubectl', 'npm', 'curl', 'grep -rn'])} ${a}-${b} --${pick(r, WORDS)}=${int(r, 1, 500)}`); break;
      case 'ts': lines.push(`const ${a}${i} = await ${b}.${pick(r, WORDS)}({ limit: ${int(r, 1, 100)} });`); break;
      case 'python': lines.push(`${a}_${i} = ${b}.${pick(r, WORDS)}(limit=${int(r, 1, 100)})`); break;
      case 'sql': lines.push(i === 0 ? `SELECT ${a}, ${b}, count(*) AS n` : `  ${pick(r, ['FROM', 'JOIN', 'WHERE', 'GROUP BY', 'ORDER BY'])} ${a}_${b}`); break;
      case 'yaml': lines.push(`${'  '.repeat(i % 3)}${a}_${b}: ${int(r, 0, 1000)}`); break;
      case 'json': lines.push(`  "${a}_${b}": ${int(r, 0, 1000)}${i < n - 1 ? ',' : ''}`); break;
    }
  }
  const body = lang === 'json' ? ['{', ...lines, '}'] : lines;
  return ['```' + lang, ...body, '```'].join('\n');
}

function section(r: Rand, index: number): string {
  const title = `## ${index}. ${capitalise(pick(r, VERBS))} the ${pick(r, NOUNS).replace('-', ' ')}`;
  const parts = [title, '', paragraph(r), ''];
  const kind = r();
  if (kind < 0.4) {
    const steps = int(r, 3, 7);
    for (let i = 1; i <= steps; i++) parts.push(`${i}. ${sentence(r, 6, 14)}`);
    parts.push('');
  } else if (kind < 0.75) {
    const items = int(r, 3, 6);
    for (let i = 0; i < items; i++) parts.push(`- **${pick(r, WORDS)}**: ${sentence(r, 5, 12)}`);
    parts.push('');
  }
  if (r() < 0.45) parts.push(codeBlock(r), '');
  if (r() < 0.3) parts.push(`> ${sentence(r, 8, 16)}`, '');
  return parts.join('\n');
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A markdown body between 2 KB and 8 KB. */
function body(r: Rand, title: string): string {
  const target = int(r, 2048, 8192);
  let text = `# ${title}\n\n${paragraph(r)}\n\n`;
  for (let i = 1; ; i++) {
    const next = section(r, i);
    if (Buffer.byteLength(text) + Buffer.byteLength(next) > 8192) break;
    text += next + '\n';
    if (Buffer.byteLength(text) >= target) break;
  }
  while (Buffer.byteLength(text) < 2048) text += paragraph(r) + '\n\n';
  return text;
}

function frontmatter(r: Rand, name: string, version: string, category: string, description: string): string {
  const tools = [...new Set(Array.from({ length: int(r, 0, 4) }, () => pick(r, TOOLS)))];
  const lines = [
    '---',
    `name: ${name}`,
    `version: "${version}"`,
    `category: ${category}`,
    `description: ${JSON.stringify(description)}`,
  ];
  if (r() < 0.5) lines.push(`author: ${capitalise(pick(r, TEAMS))} Team`);
  lines.push(tools.length ? `requires_tools:\n${tools.map((t) => `  - ${t}`).join('\n')}` : 'requires_tools: []');
  if (r() < 0.8) lines.push(`budget_max: ${int(r, 4, 120) * 1000}`);
  lines.push(
    'metadata:',
    `  tags: [${[pick(r, VERBS), pick(r, NOUNS), category].join(', ')}]`,
    `  owner: ${pick(r, TEAMS)}`,
    `  reviewed: "2024-${String(int(r, 1, 12)).padStart(2, '0')}-${String(int(r, 1, 28)).padStart(2, '0')}"`,
  );
  if (r() < 0.3) lines.push(`  changelog: ${JSON.stringify(`${version}: ${sentence(r, 4, 8)}`)}`);
  lines.push('---', '');
  return lines.join('\n');
}

/** Writes the corpus under `dir` (which must exist and be empty). */
export async function generateCorpus(dir: string, options: GenerateOptions): Promise<Corpus> {
  const r = prng(options.seed);
  const skills: GeneratedSkill[] = [];
  const writes: Array<{ file: string; text: string }> = [];

  for (let i = 0; i < options.count; i++) {
    const category = CATEGORIES[i % CATEGORIES.length]!;
    const verb = pick(r, VERBS);
    const noun = pick(r, NOUNS);
    const name = `${verb}-${noun}-${i.toString(36)}`;
    const layout = r() < 0.45 ? 'agent-skills' : 'flat';
    const major = int(r, 1, 3);
    const version = `${major}.${int(r, 0, 9)}.${int(r, 0, 20)}`;
    const title = `${capitalise(verb)} ${noun.replace('-', ' ')}`;
    const description = `${capitalise(verb)} a ${noun.replace('-', ' ')} for the ${category} team. ${sentence(r, 10, 24)} Use when asked to ${verb} a ${noun.replace('-', ' ')}.`;

    const file = layout === 'agent-skills' ? path.join(dir, category, name, 'SKILL.md') : path.join(dir, category, `${name}.md`);
    writes.push({ file, text: frontmatter(r, name, version, category, description) + body(r, title) });
    if (layout === 'agent-skills' && r() < 0.35) {
      writes.push({ file: path.join(dir, category, name, 'references', 'notes.md'), text: `# Notes for ${name}\n\n${paragraph(r)}\n\n${paragraph(r)}\n` });
    }

    // About one in eight names has 2 or 3 versions: older releases kept as flat files beside it.
    const versions = [version];
    if (r() < 0.125) {
      const extra = int(r, 1, 2);
      for (let v = 1; v <= extra; v++) {
        const old = `${major - 1}.${int(r, 0, 9)}.${v}`;
        versions.push(old);
        writes.push({
          file: path.join(dir, category, `${name}-${old}.md`),
          text: frontmatter(r, name, old, category, `${description} (release ${old})`) + body(r, `${title} (${old})`),
        });
      }
    }
    skills.push({ name, category, layout, file, versions });
  }

  const folders = new Set(writes.map((w) => path.dirname(w.file)));
  for (const folder of folders) await mkdir(folder, { recursive: true });
  let bytes = 0;
  let next = 0;
  const worker = async () => {
    while (next < writes.length) {
      const w = writes[next++]!;
      bytes += Buffer.byteLength(w.text);
      await writeFile(w.file, w.text);
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  return {
    dir,
    skills,
    categories: [...CATEGORIES],
    files: writes.length,
    bytes,
    versions: skills.reduce((n, s) => n + s.versions.length, 0),
  };
}
