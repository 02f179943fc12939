export type { SkillSource } from './types.js';
export { FilesystemSource, type FilesystemSourceOptions } from './filesystem/source.js';
export { validatePaths, type FileReport } from './filesystem/validate.js';
