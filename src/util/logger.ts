import { pino, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** Where log lines go; standard output when not given. */
  destination?: NodeJS.WritableStream;
}

/**
 * Structured JSON logs. Header values that can carry credentials are redacted here, once, so no
 * route or plugin has to remember to.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'skillport' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'headers.authorization', 'headers["x-api-key"]'],
        censor: '[redacted]',
      },
    },
    options.destination ?? process.stdout,
  );
}
