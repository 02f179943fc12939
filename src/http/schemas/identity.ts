import { Type } from '@sinclair/typebox';
import { SCOPES } from '../../auth/scopes.js';
import { Nullable } from './common.js';

const RoleSchema = Type.Union([Type.Literal('viewer'), Type.Literal('member'), Type.Literal('admin'), Type.Literal('owner')]);
const ScopeSchema = Type.Union(SCOPES.map((s) => Type.Literal(s)));

export const User = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    email: Nullable(Type.String()),
    role: RoleSchema,
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'User' },
);

export const Team = Type.Object(
  { id: Type.String(), name: Type.String(), description: Type.String(), created_at: Type.String({ format: 'date-time' }) },
  { $id: 'Team' },
);

export const ApiKey = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String({ description: 'First 8 hex characters after sk_, to recognise the key' }),
    user_id: Type.String(),
    role: RoleSchema,
    scopes: Type.Array(Type.String(), { description: 'Empty: the role defaults' }),
    teams: Type.Array(Type.String(), { description: "Empty: the user's teams" }),
    expires_at: Nullable(Type.String({ format: 'date-time' })),
    last_used_at: Nullable(Type.String({ format: 'date-time' })),
    revoked_at: Nullable(Type.String({ format: 'date-time' })),
    created_at: Type.String({ format: 'date-time' }),
    created_by: Nullable(Type.String()),
    status: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
  },
  { $id: 'ApiKey' },
);

export const CreateKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    user_id: Type.Optional(Type.String({ maxLength: 64 })),
    role: Type.Optional(RoleSchema),
    scopes: Type.Optional(Type.Array(ScopeSchema, { maxItems: 20 })),
    teams: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })),
    expires_in: Type.Optional(Type.String({ maxLength: 20, description: 'e.g. 30d, 12h, 90m, or seconds' })),
  },
  { additionalProperties: false },
);

export const CreateUserBody = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 64 })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
    role: RoleSchema,
  },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
    role: Type.Optional(RoleSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CreateTeamBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64 }), description: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const AddMemberBody = Type.Object({ user_id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const IdParams = Type.Object({ id: Type.String({ maxLength: 200 }) });

export const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String({ format: 'date-time' }),
    actor_id: Nullable(Type.String()),
    actor_kind: Type.String(),
    action: Type.String(),
    resource_type: Type.String(),
    resource_id: Nullable(Type.String()),
    outcome: Type.String(),
    ip: Nullable(Type.String()),
    request_id: Nullable(Type.String()),
    details: Type.Object({}, { additionalProperties: true }),
  },
  { $id: 'AuditEntry' },
);

export const AuditQuery = Type.Object(
  {
    actor_id: Type.Optional(Type.String({ maxLength: 200 })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    resource_type: Type.Optional(Type.String({ maxLength: 100 })),
    resource_id: Type.Optional(Type.String({ maxLength: 200 })),
    outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('denied'), Type.Literal('failure')])),
    since: Type.Optional(Type.String({ format: 'date-time' })),
    until: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 100, description: 'next_cursor from the previous page' })),
  },
  { additionalProperties: false },
);
