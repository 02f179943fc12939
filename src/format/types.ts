/** A problem found while reading a skill file. Errors keep the skill out of the catalog; warnings do not. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable machine-readable identifier, e.g. `missing_field`, `yaml_syntax`. */
  code: string;
  /** Path of the file as the caller named it (relative to its skills directory when loaded from one). */
  file: string;
  /** Frontmatter field the problem concerns, or `file` / `frontmatter` / `body` for whole-part problems. */
  field: string;
  /** 1-based line in the file, when it can be known. */
  line?: number;
  message: string;
}

/** Which on-disk convention a skill file follows. */
export type SkillLayout = 'agent-skills' | 'flat';

/** A file shipped beside an Agent Skills `SKILL.md` (scripts/, references/, assets/ ...). */
export interface SkillFile {
  /** Path relative to the skill's folder, always with `/` separators. */
  path: string;
  size: number;
  sha256: string;
}

/** The typed view of a skill's frontmatter, with defaults applied. */
export interface SkillManifest {
  name: string;
  /** Normalised semantic version (`1.0` becomes `1.0.0`). */
  version: string;
  description: string;
  category: string;
  author: string | null;
  license: string | null;
  compatibility: string | null;
  requires_role: string | null;
  requires_tools: string[];
  allowed_tools: string[];
  dangerous: boolean;
  enabled: boolean;
  budget_max: number | null;
  metadata: Record<string, unknown>;
  /** Every frontmatter key as written, known and unknown alike. */
  frontmatter: Record<string, unknown>;
}

/** A skill file that passed validation. */
export interface ParsedSkill {
  manifest: SkillManifest;
  /** Markdown body without the frontmatter block. */
  body: string;
  /** `sha256:<hex>` of the raw file bytes. */
  contentHash: string;
  /** Warnings raised while parsing; errors never reach a ParsedSkill. */
  warnings: Diagnostic[];
}

export type ParseOutcome =
  | { ok: true; skill: ParsedSkill; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };
