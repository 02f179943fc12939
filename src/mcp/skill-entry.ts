import type { SkillEntry } from '../catalog/index.js';
import type { SkillFileInfo } from './content.js';
import { skillUri } from './uris.js';

/** A skill as SEP-2640 describes it: its SKILL.md URI, verbatim frontmatter and every file with its digest. */
export interface SkillExtensionEntry {
  uri: string;
  frontmatter: { name: string; description: string; [key: string]: unknown };
  resources: Array<{ uri: string; digest: string; size: number }>;
  _meta: Record<string, unknown>;
}

export function skillExtensionEntry(entry: SkillEntry, files: readonly SkillFileInfo[], versioned = false): SkillExtensionEntry {
  const version = versioned ? entry.version : undefined;
  const written = entry.manifest.frontmatter;
  return {
    uri: skillUri(entry.name, 'SKILL.md', version),
    // Verbatim; a flat-layout skill may have left out its description, which the extension requires.
    frontmatter: { ...written, name: typeof written.name === 'string' ? written.name : entry.name, description: typeof written.description === 'string' ? written.description : entry.manifest.description },
    resources: files.map((file) => ({ uri: skillUri(entry.name, file.path, version), digest: file.digest, size: file.size })),
    _meta: { 'io.skillport/version': entry.version, 'io.skillport/category': entry.manifest.category },
  };
}
