import { Type } from '@sinclair/typebox';
import { Nullable } from './common.js';

const Status = Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('cancelled')], {
  description: 'queued → running → succeeded | failed | cancelled',
});
const AnyObject = Type.Object({}, { additionalProperties: true });

export const TaskBody = Type.Object(
  {
    query: Type.String({ minLength: 1, maxLength: 100_000, description: 'What to do' }),
    skill: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: '`name` (its highest enabled version) or `name@version`' })),
    session_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Earlier succeeded tasks of yours with this id are sent as conversation history' })),
    context: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Facts for the model, sent as JSON after the query (at most 64 KB)' })),
    system_prompt: Type.Optional(Type.String({ maxLength: 200_000, description: 'Used without a skill; a skill replaces it with its own body' })),
    budget_max: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Most tokens the model may write; the lower of this and the skill\'s budget applies' })),
    model: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Overrides SKILLPORT_MODEL' })),
    stream: Type.Optional(Type.Boolean({ description: 'Answer with the task\'s events (text/event-stream) instead of 202' })),
    dry_run: Type.Optional(Type.Boolean({ description: 'Return the expansion and the model request without running anything' })),
  },
  { additionalProperties: false },
);

export const Expansion = Type.Object({
  system_prompt: Nullable(Type.String()),
  role: Nullable(Type.String()),
  tools: Type.Array(Type.String()),
  budget_max: Nullable(Type.Integer()),
  model: Nullable(Type.String()),
});

const Usage = Type.Object({ prompt_tokens: Type.Integer(), completion_tokens: Type.Integer(), total_tokens: Type.Integer() });

export const TaskSubmitted = Type.Object({
  task_id: Type.String(),
  status: Status,
  message: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  skill: Nullable(Type.String()),
  skill_version: Nullable(Type.String()),
});

const taskFields = {
  task_id: Type.String(),
  status: Status,
  query: Type.String(),
  skill: Nullable(Type.String()),
  skill_version: Nullable(Type.String()),
  skill_source: Nullable(Type.String()),
  dangerous: Type.Boolean(),
  authority: Nullable(Type.String({ description: 'What allowed a dangerous skill: role:admin, role:owner or scope:skills:dangerous' })),
  session_id: Nullable(Type.String()),
  usage: Nullable(Usage),
  finish_reason: Nullable(Type.String({ description: '`length` when the budget cut the answer short' })),
  error: Nullable(Type.String()),
  error_code: Nullable(Type.String()),
  owner_id: Nullable(Type.String()),
  cancel_requested: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }),
  started_at: Nullable(Type.String({ format: 'date-time' })),
  finished_at: Nullable(Type.String({ format: 'date-time' })),
};

export const TaskDetail = Type.Object({
  ...taskFields,
  context: Nullable(AnyObject),
  expansion: Expansion,
  result: Type.String({ description: 'The model\'s answer (so far, for a cancelled or failed task)' }),
});

export const TaskSummary = Type.Object({ ...taskFields, model: Nullable(Type.String()) });

export const TaskList = Type.Object({
  tasks: Type.Array(TaskSummary, { description: 'Newest first' }),
  count: Type.Integer(),
  next_cursor: Nullable(Type.String()),
});

export const DryRun = Type.Object({
  dry_run: Type.Literal(true),
  status: Type.Literal('dry_run'),
  skill: Nullable(Type.String()),
  skill_version: Nullable(Type.String()),
  skill_source: Nullable(Type.String()),
  dangerous: Type.Boolean(),
  authority: Nullable(Type.String()),
  expansion: Expansion,
  request: Type.Object({
    model: Nullable(Type.String()),
    messages: Type.Array(Type.Object({ role: Type.String(), content: Type.String() })),
    max_tokens: Nullable(Type.Integer()),
  }),
});

export const TaskIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const TaskListQuery = Type.Object(
  {
    status: Type.Optional(Status),
    skill: Type.Optional(Type.String({ maxLength: 200 })),
    session_id: Type.Optional(Type.String({ maxLength: 200 })),
    owner_id: Type.Optional(Type.String({ maxLength: 200, description: 'Admins: one caller\'s tasks' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const TaskEventsQuery = Type.Object(
  { last_event_id: Type.Optional(Type.Integer({ minimum: 0, description: 'Resume after this event; the Last-Event-ID header wins' })) },
  { additionalProperties: false },
);
