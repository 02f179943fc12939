export * from './types.js';
export { scanSkill, unreadableResult } from './scan.js';
export { withFindings } from './engine/findings.js';
export { DEFAULT_SCAN_LIMITS } from './limits.js';
export { RULE_PACK, RULE_PACK_VERSION, type RuleSpec } from './rules/index.js';
