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
  /** `postgres://...` for PostgreSQL; unset for the embedded SQLite file under dataDir. */
  databaseUrl: string | undefined;
  /** Let anonymous callers read global skills. */
  publicRead: boolean;
  /** Owner key to create on first start instead of a generated one. */
  bootstrapKey: string | undefined;
  oidc: OidcConfig | undefined;
  /** Requests per minute per caller; 0 turns rate limiting off. */
  rateLimitPerMinute: number;
  /** Import the packaged templates on a start that finds them missing. */
  autoSeed: boolean;
  /** Delay before a webhook's first retry, doubled for each next one. */
  webhookRetryBaseMs: number;
  /** Heartbeat interval of the event stream. */
  sseHeartbeatMs: number;
}

export interface OidcConfig {
  issuer: string;
  audience: string;
  /** Claim names read from a verified token. */
  claims: { userId: string; email: string; role: string; teams: string };
  /** Role for a token without a usable role claim. */
  defaultRole: 'viewer' | 'member' | 'admin' | 'owner';
  /** Accepted signature algorithms (never `none`, never HMAC). */
  algorithms: string[];
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
    databaseUrl: env.SKILLPORT_DATABASE_URL || undefined,
    publicRead: parseBoolean('SKILLPORT_PUBLIC_READ', env.SKILLPORT_PUBLIC_READ, false),
    bootstrapKey: env.SKILLPORT_BOOTSTRAP_KEY || undefined,
    oidc: loadOidc(env),
    webhookRetryBaseMs: parseInteger('SKILLPORT_WEBHOOK_RETRY_BASE_MS', env.SKILLPORT_WEBHOOK_RETRY_BASE_MS, 1_000, 1, 3_600_000),
    sseHeartbeatMs: parseInteger('SKILLPORT_SSE_HEARTBEAT_MS', env.SKILLPORT_SSE_HEARTBEAT_MS, 15_000, 1, 3_600_000),
    autoSeed: parseBoolean('SKILLPORT_AUTO_SEED', env.SKILLPORT_AUTO_SEED, true),
    rateLimitPerMinute: parseInteger('SKILLPORT_RATE_LIMIT', env.SKILLPORT_RATE_LIMIT, 600, 0, 1_000_000),
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

const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;

function loadOidc(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const issuer = env.SKILLPORT_OIDC_ISSUER;
  if (!issuer) return undefined;
  if (!/^https?:\/\//.test(issuer)) throw new ConfigError(`SKILLPORT_OIDC_ISSUER must be an http(s) URL, not "${issuer}"`);
  const audience = env.SKILLPORT_OIDC_AUDIENCE;
  if (!audience) throw new ConfigError('SKILLPORT_OIDC_AUDIENCE is required when SKILLPORT_OIDC_ISSUER is set');
  const defaultRole = env.SKILLPORT_OIDC_DEFAULT_ROLE || 'viewer';
  if (!(ROLES as readonly string[]).includes(defaultRole)) throw new ConfigError(`SKILLPORT_OIDC_DEFAULT_ROLE must be one of ${ROLES.join(', ')}`);
  return {
    issuer: issuer.replace(/\/+$/, ''),
    audience,
    claims: {
      userId: env.SKILLPORT_OIDC_CLAIM_USER_ID || 'sub',
      email: env.SKILLPORT_OIDC_CLAIM_EMAIL || 'email',
      role: env.SKILLPORT_OIDC_CLAIM_ROLE || 'role',
      teams: env.SKILLPORT_OIDC_CLAIM_TEAMS || 'groups',
    },
    defaultRole: defaultRole as OidcConfig['defaultRole'],
    algorithms: (env.SKILLPORT_OIDC_ALGORITHMS || 'RS256,ES256,PS256,EdDSA').split(',').map((a) => a.trim()).filter(Boolean),
  };
}
