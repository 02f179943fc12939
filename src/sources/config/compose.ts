import { isMap, parseDocument, stringify } from 'yaml';
import { parseSkill, splitFrontmatter, type Diagnostic, type ParsedSkill } from '../../format/index.js';
import type { SkillTask } from '../../store/index.js';
import { AppError, badRequest } from '../../util/app-error.js';

export const CONFIG_LIMITS = {
  contentBytes: 1024 * 1024,
  ancillaryFiles: 50,
  ancillaryFileBytes: 256 * 1024,
  ancillaryTotalBytes: 2 * 1024 * 1024,
  tasks: 50,
};

/** Fields a caller may give beside (or instead of) a full SKILL.md. */
export interface SkillFields {
  name?: string;
  description?: string;
  category?: string;
  version?: string;
  tasks?: SkillTask[];
}

/**
 * Builds the stored SKILL.md from what the caller sent: their `skill_content` with any fields they
 * gave written into its frontmatter (so the stored file and the stored fields never disagree), or,
 * without content, a SKILL.md made from name, description and tasks. Then validates it the way the
 * directory source would; any error is a 400 listing each problem with its line.
 */
export function composeSkill(content: string | undefined, fields: SkillFields): { content: string; parsed: ParsedSkill } {
  let text: string;
  if (content !== undefined) {
    if (Buffer.byteLength(content) > CONFIG_LIMITS.contentBytes) {
      throw new AppError(413, 'content_too_large', `skill_content is ${(Buffer.byteLength(content) / (1024 * 1024)).toFixed(1)} MB; the limit is 1 MB`);
    }
    text = withFields(content, fields);
  } else {
    if (!fields.name || !fields.description) throw badRequest('give either skill_content (a full SKILL.md) or name, description and tasks');
    if (!fields.tasks || fields.tasks.length === 0) throw badRequest('tasks must list at least one task when skill_content is not given');
    text = generateSkill(fields as Required<Pick<SkillFields, 'name' | 'description'>> & SkillFields);
  }
  const outcome = parseSkill(text, { file: 'SKILL.md', layout: 'agent-skills' });
  if (!outcome.ok) throw invalidSkill(outcome.diagnostics);
  return { content: text, parsed: outcome.skill };
}

function invalidSkill(diagnostics: Diagnostic[]): AppError {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  const summary = first ? `line ${first.line ?? 1}: ${first.field}: ${first.message}` : 'invalid skill';
  return new AppError(400, 'invalid_skill', `skill_content is not a valid skill (${summary})`, {
    details: errors.map((d) => ({ line: d.line ?? 1, field: d.field, code: d.code, message: d.message })),
  });
}

/** Writes the given fields into the frontmatter, keeping the author's formatting and comments. */
function withFields(content: string, fields: SkillFields): string {
  const entries = Object.entries({ name: fields.name, description: fields.description, category: fields.category, version: fields.version }).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  if (entries.length === 0) return content;
  const split = splitFrontmatter(content);
  if (split === null || split === 'unterminated') return content; // validation reports it
  const doc = parseDocument(split.yaml);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return content;
  let changed = false;
  for (const [key, value] of entries) {
    if (doc.get(key) !== value) {
      doc.set(key, value);
      changed = true;
    }
  }
  if (!changed) return content;
  return `---\n${doc.toString({ lineWidth: 0 })}---\n${split.body}`;
}

function generateSkill(fields: Required<Pick<SkillFields, 'name' | 'description'>> & SkillFields): string {
  const frontmatter = stringify(
    { name: fields.name, description: fields.description, ...(fields.category ? { category: fields.category } : {}), version: fields.version ?? '1.0.0' },
    { lineWidth: 0 },
  );
  const tasks = (fields.tasks ?? [])
    .map((task) => `### ${task.display_text}\n\n${task.llm_prompt}\n${task.subagent ? `\nSubagent: \`${task.subagent}\`\n` : ''}`)
    .join('\n');
  return `---\n${frontmatter}---\n\n# ${fields.name}\n\n${fields.description}\n\n## Tasks\n\n${tasks}`;
}

const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Checks ancillary files: relative, safe paths only, within count and size limits. */
export function checkAncillaryFiles(files: Record<string, string>): Record<string, string> {
  const paths = Object.keys(files);
  if (paths.length > CONFIG_LIMITS.ancillaryFiles) throw badRequest(`ancillary_files holds ${paths.length} files; the limit is ${CONFIG_LIMITS.ancillaryFiles}`);
  let total = 0;
  for (const p of paths) {
    const segments = p.split('/');
    if (p.startsWith('/') || p.includes('\\') || segments.length > 6 || !segments.every((s) => SAFE_SEGMENT.test(s) && s !== '..')) {
      throw badRequest(`ancillary_files path ${JSON.stringify(p.slice(0, 100))} is not allowed: use a relative path such as references/notes.md (letters, digits, '.', '_', '-'; no '..', no leading '/')`);
    }
    if (p === 'SKILL.md') throw badRequest('ancillary_files cannot contain SKILL.md; send it as skill_content');
    const value = files[p];
    if (typeof value !== 'string') throw badRequest(`ancillary_files["${p}"] must be text`);
    const size = Buffer.byteLength(value);
    if (size > CONFIG_LIMITS.ancillaryFileBytes) throw badRequest(`ancillary_files["${p}"] is ${Math.ceil(size / 1024)} KB; the limit is ${CONFIG_LIMITS.ancillaryFileBytes / 1024} KB per file`);
    total += size;
  }
  if (total > CONFIG_LIMITS.ancillaryTotalBytes) throw badRequest(`ancillary_files total ${Math.ceil(total / 1024)} KB; the limit is ${CONFIG_LIMITS.ancillaryTotalBytes / 1024} KB`);
  return files;
}
