import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { isAdmin } from '../../auth/policy.js';
import type { ImportService } from '../../imports/import-service.js';
import type { ImportJobRecord } from '../../store/index.js';
import { AppError } from '../../util/app-error.js';
import { actionContext } from '../plugins/access.js';
import { commonErrors, ErrorBody } from '../schemas/common.js';
import { ImportBody, ImportGitHubBody, ImportGitHubResponse, ImportResult } from '../schemas/imports.js';

/** Bringing skills in from git (docs/importing.md): files for an editor, and whole-repository imports as jobs. */
export const importRoutes: FastifyPluginAsyncTypebox<{ imports: ImportService }> = async (app, { imports }) => {
  const tags = ['imports'];
  const write = { access: { scope: 'skills:write' as const } };
  const errors = { ...commonErrors, 403: Type.Ref(ErrorBody), 404: Type.Ref(ErrorBody), 413: Type.Ref(ErrorBody), 422: Type.Ref(ErrorBody) };

  app.post('/api/skills/import-github', {
    config: write,
    schema: {
      tags,
      summary: 'Read files from a repository, to attach to a stored skill as ancillary_files; nothing is stored',
      description: 'GitHub shorthand or URL (through the GitHub API), or any git host over HTTPS. Text files are returned inline, binary ones listed with size and digest.',
      body: ImportGitHubBody,
      response: { 200: ImportGitHubResponse, ...errors },
    },
  }, async (request) => imports.readFiles(request.body));

  app.post('/api/skills/import', {
    config: write,
    schema: {
      tags,
      summary: 'Import every skill of a repository as stored skills (a job; poll it, or send wait: true)',
      description: 'Both layouts, found as the directory source finds them; each skill validated and scanned before anything is stored, with its origin (repository, commit, path) kept in metadata.origin. The same commit imports nothing new. dry_run stores nothing.',
      body: ImportBody,
      response: { 200: ImportResult, 202: Type.Ref('ImportJob'), ...errors },
    },
  }, async (request, reply) => {
    const { wait, ...input } = request.body;
    const { job, done } = await imports.startImport(actionContext(request), input);
    if (!wait) return reply.code(202).header('location', `/api/skills/import-jobs/${job.id}`).send(view(job));
    await done;
    const finished = await imports.job(job.id);
    if (finished.status === 'failed') throw jobError(finished);
    return reply.code(200).send(finished.result as never);
  });

  app.get('/api/skills/import-jobs/:id', {
    config: write,
    schema: {
      tags,
      summary: 'An import job: its progress (files, skills found, done), then its result or error',
      params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
      response: { 200: Type.Ref('ImportJob'), ...errors },
    },
  }, async (request) => {
    const job = await imports.job(request.params.id);
    // Someone else's import is reported as missing, as a config is.
    if (job.created_by !== request.principal.id && !isAdmin(request.principal)) throw new AppError(404, 'import_job_not_found', 'Import job not found');
    return view(job);
  });
};

function view(job: ImportJobRecord) {
  const { node_id: _node, ...rest } = job;
  return rest;
}

/** A failed job's error as the 4xx it would have been had the import run within the request. */
function jobError(job: ImportJobRecord): AppError {
  const status = typeof job.result?.status === 'number' ? job.result.status : 500;
  const { status: _status, ...extra } = job.result ?? {};
  if (status >= 500) return new AppError(500, job.error_code ?? 'internal_error', job.error ?? 'the import failed');
  return new AppError(status, job.error_code ?? 'import_failed', job.error ?? 'the import failed', { job_id: job.id, ...extra });
}

