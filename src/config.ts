import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_IMPORT_LIMITS, LIMIT_VARIABLES, type ImportLimits } from './git/limits.js';

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
  /** Largest skill version served as artifacts (all its files together), in bytes. */
  maxBundleBytes: number;
  /** `postgres://...` for PostgreSQL; unset for the embedded SQLite file under dataDir. */
  databaseUrl: string | undefined;
  /** Let anonymous callers read global skills. */
  publicRead: boolean;
  /** The URL people and agents reach this server at (links it hands out); from the request's host when unset. */
  publicUrl: string | undefined;
  /** An analyzer the scanner also asks over HTTP (content in, findings out); unset: none. */
  externalScanner: ExternalScannerConfig | undefined;
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
  /** MCP sessions: idle time before one is closed, and how many one caller may hold. */
  mcpSessionIdleMs: number;
  mcpSessionsPerCaller: number;
  /** Browser origins besides the server's own that may call `/mcp`. */
  mcpAllowedOrigins: string[];
  /** The model provider tasks and skill generation call; undefined when none is configured. */
  model: ModelConfig | undefined;
  /** Tasks run at once on this node; more wait in a queue. */
  taskConcurrency: number;
  /** A running scan job whose node has not written its heartbeat for this long is taken over by another node. */
  scanJobStaleMs: number;
  /** A bearer token that may read `/metrics` (besides keys with the `metrics:read` scope); unset for none. */
  metricsToken: string | undefined;
  /** Names this process in task records, so that after a restart it knows which unfinished tasks were its own. */
  nodeId: string;
  /** Bringing skills in from git: the GitHub API, the outbound address rule, and the limits. */
  git: GitConfig;
  /** Seals stored secrets (git credentials); unset: a key file generated in dataDir. */
  secretKey: string | undefined;
  /** How often each node looks for hubs that are due to sync. */
  hubCheckMs: number;
  /** How long a node's claim on a hub it syncs lasts unrenewed (it renews it while the sync runs). */
  hubClaimMs: number;
}

export interface GitConfig {
  githubApiUrl: string;
  /** Let imports reach loopback and private addresses. */
  allowPrivate: boolean;
  limits: ImportLimits;
}

