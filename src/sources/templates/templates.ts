import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../config.js';
import { parseSkill } from '../../format/index.js';

export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');

export interface TemplateVariable {
  name: string;
  description: string;
  required: boolean;
}

/** A packaged template: a SKILL.md plus how to present it. */
export interface Template {
  id: string;
  title: string;
  category: string;
  icon: string;
  tags: string[];
  input_variables: TemplateVariable[];
  name: string;
  description: string;
  version: string;
  content: string;
}

/**
 * Reads the packaged templates once. They ship with the product, so a template that does not
 * validate is a build error: it throws, and the test suite catches it before release.
 */
export function loadTemplates(dir = TEMPLATES_DIR): Template[] {
  let ids: string[];
  try {
    ids = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
  return ids.map((id) => {
    const content = readFileSync(path.join(dir, id, 'SKILL.md'), 'utf8');
    const meta = JSON.parse(readFileSync(path.join(dir, id, 'template.json'), 'utf8')) as Omit<Template, 'id' | 'name' | 'description' | 'version' | 'content'>;
    const outcome = parseSkill(content, { file: `templates/${id}/SKILL.md`, layout: 'agent-skills', expectedName: id });
    if (!outcome.ok) throw new Error(`packaged template ${id} is invalid: ${outcome.diagnostics.map((d) => d.message).join('; ')}`);
    const m = outcome.skill.manifest;
    return { id, ...meta, name: m.name, description: m.description, version: m.version, content };
  });
}
