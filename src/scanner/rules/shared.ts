import { rx } from './types.js';

/**
 * Exclusion and pattern fragments several rule files use. Each is an RE2 pattern string.
 */

/**
 * The line negates what it names ("never do X", "do not X"). Used only by rules whose matches are
 * not judged in context (see RuleSpec.judge_context), where a warning should not count.
 */
export const NEGATED = rx`\b(?:never|don'?t|do\s+not|must\s+not|mustn'?t|should\s+not|shouldn'?t|avoid|refuse\s+to|prevent|instead\s+of)\b`;

/** Values that are obviously not real credentials. */
export const PLACEHOLDER = rx`example|placeholder|dummy|sample|fake|redacted|your[_-]?(?:own[_-]?)?(?:api[_-]?)?(?:key|token|secret|password)|xxxx|\*\*\*\*|<[a-z0-9_ .-]+>|\$\{|\{\{|changeme|change[_-]me|insert[_-]?(?:key|token|here)|replace[_-]?(?:me|with|this)|not[_-]?a[_-]?real|0{16,}|1234567890abcdef|abcdef123456|\.\.\.`;

/** Hosts whose install scripts are the vendor's documented way to install their tool. */
export const VENDOR_INSTALLERS = rx`sh\.rustup\.rs|get\.docker\.com|raw\.githubusercontent\.com/Homebrew/|brew\.sh|deno\.land/install|bun\.sh/install|astral\.sh/(?:uv|ruff)|install\.python-poetry\.org|get\.pnpm\.io|raw\.githubusercontent\.com/nvm-sh/|install\.ohmyz\.sh|get\.helm\.sh|get\.sdkman\.io|pyenv\.run|starship\.rs/install|tailscale\.com/install|fly\.io/install|get\.k3s\.io|get\.volta\.sh|foundry\.paradigm\.xyz|claude\.ai/install|ollama\.com/install|cli\.github\.com|sh\.rustup\.rs|rye\.astral\.sh|mise\.run|get\.jetify\.com|nixos\.org/nix/install|install\.determinate\.systems`;

/** A command that starts a network transfer. */
export const NETWORK_COMMAND = rx`(?:curl|wget|Invoke-WebRequest|Invoke-RestMethod|iwr|irm|nc|ncat|netcat|scp|rsync|ftp|sftp|http|https)`;