/** An OpenAI-compatible chat-completions endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, LiteLLM). */
export interface ModelConfig {
  baseUrl: string;
  /** Model used when a task names none. */
  model: string | undefined;
  /** Never logged and never part of an error message. */
  apiKey: string | undefined;
  /** `azure`: `api-key` header and an `api-version` query parameter. */
  style: 'openai' | 'azure';
  azureApiVersion: string;
  connectTimeoutMs: number;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  maxTokensParam: 'max_tokens' | 'max_completion_tokens';
  /** Models a task may ask for; empty means any. */
  allowedModels: string[];
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
  /** The web UI's client at the provider (authorization code with PKCE); unset: no browser sign-in. */
  clientId?: string;
  /** Scopes the web UI asks for. */
  scopes?: string[];
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
    maxBundleBytes: parseInteger('SKILLPORT_MAX_BUNDLE_BYTES', env.SKILLPORT_MAX_BUNDLE_BYTES, 50 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    databaseUrl: env.SKILLPORT_DATABASE_URL || undefined,
    publicRead: parseBoolean('SKILLPORT_PUBLIC_READ', env.SKILLPORT_PUBLIC_READ, false),
    publicUrl: parsePublicUrl(env.SKILLPORT_PUBLIC_URL),
    externalScanner: loadExternalScanner(env),
    bootstrapKey: env.SKILLPORT_BOOTSTRAP_KEY || undefined,
    oidc: loadOidc(env),
    webhookRetryBaseMs: parseInteger('SKILLPORT_WEBHOOK_RETRY_BASE_MS', env.SKILLPORT_WEBHOOK_RETRY_BASE_MS, 1_000, 1, 3_600_000),
    sseHeartbeatMs: parseInteger('SKILLPORT_SSE_HEARTBEAT_MS', env.SKILLPORT_SSE_HEARTBEAT_MS, 15_000, 1, 3_600_000),
    mcpSessionIdleMs: parseInteger('SKILLPORT_MCP_SESSION_IDLE_SECONDS', env.SKILLPORT_MCP_SESSION_IDLE_SECONDS, 1_800, 1, 86_400) * 1000,
    mcpSessionsPerCaller: parseInteger('SKILLPORT_MCP_SESSIONS_PER_CALLER', env.SKILLPORT_MCP_SESSIONS_PER_CALLER, 16, 1, 10_000),
    mcpAllowedOrigins: (env.SKILLPORT_MCP_ALLOWED_ORIGINS || '').split(',').map((o) => o.trim()).filter(Boolean),
    autoSeed: parseBoolean('SKILLPORT_AUTO_SEED', env.SKILLPORT_AUTO_SEED, true),
    rateLimitPerMinute: parseInteger('SKILLPORT_RATE_LIMIT', env.SKILLPORT_RATE_LIMIT, 600, 0, 1_000_000),
    model: loadModel(env),
    taskConcurrency: parseInteger('SKILLPORT_TASK_CONCURRENCY', env.SKILLPORT_TASK_CONCURRENCY, 4, 1, 256),
    nodeId: env.SKILLPORT_NODE_ID || os.hostname(),
    scanJobStaleMs: parseInteger('SKILLPORT_SCAN_JOB_STALE_MS', env.SKILLPORT_SCAN_JOB_STALE_MS, 30_000, 2_000, 86_400_000),
    metricsToken: env.SKILLPORT_METRICS_TOKEN || undefined,
    git: loadGit(env),
    secretKey: env.SKILLPORT_SECRET_KEY || undefined,
    hubCheckMs: parseInteger('SKILLPORT_HUB_CHECK_MS', env.SKILLPORT_HUB_CHECK_MS, 30_000, 10, 86_400_000),
    hubClaimMs: parseInteger('SKILLPORT_HUB_CLAIM_MS', env.SKILLPORT_HUB_CLAIM_MS, 60_000, 1_000, 86_400_000),
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
    clientId: env.SKILLPORT_OIDC_CLIENT_ID || undefined,
    scopes: (env.SKILLPORT_OIDC_SCOPES || 'openid profile email').split(/[\s,]+/).filter(Boolean),
  };
}

function loadModel(env: NodeJS.ProcessEnv): ModelConfig | undefined {
  const baseUrl = env.SKILLPORT_MODEL_BASE_URL?.trim();
  if (!baseUrl) return undefined;
  let host: string;
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    host = url.hostname;
    // fetch refuses URLs with credentials, and this URL is logged: the key has its own variable.
    if (url.username || url.password) throw new ConfigError('SKILLPORT_MODEL_BASE_URL must not contain credentials; put the key in SKILLPORT_MODEL_API_KEY');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`SKILLPORT_MODEL_BASE_URL must be an http(s) URL such as http://localhost:11434/v1, not "${baseUrl}"`);
  }
  const style = env.SKILLPORT_MODEL_API_STYLE || (host.endsWith('.azure.com') ? 'azure' : 'openai');
  if (style !== 'openai' && style !== 'azure') throw new ConfigError(`SKILLPORT_MODEL_API_STYLE must be openai or azure, not "${style}"`);
  const maxTokensParam = env.SKILLPORT_MODEL_MAX_TOKENS_PARAM || 'max_tokens';
  if (maxTokensParam !== 'max_tokens' && maxTokensParam !== 'max_completion_tokens') {
    throw new ConfigError(`SKILLPORT_MODEL_MAX_TOKENS_PARAM must be max_tokens or max_completion_tokens, not "${maxTokensParam}"`);
  }
  return {
    baseUrl,
    model: env.SKILLPORT_MODEL?.trim() || undefined,
    apiKey: env.SKILLPORT_MODEL_API_KEY || undefined,
    style,
    azureApiVersion: env.SKILLPORT_MODEL_AZURE_API_VERSION || '2024-10-21',
    connectTimeoutMs: parseInteger('SKILLPORT_MODEL_CONNECT_TIMEOUT_MS', env.SKILLPORT_MODEL_CONNECT_TIMEOUT_MS, 30_000, 1, 3_600_000),
    timeoutMs: parseInteger('SKILLPORT_MODEL_TIMEOUT_MS', env.SKILLPORT_MODEL_TIMEOUT_MS, 300_000, 1, 86_400_000),
    maxRetries: parseInteger('SKILLPORT_MODEL_MAX_RETRIES', env.SKILLPORT_MODEL_MAX_RETRIES, 2, 0, 10),
    retryBaseMs: parseInteger('SKILLPORT_MODEL_RETRY_BASE_MS', env.SKILLPORT_MODEL_RETRY_BASE_MS, 500, 1, 60_000),
    maxTokensParam,
    allowedModels: (env.SKILLPORT_MODEL_ALLOWED || '').split(',').map((m) => m.trim()).filter(Boolean),
  };
}

