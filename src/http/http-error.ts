/**
 * An error meant for the caller. `error` stays a human string (seed clients read it), `code` is
 * the stable machine-readable name, and `extra` adds fields such as `replacement` or `details`.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const skillNotFound = () => new HttpError(404, 'skill_not_found', 'Skill not found');
