export { parseSkill, DEFAULT_CATEGORY, type ParseOptions } from './parse.js';
export { splitFrontmatter } from './frontmatter.js';
export { compareVersionsDesc, normaliseRequestedVersion, readVersion, DEFAULT_VERSION } from './version.js';
export { DEFAULT_LIMITS, tooLargeMessage, type FormatLimits } from './limits.js';
export type { Diagnostic, ParsedSkill, ParseOutcome, SkillFile, SkillLayout, SkillManifest } from './types.js';