function loadGit(env: NodeJS.ProcessEnv): GitConfig {
  const githubApiUrl = (env.SKILLPORT_GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  try {
    const url = new URL(githubApiUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http');
    if (url.username || url.password) throw new ConfigError('SKILLPORT_GITHUB_API_URL must not contain credentials; store them with POST /api/credentials');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`SKILLPORT_GITHUB_API_URL must be an http(s) URL such as https://api.github.com, not "${githubApiUrl}"`);
  }
  const limit = (key: keyof ImportLimits, min: number, max: number) => parseInteger(LIMIT_VARIABLES[key], env[LIMIT_VARIABLES[key]], DEFAULT_IMPORT_LIMITS[key], min, max);
  return {
    githubApiUrl,
    allowPrivate: parseBoolean('SKILLPORT_OUTBOUND_ALLOW_PRIVATE', env.SKILLPORT_OUTBOUND_ALLOW_PRIVATE, false),
    limits: {
      maxDownloadBytes: limit('maxDownloadBytes', 1024, 64 * 1024 * 1024 * 1024),
      maxFiles: limit('maxFiles', 1, 10_000_000),
      maxFileBytes: limit('maxFileBytes', 1, 1024 * 1024 * 1024),
      maxFilesPerSkill: limit('maxFilesPerSkill', 1, 1_000_000),
      maxSkillBytes: limit('maxSkillBytes', 1, 1024 * 1024 * 1024),
      maxPathDepth: limit('maxPathDepth', 1, 1000),
      timeoutMs: limit('timeoutMs', 10, 86_400_000),
    },
  };
}

export interface ExternalScannerConfig {
  url: string;
  /** Sent as `Authorization: Bearer`; never logged. */
  token: string | undefined;
  timeoutMs: number;
}

/** `SKILLPORT_SCANNER_EXTERNAL_URL` (+ `_TOKEN`, `_TIMEOUT_MS`). */
function loadExternalScanner(env: NodeJS.ProcessEnv): ExternalScannerConfig | undefined {
  const value = env.SKILLPORT_SCANNER_EXTERNAL_URL;
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('SKILLPORT_SCANNER_EXTERNAL_URL must be an absolute http(s) URL such as http://127.0.0.1:9000/analyze');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    throw new ConfigError('SKILLPORT_SCANNER_EXTERNAL_URL must be an http(s) URL without credentials; put a token in SKILLPORT_SCANNER_EXTERNAL_TOKEN');
  }
  return {
    url: url.toString(),
    token: env.SKILLPORT_SCANNER_EXTERNAL_TOKEN || undefined,
    timeoutMs: parseInteger('SKILLPORT_SCANNER_EXTERNAL_TIMEOUT_MS', env.SKILLPORT_SCANNER_EXTERNAL_TIMEOUT_MS, 10_000, 100, 600_000),
  };
}

/** `SKILLPORT_PUBLIC_URL`: an http(s) URL without query or fragment; kept without a trailing slash. */
function parsePublicUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`SKILLPORT_PUBLIC_URL must be an absolute http(s) URL such as https://skills.example.com, not ${JSON.stringify(value)}`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    throw new ConfigError('SKILLPORT_PUBLIC_URL must be an http(s) URL without credentials, query or fragment, such as https://skills.example.com');
  }
  return url.toString().replace(/\/+$/, '');
}
