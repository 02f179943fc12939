export * from './types.js';
export { scanSkill } from './scan.js';
