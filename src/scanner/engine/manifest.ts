import { DEFAULT_LIMITS, splitFrontmatter, type SkillManifest } from '../../format/index.js';
import { DiagnosticList } from '../../format/parse.js';
import { splitToolList } from '../../format/tools-list.js';
import { readFrontmatter } from '../../format/yaml-frontmatter.js';

export type ManifestReading = { manifest: SkillManifest; problem: null } | { manifest: null; problem: string };

/**
 * Reads a skill file's frontmatter leniently: the scanner must judge skills the validator would
 * reject (a dangerous skill without a description is exactly what a rule looks for), so only an
 * unreadable frontmatter leaves it without a manifest. The YAML reader is the validator's, with
 * its alias and size bounds.
 */
export function readManifestLeniently(text: string, fallbackName: string): ManifestReading {
  const split = splitFrontmatter(text);
  if (split === null) return { manifest: null, problem: 'the file has no frontmatter' };
  if (split === 'unterminated') return { manifest: null, problem: 'the frontmatter is never closed' };
  if (split.yaml.length > DEFAULT_LIMITS.maxFrontmatterBytes) return { manifest: null, problem: 'the frontmatter is too large' };
  const diagnostics = new DiagnosticList('SKILL.md');
  const read = readFrontmatter(split.yaml, split.yamlLine, DEFAULT_LIMITS, diagnostics);
  if (!read) return { manifest: null, problem: diagnostics.list()[0]?.message ?? 'the frontmatter is not a YAML mapping' };
  const v = read.values;
  const str = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null);
  const list = (value: unknown): string[] =>
    typeof value === 'string' ? splitToolList(value) : Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
  const metadata = typeof v.metadata === 'object' && v.metadata !== null && !Array.isArray(v.metadata) ? (v.metadata as Record<string, unknown>) : {};
  return {
    problem: null,
    manifest: {
      name: str(v.name) ?? fallbackName,
      version: str(v.version) ?? '1.0.0',
      description: str(v.description) ?? '',
      category: str(v.category) ?? 'uncategorized',
      author: str(v.author),
      license: str(v.license),
      compatibility: str(v.compatibility),
      requires_role: str(v.requires_role),
      requires_tools: list(v.requires_tools),
      allowed_tools: list(v['allowed-tools'] ?? v.allowed_tools),
      dangerous: v.dangerous === true || v.dangerous === 'true',
      enabled: v.enabled !== false,
      budget_max: typeof v.budget_max === 'number' ? v.budget_max : null,
      metadata,
      frontmatter: v,
    },
  };
}
