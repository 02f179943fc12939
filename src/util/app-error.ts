/**
 * An error meant for the caller, raised by services and turned into a response by the HTTP layer
 * (or a message by the CLI). `error` stays a human string (seed clients read it), `code` is
 * the stable machine-readable name, and `extra` adds fields such as `replacement` or `details`.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const skillNotFound = () => new AppError(404, 'skill_not_found', 'Skill not found');

export const badRequest = (message: string, extra: Record<string, unknown> = {}) => new AppError(400, 'invalid_request', message, extra);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (message: string) => new AppError(409, 'conflict', message);
