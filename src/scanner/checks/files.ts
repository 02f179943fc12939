import type { Hit, OpaqueFileView } from '../engine/types.js';
import type { CheckDefinition } from './types.js';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function opaqueFiles(kind: OpaqueFileView['kind'], describe: (file: OpaqueFileView) => string): CheckDefinition {
  return {
    skill: (skill, rule) =>
      skill.files
        .filter((f): f is OpaqueFileView => f.kind === kind)
        .slice(0, rule.maxPerFile)
        .map((file): Hit => ({ rule, file: file.path, line: 0, message: describe(file) })),
  };
}

export const ARCHIVE_FILE = opaqueFiles('archive', (f) => `${f.format} archive (${formatSize(f.bytes)}): its contents cannot be reviewed and were not extracted or scanned`);
export const EXECUTABLE_FILE = opaqueFiles('executable', (f) => `${f.format} (${formatSize(f.bytes)}): compiled code cannot be reviewed and was not scanned`);
