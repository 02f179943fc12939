import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Everything the server reads from its environment, validated once at start. */
export interface Config {
  host: string;
  port: number;
  /** Where Skillport keeps its state (database, caches). */
  dataDir: string;
  /** Skills directories, searched in order. */
  skillsPaths: string[];
  /** Watch the skills directories and apply changes without a restart. */
  watch: boolean;
  logLevel: string;
  /** Largest skill file loaded, in bytes. */
  maxSkillBytes: number;
}

/** The folder that holds package.json, whether running from src/ (tsx) or dist/ (compiled). */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const EXAMPLE_SKILLS_DIR = path.join(PACKAGE_ROOT, 'examples', 'skills');

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const config: Config = {
    host: env.SKILLPORT_HOST || '127.0.0.1',
    port: parseInteger('SKILLPORT_PORT', env.SKILLPORT_PORT, 8080, 0, 65535),
    dataDir: path.resolve(env.SKILLPORT_DATA_DIR || 'data'),
    skillsPaths: (env.SKILLPORT_SKILLS_PATH || EXAMPLE_SKILLS_DIR)
      .split(':')
      .filter((dir) => dir.trim() !== '')
      .map((dir) => path.resolve(dir)),
    watch: parseBoolean('SKILLPORT_WATCH', env.SKILLPORT_WATCH, true),
    logLevel: env.SKILLPORT_LOG_LEVEL || 'info',
    maxSkillBytes: parseInteger('SKILLPORT_MAX_SKILL_BYTES', env.SKILLPORT_MAX_SKILL_BYTES, 2 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    ...overrides,
  };
  if (!LOG_LEVELS.has(config.logLevel)) {
    throw new ConfigError(`SKILLPORT_LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}, not "${config.logLevel}"`);
  }
  return config;
}

function parseInteger(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return parsed;
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false, not "${value}"`);
}
