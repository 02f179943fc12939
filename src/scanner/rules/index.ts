import { createHash } from 'node:crypto';
import { COMMAND_INJECTION_RULES } from './command-injection.js';
import { DATA_EXFILTRATION_RULES } from './data-exfiltration.js';
import { FLOW_RULES } from '../flow/rules.js';
import { HARDCODED_SECRETS_RULES } from './hardcoded-secrets.js';
import { MANIFEST_RULES } from './manifest.js';
import { OBFUSCATION_RULES } from './obfuscation.js';
import { PROMPT_INJECTION_RULES } from './prompt-injection.js';
import { RESOURCE_ABUSE_RULES } from './resource-abuse.js';
import { SOCIAL_ENGINEERING_RULES } from './social-engineering.js';
import { SUPPLY_CHAIN_RULES } from './supply-chain.js';
import { TOOL_MISUSE_RULES } from './tool-misuse.js';
import type { RuleSpec } from './types.js';
import { UNICODE_RULES } from './unicode.js';

export type { RuleSpec } from './types.js';

/** The built-in rule pack, in category order. */
export const RULE_PACK: readonly RuleSpec[] = [
  ...PROMPT_INJECTION_RULES,
  ...COMMAND_INJECTION_RULES,
  ...DATA_EXFILTRATION_RULES,
  ...HARDCODED_SECRETS_RULES,
  ...OBFUSCATION_RULES,
  ...UNICODE_RULES,
  ...RESOURCE_ABUSE_RULES,
  ...SOCIAL_ENGINEERING_RULES,
  ...SUPPLY_CHAIN_RULES,
  ...TOOL_MISUSE_RULES,
  ...MANIFEST_RULES,
  ...FLOW_RULES,
];

/** Changes whenever any rule changes, so stored results can be matched to the pack that made them. */
export const RULE_PACK_VERSION = `${RULE_PACK.length}-${createHash('sha256').update(JSON.stringify(RULE_PACK)).digest('hex').slice(0, 12)}`;
