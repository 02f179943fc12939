import type { ScanInput } from '../types.js';
import { readScanFile } from './decode.js';
import { readManifestLeniently } from './manifest.js';
import type { SkillFileView, SkillView } from './types.js';

export const SKILL_FILE = 'SKILL.md';

/**
 * The skill file is `SKILL.md`; a flat skill is passed as its single markdown file at the top
 * level (e.g. `debugging.md`).
 */
function skillFileOf(files: SkillFileView[]): string | null {
  if (files.some((f) => f.path === SKILL_FILE)) return SKILL_FILE;
  const topLevelMarkdown = files.filter((f) => !f.path.includes('/') && f.path.toLowerCase().endsWith('.md'));
  return topLevelMarkdown.length === 1 ? topLevelMarkdown[0]!.path : null;
}

export function buildSkillView(input: ScanInput, sizes: number[], notes: string[]): SkillView {
  const files = input.files.map((file, i) => readScanFile(file, sizes[i]!, notes));
  const skillFile = skillFileOf(files);
  if (input.manifest) return { name: input.name, skillFile, files, manifest: input.manifest, manifestProblem: null };
  const text = files.find((f) => f.path === skillFile);
  if (!text || text.kind !== 'text') return { name: input.name, skillFile, files, manifest: null, manifestProblem: skillFile ? 'the skill file is not text' : 'the skill has no SKILL.md' };
  const reading = readManifestLeniently(text.text, input.name);
  return { name: input.name, skillFile, files, manifest: reading.manifest, manifestProblem: reading.problem };
}
