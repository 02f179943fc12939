import { AppError } from '../util/app-error.js';

/** The errors a task submission can meet, worded as the versioned skills API documents them. */

/** Also the answer for a skill the caller may not see, so that its existence does not leak. */
export const unknownSkill = (ref: string) => new AppError(400, 'unknown_skill', `Unknown skill: ${ref}`);

export const skillDisabled = (ref: string) => new AppError(400, 'skill_disabled', `Skill ${ref} is disabled`);

export const dangerousSkillForbidden = (ref: string) =>
  new AppError(403, 'dangerous_skill_forbidden', `Skill ${ref} is marked dangerous and requires admin/owner role or skills:dangerous scope`, {
    missing_permission: 'skills:dangerous',
  });

/** The gate's reason is a sentence written for the caller, so it is the message as it stands. */
export const skillQuarantined = (ref: string, reason: string) => new AppError(403, 'skill_quarantined', reason, { skill: ref });

export const noModelProvider = () =>
  new AppError(503, 'no_model_provider', 'No model provider is configured: set SKILLPORT_MODEL_BASE_URL (and SKILLPORT_MODEL) to run tasks, or send "dry_run": true to see the expansion');

export const noModel = () =>
  new AppError(400, 'model_required', 'No model named: send "model", or set SKILLPORT_MODEL on the server');

export const modelNotAllowed = (model: string, allowed: readonly string[]) =>
  new AppError(400, 'model_not_allowed', `Model ${model} is not allowed here; use one of: ${allowed.join(', ')}`, { allowed_models: allowed });

export const taskNotFound = () => new AppError(404, 'task_not_found', 'Task not found');

export const taskFinished = (status: string) => new AppError(409, 'task_finished', `Task already finished (${status}); nothing to cancel`, { status });

export const tooManyQueued = () =>
  new AppError(503, 'task_queue_full', 'Too many tasks are waiting on this node; try again later', {}, { 'retry-after': '5' });
