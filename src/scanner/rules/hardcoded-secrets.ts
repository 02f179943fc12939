import { PLACEHOLDER } from './shared.js';
import { rx, type RuleSpec } from './types.js';

/**
 * Values their vendors publish for everyone to use against local emulators: the Azurite (Azure
 * Storage emulator) account key works nowhere else.
 */
const PUBLISHED_TEST_VALUES = rx`Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==`;
const EXCLUDE_PLACEHOLDERS = [PLACEHOLDER, PUBLISHED_TEST_VALUES];
const SECRET_REMEDIATION = 'Revoke the credential now (it is exposed to everyone who can read the skill), then read it at run time from an environment variable or secret store.';

/** Shared shape of a vendor-token rule: case-sensitive, masked, placeholders excluded. */
function token(id: string, vendor: string, patterns: string[], severity: RuleSpec['severity'] = 'HIGH'): RuleSpec {
  return {
    id,
    category: 'hardcoded_secrets',
    severity,
    title: `${vendor} credential in the skill`,
    description: `A string with the exact format of a ${vendor} credential. Anyone who can read the skill can use it.`,
    remediation: SECRET_REMEDIATION,
    file_types: '*',
    patterns,
    exclusions: EXCLUDE_PLACEHOLDERS,
    case_sensitive: true,
    mask: true,
  };
}

