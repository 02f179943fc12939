import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { visibleTo } from '../../auth/policy.js';
import type { Catalog } from '../../catalog/index.js';
import type { BackgroundProgress, QuarantineService, ScanJobService, ScanService } from '../../scanning/index.js';
import type { Finding } from '../../scanner/index.js';
import type { ScanJob as ScanJobRecord, ScanRecord as ScanRecordRow } from '../../store/index.js';
import { badRequest, skillNotFound } from '../../util/app-error.js';
import { actionContext } from '../plugins/access.js';
import { commonErrors, ErrorBody } from '../schemas/common.js';
import {
  CreateScanJobBody,
  JobListQuery,
  Override,
  OverrideBody,
  OverrideQuery,
  PutPolicyBody,
  QuarantinePolicy,
  ReScanBody,
  ScanContentBody,
  ScanContentResponse,
  ScanJob,
  ScanRecord,
  ScanResultsQuery,
} from '../schemas/scanning.js';

export interface ScanningDeps {
  catalog: Catalog;
  /** Background scan progress, for /skills/status. */
  progress: () => BackgroundProgress;
  scans: ScanService;
  jobs: ScanJobService;
  quarantine: QuarantineService;
}

/** Large enough for any skill the scanner accepts; larger bodies get a 413 that says the limit. */
const SCAN_CONTENT_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * Scanning and quarantine: checking content before it is saved, scan jobs over the catalog, the
 * quarantine policy and admin overrides, and each skill's scan history (docs/scanning.md).
 */
