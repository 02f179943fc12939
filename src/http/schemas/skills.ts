import { Type } from '@sinclair/typebox';
import { Diagnostic, Nullable } from './common.js';

const Source = Type.Union([Type.Literal('filesystem'), Type.Literal('config'), Type.Literal('hub')]);

export const SkillSummary = Type.Object(
  {
    name: Type.String(),
    version: Type.String({ description: 'Semantic version' }),
    category: Type.String(),
    description: Type.String(),
    requires_tools: Type.Array(Type.String()),
    requires_role: Nullable(Type.String()),
    dangerous: Type.Boolean(),
    enabled: Type.Boolean(),
    budget_max: Nullable(Type.Integer()),
    author: Nullable(Type.String()),
    source: Source,
  },
  { $id: 'SkillSummary' },
);

export const SkillFile = Type.Object(
  { path: Type.String(), size: Type.Integer(), sha256: Type.String() },
  { $id: 'SkillFile' },
);

export const SkillDetail = Type.Object(
  {
    skill: Type.Object({
      name: Type.String(),
      version: Type.String(),
      category: Type.String(),
      description: Type.String(),
      content: Type.String({ description: 'Markdown body without the frontmatter' }),
      requires_role: Nullable(Type.String()),
      requires_tools: Type.Array(Type.String()),
      dangerous: Type.Boolean(),
      enabled: Type.Boolean(),
      budget_max: Nullable(Type.Integer()),
      author: Nullable(Type.String()),
      license: Nullable(Type.String()),
      compatibility: Nullable(Type.String()),
      allowed_tools: Type.Array(Type.String()),
      metadata: Type.Object({}, { additionalProperties: true }),
      frontmatter: Type.Object({}, { additionalProperties: true, description: 'Every frontmatter key as written, unknown keys included' }),
      layout: Type.Union([Type.Literal('agent-skills'), Type.Literal('flat')]),
      files: Type.Array(Type.Ref(SkillFile)),
    }),
    metadata: Type.Object({
      source: Source,
      source_id: Type.String(),
      source_path: Type.String({ description: 'Path relative to its skills directory' }),
      content_hash: Type.String({ description: 'sha256:<hex> of the raw file' }),
      loaded_at: Type.String({ format: 'date-time' }),
      warnings: Type.Array(Type.Ref(Diagnostic)),
    }),
  },
  { $id: 'SkillDetail' },
);

export const SkillList = Type.Object({
  skills: Type.Array(Type.Ref(SkillSummary)),
  count: Type.Integer(),
  categories: Type.Array(Type.String(), { description: 'Every category in the catalog, sorted' }),
});

export const SkillVersions = Type.Object({
  name: Type.String(),
  versions: Type.Array(Type.Ref(SkillSummary), { description: 'Newest first' }),
  count: Type.Integer(),
});

export const LoadErrors = Type.Object({
  errors: Type.Array(
    Type.Object({
      source: Source,
      file: Type.String(),
      diagnostics: Type.Array(Type.Ref(Diagnostic)),
      serving_previous_version: Type.Boolean(),
      at: Type.String({ format: 'date-time' }),
    }),
  ),
  conflicts: Type.Array(Type.Object({}, { additionalProperties: true })),
  count: Type.Integer(),
  generation: Type.Integer(),
});

export const CategoryQuery = Type.Object(
  { category: Type.Optional(Type.String({ maxLength: 200, description: 'Only skills in this category' })) },
  { additionalProperties: false },
);

export const SkillRefParams = Type.Object({
  ref: Type.String({ description: 'Skill name, or name@version', maxLength: 300 }),
});

export const SkillNameParams = Type.Object({
  name: Type.String({ maxLength: 200 }),
});