export const HARDCODED_SECRETS_RULES: RuleSpec[] = [
  token('sec-aws-access-key', 'AWS access key', [rx`\b(?P<secret>(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\b`]),
  token('sec-aws-secret-key', 'AWS secret access key', [
    rx`(?i:aws_?secret_?(?:access_?)?key|aws_?secret|secret_?access_?key)["']?\s*[:=]\s*["']?(?P<secret>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+]|$)`,
  ]),
  token('sec-github-token', 'GitHub token', [rx`\b(?P<secret>(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255})\b`, rx`\b(?P<secret>github_pat_[A-Za-z0-9_]{22,255})\b`]),
  token('sec-gitlab-token', 'GitLab token', [rx`\b(?P<secret>gl(?:pat|dt|rt|ptt|oas|cbt)-[A-Za-z0-9_-]{20,})\b`]),
  token('sec-slack-token', 'Slack token', [rx`\b(?P<secret>xox[abposre]-[A-Za-z0-9-]{10,})\b`, rx`\b(?P<secret>xapp-\d-[A-Z0-9]+-\d+-[a-f0-9]{20,})\b`]),
  token('sec-slack-webhook', 'Slack incoming-webhook URL', [rx`https://hooks\.slack\.com/(?:services|workflows|triggers)/(?P<secret>T[A-Z0-9]{6,}/[A-Z0-9]{6,}/[A-Za-z0-9]{16,})`], 'MEDIUM'),
  token('sec-stripe-live-key', 'Stripe live secret key', [rx`\b(?P<secret>(?:sk|rk)_live_[A-Za-z0-9]{20,})\b`]),
  token('sec-stripe-test-key', 'Stripe test key', [rx`\b(?P<secret>(?:sk|rk)_test_[A-Za-z0-9]{20,})\b`], 'LOW'),
  token('sec-openai-key', 'OpenAI API key', [
    rx`\b(?P<secret>sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})`,
    rx`\b(?P<secret>sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,})`,
    rx`\b(?P<secret>sk-[A-Za-z0-9]{48})\b`,
  ]),
  token('sec-anthropic-key', 'Anthropic API key', [rx`\b(?P<secret>sk-ant-(?:api|admin|oat|sid)\d{2}-[A-Za-z0-9_-]{32,})`]),
  token('sec-google-key', 'Google API key or OAuth client secret', [rx`\b(?P<secret>AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)`, rx`\b(?P<secret>GOCSPX-[A-Za-z0-9_-]{28})`, rx`"private_key_id"\s*:\s*"(?P<secret>[a-f0-9]{40})"`]),
  token('sec-vendor-token', 'Package-registry, AI-platform or SaaS', [
    rx`\b(?P<secret>npm_[A-Za-z0-9]{36})\b`,
    rx`\b(?P<secret>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})`,
    rx`\b(?P<secret>hf_[A-Za-z0-9]{34,})\b`,
    rx`\b(?P<secret>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})\b`,
    rx`\b(?P<secret>\d{8,10}:AA[A-Za-z0-9_-]{33})\b`,
    rx`\b(?P<secret>shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b`,
    rx`\b(?P<secret>dop_v1_[a-f0-9]{64})\b`,
    rx`\b(?P<secret>dapi[a-f0-9]{32})\b`,
    rx`\b(?P<secret>r8_[A-Za-z0-9]{37})\b`,
    rx`\b(?P<secret>gsk_[A-Za-z0-9]{52})\b`,
    rx`\b(?P<secret>xai-[A-Za-z0-9]{80})\b`,
    rx`\b(?P<secret>pplx-[A-Za-z0-9]{48})\b`,
    rx`\b(?P<secret>lin_api_[A-Za-z0-9]{40})\b`,
    rx`\b(?P<secret>ntn_[A-Za-z0-9]{46})\b`,
    rx`AccountKey=(?P<secret>[A-Za-z0-9+/]{86}==)`,
    rx`\b(?P<secret>SK[0-9a-f]{32})\b`,
  ]),
  token('sec-skillport-key', 'Skillport API key', [rx`\b(?P<secret>sk_[0-9a-f]{64})\b`]),
  {
    id: 'sec-private-key',
    category: 'hardcoded_secrets',
    severity: 'CRITICAL',
    title: 'Private key in the skill',
    description: 'A PEM or OpenSSH private-key block with key material after the header. Whoever reads the skill holds the key.',
    remediation: SECRET_REMEDIATION,
    file_types: '*',
    patterns: [rx`-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----`],
    case_sensitive: true,
    check: 'private-key-has-body',
  },
  {
    id: 'sec-jwt',
    category: 'hardcoded_secrets',
    severity: 'MEDIUM',
    title: 'JSON Web Token in the skill',
    description: 'A signed JWT. If it is still valid it grants whatever access it was issued for.',
    remediation: 'Remove the token; obtain tokens at run time. For documentation use an obviously fake token.',
    file_types: '*',
    patterns: [rx`\b(?P<secret>eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})`],
    // The jwt.io sample token (subject 1234567890) appears in countless tutorials.
    exclusions: [...EXCLUDE_PLACEHOLDERS, rx`eyJzdWIiOiIxMjM0NTY3ODkwI`],
    case_sensitive: true,
    mask: true,
  },
  {
    id: 'sec-connection-string',
    category: 'hardcoded_secrets',
    severity: 'HIGH',
    title: 'Database or broker URL with an embedded password',
    description: 'A connection string (`postgres://user:password@host/db`, MongoDB, MySQL, Redis, AMQP, SQL Server) that carries a literal password for a non-local host.',
    remediation: SECRET_REMEDIATION,
    file_types: '*',
    patterns: [
      rx`\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|clickhouse|cockroachdb|neo4j(?:\+s)?|couchbase|cassandra)://[^\s:/@"'<>]+:(?P<secret>[^\s@/"'<>]{3,})@[^\s/"'<>]+`,
      rx`(?i:password|pwd)\s*=\s*(?P<secret>[^;"'\s]{6,});[^\n]*(?i:server|data\s+source|host)\s*=`,
      rx`(?i:server|data\s+source|host)\s*=[^\n;]*;[^\n]*(?i:password|pwd)\s*=\s*(?P<secret>[^;"'\s]{6,})`,
    ],
    exclusions: [...EXCLUDE_PLACEHOLDERS, rx`localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal|:(?:pass(?:word)?|passwd|pwd|secret|postgres|root|admin|test|guest|mysql|redis|user|changeme)@|\$[A-Za-z_({]|%\(|%[0-9A-F]{2}\w*%|\{[a-z_]+\}`],
    case_sensitive: true,
    mask: true,
  },
  {
    id: 'sec-password-in-url',
    category: 'hardcoded_secrets',
    severity: 'MEDIUM',
    title: 'URL with embedded credentials',
    description: 'An http(s) or git URL of the form `https://user:secret@host`, which leaks the secret to logs, shell history and anyone reading the skill.',
    remediation: SECRET_REMEDIATION,
    file_types: '*',
    patterns: [rx`\b(?:https?|git|ftp|ssh)://[^\s:/@"'<>]+:(?P<secret>[^\s@/"'<>]{6,})@[\w.-]+`],
    exclusions: [...EXCLUDE_PLACEHOLDERS, rx`localhost|127\.0\.0\.1|:(?:pass(?:word)?|passwd|pwd|secret|token|x-oauth-basic|changeme)@|\$[A-Za-z_({]|%\(|\{[a-z_]+\}`],
    case_sensitive: true,
    mask: true,
  },
  {
    id: 'sec-generic-secret',
    category: 'hardcoded_secrets',
    severity: 'MEDIUM',
    title: 'Hard-coded password or API secret',
    description: 'A variable or key named like a secret (`api_key`, `client_secret`, `password`, `token`) assigned a literal that looks random rather than a placeholder.',
    remediation: SECRET_REMEDIATION,
    file_types: '*',
    patterns: [
      rx`(?i:\b(?:api[_-]?key|apikey|secret[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token|refresh[_-]?token|private[_-]?key|app[_-]?secret|password|passwd|db[_-]?pass(?:word)?|secret|token))["']?\s*(?::=|=|:)\s*["'](?P<secret>[^"'\s$<>{}()]{12,})["']`,
    ],
    exclusions: [...EXCLUDE_PLACEHOLDERS, rx`process\.env|os\.environ|getenv|os\.Getenv|ENV\[|secrets\.|vault|keyring|input\(|prompt\(|\bhash|bcrypt|argon|sha\d|md5|\.(?:json|ya?ml|txt|pem|key)["']`],
    case_sensitive: true,
    mask: true,
    check: 'looks-random',
  },
];
