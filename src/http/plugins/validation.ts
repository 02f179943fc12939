import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';

const withoutUnicodeNotice = {
  log: console.log,
  error: console.error,
  warn: (message: unknown, ...rest: unknown[]) => {
    if (!String(message).startsWith('DEPRECATED: option unicode')) console.warn(message, ...rest);
  },
};

const COMMON: Options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false };

/**
 * Two validators: query strings, params and headers arrive as text, so their numbers and
 * booleans are coerced; JSON bodies are checked as sent, so `"5"` is not a number and `"true"`
 * is not a boolean.
 */
export function registerValidation(app: FastifyInstance): void {
  // Lengths in URL parts and headers are bounds against abuse, not user-facing counts: measuring
  // them in UTF-16 units spares every request a walk over each string to count code points. Ajv
  // calls the option deprecated but honours it; its notice is the one line not passed on.
  const text = addFormats.default(new Ajv({ ...COMMON, coerceTypes: 'array', unicode: false, logger: withoutUnicodeNotice }));
  const json = addFormats.default(new Ajv({ ...COMMON, coerceTypes: false }));
  app.setValidatorCompiler<FastifySchema>(({ schema, httpPart }) => {
    // Shared schemas ($ref targets) must be known to whichever validator compiles the route.
    const ajv = httpPart === 'body' ? json : text;
    for (const shared of Object.values(app.getSchemas()) as Array<{ $id: string }>) {
      if (!ajv.getSchema(shared.$id)) ajv.addSchema(shared);
    }
    return ajv.compile(schema) as never;
  });
}
