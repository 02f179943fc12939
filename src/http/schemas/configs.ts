import { Type } from '@sinclair/typebox';
import { Nullable } from './common.js';

const Visibility = Type.Union([Type.Literal('private'), Type.Literal('team'), Type.Literal('global')]);

export const SkillTask = Type.Object(
  {
    display_text: Type.String({ minLength: 1, maxLength: 500 }),
    llm_prompt: Type.String({ maxLength: 20_000 }),
    subagent: Type.String({ maxLength: 200 }),
  },
  { additionalProperties: false },
);

/** The seed's AgentSkill. */
export const AgentSkill = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    category: Type.String(),
    version: Type.String(),
    tasks: Type.Array(SkillTask),
    skill_content: Type.String(),
    metadata: Type.Object({}, { additionalProperties: true }),
    visibility: Visibility,
    shared_with_teams: Type.Array(Type.String()),
    owner_id: Type.String(),
    is_system: Type.Boolean(),
    template_source_id: Nullable(Type.String()),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
    revision: Type.Integer(),
    scan_status: Type.String(),
    scan_summary: Nullable(Type.Object({}, { additionalProperties: true })),
    ancillary_files: Type.Record(Type.String(), Type.String()),
  },
  { $id: 'AgentSkill' },
);

const inputFields = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  version: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  tasks: Type.Optional(Type.Array(SkillTask, { maxItems: 100 })),
  skill_content: Type.Optional(Type.String({ description: 'A full SKILL.md (frontmatter and body), at most 1 MB' })),
  metadata: Type.Optional(Type.Object({}, { additionalProperties: true })),
  visibility: Type.Optional(Visibility),
  shared_with_teams: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })),
  ancillary_files: Type.Optional(Type.Record(Type.String({ maxLength: 300 }), Type.String(), { description: 'path → text, e.g. references/notes.md' })),
};

/** The seed's CreateAgentSkillInput. */
export const CreateConfigBody = Type.Object(inputFields, { additionalProperties: false });

/** The seed's UpdateAgentSkillInput. */
export const UpdateConfigBody = Type.Object(
  {
    ...inputFields,
    id: Type.Optional(Type.String({ maxLength: 200 })),
    owner_id: Type.Optional(Type.String({ maxLength: 200 })),
    updated_at: Type.Optional(Type.String({ description: 'The updated_at you read; a newer stored one means a stale write (409)' })),
  },
  { additionalProperties: false },
);

export const ConfigListQuery = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 200 })),
    category: Type.Optional(Type.String({ maxLength: 100 })),
    visibility: Type.Optional(Visibility),
    owner_id: Type.Optional(Type.String({ maxLength: 200 })),
    team: Type.Optional(Type.String({ maxLength: 64 })),
    is_system: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const ConfigIdQuery = Type.Object({ id: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
export const RequiredIdQuery = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const Revision = Type.Object({
  config_id: Type.String(),
  revision: Type.Integer(),
  version: Type.String(),
  action: Type.String(),
  actor_id: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  config: Type.Ref(AgentSkill),
});

export const RestoreBody = Type.Object({ id: Type.String({ maxLength: 200 }), revision: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
