import { Type } from '@sinclair/typebox';
import { FINDING_CONTEXTS } from '../../scanner/index.js';
import { Nullable } from './common.js';

const Severity = Type.Union(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'].map((s) => Type.Literal(s)));
export const ScanStatus = Type.Union([Type.Literal('passed'), Type.Literal('flagged'), Type.Literal('unscanned'), Type.Literal('error')]);

export const Finding = Type.Object(
  {
    rule_id: Type.String(),
    category: Type.String(),
    severity: Severity,
    title: Type.String(),
    message: Type.String(),
    file_path: Type.String(),
    line: Type.Integer(),
    column: Type.Integer(),
    snippet: Type.String(),
    remediation: Type.String(),
    context: Type.Optional(
      Type.Union(FINDING_CONTEXTS.map((c) => Type.Literal(c)), {
        description: 'Present when the finding is reported below its rule\'s severity because the text documents the attack rather than asking for it: `negated` (the text says not to do it), `described-attack` (it describes or searches for an attack), `detection-skill` (no instruction around it, in a skill whose declared purpose is detection or teaching). A CRITICAL rule is never reported below MEDIUM.',
      }),
    ),
    policy_severity_from: Type.Optional(Severity),
    source: Type.Optional(Type.Literal('external', { description: 'A finding of the external analyzer (SKILLPORT_SCANNER_EXTERNAL_URL)' })),
  },
  { additionalProperties: true },
);

const Counts = Type.Record(Type.String(), Type.Integer(), { description: 'Findings per severity' });

export const ScanContentBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'Skill name, used in messages' }),
    content: Type.String({ description: 'The full SKILL.md, frontmatter included' }),
    files: Type.Optional(
      Type.Union([
        Type.Record(Type.String(), Type.String(), { description: 'Files beside SKILL.md: path → text' }),
        Type.Array(Type.Object({ path: Type.String({ minLength: 1, maxLength: 300 }), content: Type.String() }, { additionalProperties: false }), { maxItems: 200 }),
      ]),
    ),
  },
  { additionalProperties: false },
);

export const ScanContentResponse = Type.Object({
  passed: Type.Boolean({ description: 'No finding at MEDIUM or above, and the scan completed' }),
  blocked: Type.Boolean({ description: 'The quarantine policy would block this content if it were saved as it is' }),
  scan_status: ScanStatus,
  max_severity: Nullable(Severity),
  blocked_reason: Nullable(Type.String()),
  summary: Type.Object({ verdict: Type.String(), counts: Counts, total: Type.Integer(), errors: Type.Array(Type.String()), rule_pack_version: Type.String(), duration_ms: Type.Number() }),
  findings: Type.Array(Finding),
});

export const ScanJobKind = Type.Union([Type.Literal('catalog'), Type.Literal('hub'), Type.Literal('source')]);
const JobStatus = Type.Union(['queued', 'running', 'succeeded', 'failed', 'cancelled'].map((s) => Type.Literal(s)));
const Names = Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { minItems: 1, maxItems: 1000 });

export const CreateScanJobBody = Type.Object(
  {
    kind: ScanJobKind,
    hub_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'filesystem, config or hub (kind "source")' })),
    names: Type.Optional(Names),
  },
  { additionalProperties: false },
);

export const ReScanBody = Type.Object(
  {
    names: Type.Optional(Names),
    ids: Type.Optional(Names),
    hub_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    all: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ScanJob = Type.Object({
  id: Type.String(),
  kind: ScanJobKind,
  status: JobStatus,
  params: Type.Object({}, { additionalProperties: true }),
  progress: Type.Object({ total: Type.Integer(), done: Type.Integer() }),
  started_at: Nullable(Type.String({ format: 'date-time' })),
  finished_at: Nullable(Type.String({ format: 'date-time' })),
  error: Nullable(Type.String()),
  summary: Type.Object({ passed: Type.Integer(), flagged: Type.Integer(), error: Type.Integer() }),
  cancel_requested: Type.Boolean(),
  attempts: Type.Integer({ description: 'More than 1 when the job was resumed after a restart' }),
  created_by: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
});

export const JobListQuery = Type.Object(
  { status: Type.Optional(JobStatus), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  { additionalProperties: false },
);

export const QuarantinePolicy = Type.Object({
  mode: Type.Union([Type.Literal('off'), Type.Literal('warn'), Type.Literal('block')]),
  block_at: Type.Union([Type.Literal('CRITICAL'), Type.Literal('HIGH'), Type.Literal('MEDIUM')]),
  unscanned: Type.Union([Type.Literal('allow'), Type.Literal('warn'), Type.Literal('block')]),
  exclude_flagged_from_catalog: Type.Boolean(),
  allow_list_skill_ids: Type.Array(Type.String()),
  rules: Type.Record(
    Type.String(),
    Type.Object({ disabled: Type.Optional(Type.Boolean()), severity: Type.Optional(Severity) }),
    { description: 'Per rule id: turned off (`disabled: true`) or reported at another `severity`. Changing them scans the catalog again.' },
  ),
  updated_at: Nullable(Type.String({ format: 'date-time' })),
  updated_by: Nullable(Type.String()),
});

/** Fields left out keep their current value; checked by the service so messages say what to send. */
export const PutPolicyBody = Type.Object({}, { additionalProperties: true, description: 'Any of the policy fields; those left out are unchanged' });

export const OverrideBody = Type.Object(
  {
    skill_id: Type.Optional(Type.String({ minLength: 1, maxLength: 400, description: 'Catalog id (source:source_id)' })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    version: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    expires_at: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);

export const OverrideQuery = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    skill_id: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    version: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const Override = Type.Object({
  id: Type.String(),
  skill_id: Type.String(),
  name: Type.String(),
  version: Type.String(),
  digest: Type.String({ description: 'The content approved; a changed skill needs a new override' }),
  reason: Type.String(),
  created_by: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  expires_at: Nullable(Type.String({ format: 'date-time' })),
});

export const ScanResultsQuery = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), version: Type.Optional(Type.String({ maxLength: 100 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
  { additionalProperties: false },
);

export const ScanRecord = Type.Object({
  skill_id: Type.String(),
  name: Type.String(),
  version: Type.String(),
  digest: Type.String(),
  verdict: Type.String(),
  max_severity: Nullable(Type.String()),
  counts: Counts,
  errors: Type.Array(Type.String()),
  rule_pack_version: Type.String(),
  trigger: Type.String(),
  job_id: Nullable(Type.String()),
  scanned_at: Type.String({ format: 'date-time' }),
  findings: Type.Array(Finding),
});
