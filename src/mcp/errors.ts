import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import { AppError } from '../util/app-error.js';

/** An error's message with the hint that says what to do about it. */
export function explain(err: AppError, subject?: string): string {
  if (err.code === 'skill_not_found') {
    return `No skill ${subject ? JSON.stringify(subject) + ' ' : ''}is visible to you. Check the spelling (and the version after @), or find skills with search_skills or list_skills.`;
  }
  const hint = typeof err.extra.message === 'string' ? ` ${err.extra.message}` : '';
  return `${err.message}.${hint}`.replace(/\.\./g, '.');
}

/**
 * What a protocol method (resources, prompts, the skills extension) raises: the caller's
 * mistakes, unknown skills and files, and quarantined skills are Invalid params (-32602), as the
 * Resources specification and SEP-2640 have them, with the reason in the message.
 */
export function protocolError(err: unknown, subject?: string): never {
  if (err instanceof McpError) throw err;
  if (err instanceof AppError) {
    throw new McpError(err.statusCode < 500 ? ErrorCode.InvalidParams : ErrorCode.InternalError, explain(err, subject), { code: err.code });
  }
  throw err;
}

/** What a tool reports: the same message, for the tool error result the SDK builds from it. */
export function toolError(err: unknown, subject?: string): never {
  if (err instanceof AppError) throw new Error(explain(err, subject));
  throw err;
}

/** Reads a method's params with a schema; a mismatch is Invalid params naming the field. */
export function readParams<T extends z.ZodType>(method: string, schema: T, params: unknown): z.infer<T> {
  const result = schema.safeParse(params ?? {});
  if (result.success) return result.data;
  throw new McpError(ErrorCode.InvalidParams, `Invalid params for ${method}: ${z.prettifyError(result.error).replace(/\n+/g, '; ')}`);
}

/** Any request of one method, with its params checked by the handler (so the message is ours). */
export function methodSchema<M extends string>(method: M) {
  return z.object({ method: z.literal(method), params: z.unknown().optional() });
}

export const invalidParams = (message: string) => new McpError(ErrorCode.InvalidParams, message);