export const scanningRoutes: FastifyPluginAsyncTypebox<ScanningDeps> = async (app, { catalog, scans, jobs, quarantine }) => {
  const tags = ['scanning'];
  const admin = { access: { scope: 'skills:admin' as const } };
  const notFound = { 404: Type.Ref(ErrorBody) };

  app.post('/skills/scan-content', {
    config: { access: { scope: 'skills:write' } },
    bodyLimit: SCAN_CONTENT_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Scan SKILL.md content (and files) without storing it',
      description: 'What the scanner finds, and whether the current quarantine policy would block the content once saved.',
      body: ScanContentBody,
      response: { 200: ScanContentResponse, 413: Type.Ref(ErrorBody), ...commonErrors },
    },
  }, async (request) => {
    const { name, content, files } = request.body;
    const fileMap = Array.isArray(files) ? Object.fromEntries(files.map((file) => [file.path, file.content])) : (files ?? {});
    if (Array.isArray(files) && Object.keys(fileMap).length !== files.length) throw badRequest('files names the same path twice');
    const { result, decision } = await scans.scanContent(name, content, fileMap);
    return {
      passed: result.verdict === 'passed',
      blocked: !decision.runnable,
      scan_status: result.verdict,
      max_severity: result.max_severity,
      blocked_reason: decision.blocked_reason,
      summary: {
        verdict: result.verdict,
        counts: result.counts,
        total: result.findings.length,
        errors: result.errors,
        rule_pack_version: result.rule_pack_version,
        duration_ms: result.duration_ms,
      },
      findings: result.findings,
    };
  });

  app.get('/api/skills/quarantine-policy', {
    config: { access: { scope: 'skills:read' } },
    schema: { tags, summary: 'The effective quarantine policy', response: { 200: QuarantinePolicy, ...commonErrors } },
  }, async () => quarantine.policy());

  app.put('/api/skills/quarantine-policy', {
    config: admin,
    schema: {
      tags,
      summary: 'Change the quarantine policy (admin; audit-logged)',
      description: 'Send any of the policy fields; those left out keep their value. The change applies to the catalog and to runs at once.',
      body: PutPolicyBody,
      response: { 200: QuarantinePolicy, ...commonErrors },
    },
  }, async (request) => quarantine.putPolicy(actionContext(request), request.body as Record<string, unknown>));

  app.get('/api/skills/scan-override', {
    config: admin,
    schema: { tags, summary: 'List admin overrides of the quarantine policy', response: { 200: Type.Object({ overrides: Type.Array(Override), count: Type.Integer() }), ...commonErrors } },
  }, async () => {
    const overrides = quarantine.overrides();
    return { overrides, count: overrides.length };
  });

  app.post('/api/skills/scan-override', {
    config: admin,
    schema: {
      tags,
      summary: 'Let one skill version run despite its scan (admin; audit-logged)',
      description: 'Name the skill by `skill_id`, or by `name` (and `version`; else the version the name resolves to). The override covers that exact content: a later change needs a new review.',
      body: OverrideBody,
      response: { 201: Override, ...notFound, ...commonErrors },
    },
  }, async (request, reply) => reply.code(201).send(await quarantine.addOverride(actionContext(request), request.body)));

  app.delete('/api/skills/scan-override', {
    config: admin,
    schema: {
      tags,
      summary: 'Remove an override (admin; audit-logged)',
      description: 'By override `id`, or by the skill it covers (`skill_id`, or `name` and optional `version`).',
      querystring: OverrideQuery,
      response: { 200: Override, ...notFound, ...commonErrors },
    },
  }, async (request) => quarantine.removeOverride(actionContext(request), request.query));

  app.post('/api/skills/scan-jobs', {
    config: admin,
    schema: {
      tags,
      summary: 'Start a scan job over the catalog, one hub or one source',
      body: CreateScanJobBody,
      response: { 202: ScanJob, ...notFound, ...commonErrors },
    },
  }, async (request, reply) => {
    const job = await jobs.create(actionContext(request), request.body);
    return reply.code(202).header('location', `/api/skills/scan-jobs/${job.id}`).send(jobView(job));
  });

  app.get('/api/skills/scan-jobs', {
    config: admin,
    schema: { tags, summary: 'List scan jobs, newest first', querystring: JobListQuery, response: { 200: Type.Object({ jobs: Type.Array(ScanJob), count: Type.Integer() }), ...commonErrors } },
  }, async (request) => {
    const list = await jobs.list({ limit: request.query.limit ?? 50, status: request.query.status as ScanJobRecord['status'] | undefined });
    return { jobs: list.map(jobView), count: list.length };
  });

  app.get('/api/skills/scan-jobs/:id', {
    config: admin,
    schema: { tags, summary: 'A scan job: status, progress and summary', params: Type.Object({ id: Type.String({ maxLength: 100 }) }), response: { 200: ScanJob, ...notFound, ...commonErrors } },
  }, async (request) => jobView(await jobs.get(request.params.id)));

  app.post('/api/skills/scan-jobs/:id/cancel', {
    config: admin,
    schema: {
      tags,
      summary: 'Cancel a queued or running scan job',
      params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
      response: { 200: ScanJob, ...notFound, 409: Type.Ref(ErrorBody), ...commonErrors },
    },
  }, async (request) => jobView(await jobs.cancel(actionContext(request), request.params.id)));

  app.post('/api/skills/re-scan', {
    config: admin,
    schema: {
      tags,
      summary: 'Scan skills again with the current rules; starts a scan job and returns it',
      description: 'Exactly one of `names`, `ids`, `hub_id` or `all: true`.',
      body: ReScanBody,
      response: { 202: ScanJob, ...notFound, ...commonErrors },
    },
  }, async (request, reply) => {
    const { names, ids, hub_id, all } = request.body;
    const chosen = [names, ids, hub_id, all === true ? true : undefined].filter((value) => value !== undefined).length;
    if (chosen !== 1) throw badRequest('Say what to scan with exactly one of: names, ids, hub_id, or all: true');
    const ctx = actionContext(request);
    const job = hub_id !== undefined ? await jobs.create(ctx, { kind: 'hub', hub_id }) : await jobs.create(ctx, { kind: 'catalog', names, ids });
    return reply.code(202).header('location', `/api/skills/scan-jobs/${job.id}`).send(jobView(job));
  });

  app.get('/api/skills/scan-results', {
    config: { access: { scope: 'skills:read' } },
    schema: {
      tags,
      summary: "A skill's scan results, newest first, with the policy's decision for the version a name resolves to",
      querystring: ScanResultsQuery,
      response: {
        200: Type.Object({
          name: Type.String(),
          version: Type.String(),
          scan_status: Type.String(),
          runnable: Type.Boolean(),
          blocked_reason: Type.Union([Type.String(), Type.Null()]),
          quarantine_note: Type.Union([Type.String(), Type.Null()]),
          results: Type.Array(ScanRecord),
        }),
        ...notFound,
        ...commonErrors,
      },
    },
  }, async (request) => {
    const { name, version, limit } = request.query;
    const snapshot = catalog.snapshot();
    const visible = visibleTo(request.principal);
    const entry = version !== undefined ? snapshot.resolveExact(name, version, visible) : snapshot.resolve(name, visible);
    if (!entry) throw skillNotFound();
    const decision = scans.state.decisionFor(entry);
    // Only results of versions the caller can see; the names are the same, the versions may not be.
    const seen = new Set((snapshot.versions(name, visible) ?? []).map((candidate) => candidate.version));
    const results = (await scans.history(name, limit ?? 20)).filter((result) => seen.has(result.version));
    return {
      name: entry.name,
      version: entry.version,
      scan_status: decision.scan_status,
      runnable: decision.runnable,
      blocked_reason: decision.blocked_reason,
      quarantine_note: decision.note,
      results: results.map(recordView),
    };
  });
};

function jobView(job: ScanJobRecord) {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    params: job.params,
    progress: { total: job.total, done: job.done },
    started_at: job.started_at,
    finished_at: job.finished_at,
    error: job.error,
    summary: { passed: job.passed, flagged: job.flagged, error: job.errored },
    cancel_requested: job.cancel_requested,
    attempts: job.attempts,
    created_by: job.created_by,
    created_at: job.created_at,
  };
}

function recordView(record: ScanRecordRow) {
  const { id: _id, source: _source, findings, ...rest } = record;
  return { ...rest, findings: findings as unknown as Finding[] };
}
