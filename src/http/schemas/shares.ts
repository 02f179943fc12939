import { Type } from '@sinclair/typebox';
import { Nullable } from './common.js';

export const Share = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String({ description: 'Characters 5 to 12 of the token (after shr_), to recognise it' }),
    kind: Type.Union([Type.Literal('team'), Type.Literal('skills'), Type.Literal('all')], {
      description: "team: what a member of the team sees; skills: only the named skills; all: everything the creator may read (never with admin rights)",
    }),
    team_id: Nullable(Type.String()),
    team: Nullable(Type.String()),
    skills: Type.Array(Type.String()),
    created_by: Type.String(),
    created_at: Type.String({ format: 'date-time' }),
    expires_at: Nullable(Type.String({ format: 'date-time' })),
    revoked_at: Nullable(Type.String({ format: 'date-time' })),
    status: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
  },
  { $id: 'Share' },
);

export const CreateShareBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    team: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Share what a member of this team sees (id or name)' })),
    skills: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 200, description: 'Share only these skills' })),
    expires_in: Type.Optional(Type.String({ maxLength: 32, description: '30d, 12h, 90m or seconds; never expires when left out' })),
  },
  { additionalProperties: false },
);

export const CreatedShare = Type.Object({
  token: Type.String({ description: 'shr_ + 64 hex; shown once' }),
  url: Type.String({ description: 'The share base URL: give it to `npx skills add`' }),
  index_url: Type.String(),
  commands: Type.Object({ skills_cli: Type.String(), install_sh: Type.String() }),
  share: Type.Ref(Share),
});
