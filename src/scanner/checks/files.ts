import { containerReports } from '../containers/index.js';
import type { Hit, OpaqueFileView, SkillView } from '../engine/types.js';
import type { CheckDefinition } from './types.js';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function opaqueFiles(kind: OpaqueFileView['kind'], describe: (file: OpaqueFileView, skill: SkillView) => string): CheckDefinition {
  return {
    skill: (skill, rule) =>
      skill.files
        .filter((f): f is OpaqueFileView => f.kind === kind)
        .slice(0, rule.maxPerFile)
        .map((file): Hit => ({ rule, file: file.path, line: 0, message: describe(file, skill) })),
  };
}

/** Archives left in the skill's files are the ones the scanner could not look inside (see ../containers). */
export const ARCHIVE_FILE = opaqueFiles('archive', (f, skill) => {
  const why = containerReports(skill).find((r) => r.path === f.path)?.notOpened;
  return `${f.format} archive (${formatSize(f.bytes)}): its contents were not scanned${why ? ` (${why})` : ''} and cannot be reviewed here`;
});
export const EXECUTABLE_FILE = opaqueFiles('executable', (f) => `${f.format} (${formatSize(f.bytes)}): compiled code cannot be reviewed and was not scanned`);
