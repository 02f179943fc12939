import { Document, isMap, parseDocument, stringify } from 'yaml';
import { splitFrontmatter } from '../../format/index.js';
import { MAX_DESCRIPTION_CHARS } from '../../format/limits.js';
import { nameFromDescription, titleFromName, toSkillName } from './names.js';

/**
 * SKILL.md files built without a model, from the words the caller gave: the same input always
 * gives the same file. They follow the structure a generated skill has (when to use, steps,
 * output, guardrails) so that an author has a sound skeleton to fill in.
 */

export const SCAFFOLD_MARK = 'skillport-scaffold';

const SECTIONS = {
  when: { heading: 'When to use', pattern: /^#{1,6}[ \t]+when to use\b/im },
  steps: { heading: 'Steps', pattern: /^#{1,6}[ \t]+(steps|procedure|workflow|instructions)\b/im },
  output: { heading: 'Output', pattern: /^#{1,6}[ \t]+(output|result|deliverables?)\b/im },
  guardrails: { heading: 'Guardrails', pattern: /^#{1,6}[ \t]+(guardrails|rules|constraints|safety)\b/im },
} as const;

export function scaffoldSkill(input: { description: string; name?: string; skill_description?: string }): string {
  const description = tidy(input.description);
  const name = input.name ? toSkillName(input.name) : nameFromDescription(description);
  const sentences = splitSentences(description);
  const summary = input.skill_description ? tidy(input.skill_description) : frontmatterDescription(sentences);
  const extraSteps = sentences.slice(1, 9).map((sentence) => sentence.replace(/[.!?]+$/, ''));
  const frontmatter = stringify({ name, description: summary, metadata: { generated_by: SCAFFOLD_MARK } }, { lineWidth: 0 });
  const steps = [
    'Restate the goal in one sentence and list the inputs you have.',
    'Ask for anything essential that is missing before you start; do not guess required inputs.',
    ...(extraSteps.length > 0 ? extraSteps.map((step) => `${step}.`) : ['Do the work described above one part at a time, noting each assumption as you make it.']),
    'Check the result against the Output section before answering.',
  ];
  return [
    `---\n${frontmatter}---`,
    '',
    `# ${titleFromName(name)}`,
    '',
    description,
    '',
    `## ${SECTIONS.when.heading}`,
    '',
    `- The request matches: ${lowerFirst(sentences[0] ?? description).replace(/[.!?]+$/, '')}.`,
    '- The user names this skill, or asks for the result described in the Output section.',
    '- Do not use it for requests outside that scope; answer those without this skill.',
    '',
    `## ${SECTIONS.steps.heading}`,
    '',
    ...steps.map((step, i) => `${i + 1}. ${step}`),
    '',
    outputSection(),
    '',
    guardrailsSection(),
    '',
  ].join('\n');
}

/**
 * Keeps what the author wrote and fills in what a skill needs: a conformant name, a
 * description, and any of the standard sections that are missing.
 */
export function enhanceScaffold(input: { current_content: string; name?: string; skill_description?: string }): string {
  const split = splitFrontmatter(input.current_content);
  const parsed = split && split !== 'unterminated' ? parseDocument(split.yaml) : undefined;
  const usable = parsed && parsed.errors.length === 0 && isMap(parsed.contents) ? parsed : undefined;
  const body = usable && split && split !== 'unterminated' ? split.body : input.current_content;

  const existingName = usable?.get('name');
  const existingDescription = usable?.get('description');
  const bodyText = body.replace(/^#{1,6}[ \t]+.*$/m, '').trim();
  const name =
    (input.name && toSkillName(input.name)) ||
    (typeof existingName === 'string' && toSkillName(existingName)) ||
    nameFromDescription(firstHeading(body) ?? bodyText);
  const description =
    (input.skill_description && tidy(input.skill_description)) ||
    (typeof existingDescription === 'string' && existingDescription.trim()) ||
    frontmatterDescription(splitSentences(tidy(bodyText || titleFromName(name))));

  const doc = usable ?? new Document({});
  doc.set('name', name);
  doc.set('description', description);
  let text = body.trim() ? body.trimEnd() : `# ${titleFromName(name)}\n\n${description}`;
  if (!SECTIONS.when.pattern.test(text)) {
    // Before the first section, where a reader looks for it; at the end when there is none.
    const when = `## ${SECTIONS.when.heading}\n\n- The request matches the description of this skill.\n- Do not use it for requests outside that scope.`;
    const firstSection = /^##[ \t]/m.exec(text);
    text = firstSection ? `${text.slice(0, firstSection.index)}${when}\n\n${text.slice(firstSection.index)}` : `${text}\n\n${when}`;
  }
  if (!SECTIONS.steps.pattern.test(text)) {
    text += `\n\n## ${SECTIONS.steps.heading}\n\n1. Restate the goal and list the inputs you have.\n2. Ask for anything essential that is missing.\n3. Do the work described above, noting assumptions.\n4. Check the result against the Output section.`;
  }
  if (!SECTIONS.output.pattern.test(text)) text += `\n\n${outputSection()}`;
  if (!SECTIONS.guardrails.pattern.test(text)) text += `\n\n${guardrailsSection()}`;
  return `---\n${doc.toString({ lineWidth: 0 })}---\n\n${text.trimStart()}\n`;
}

function outputSection(): string {
  return [
    `## ${SECTIONS.output.heading}`,
    '',
    '- A summary of two or three sentences first.',
    '- Then the details, in the order the steps produced them.',
    '- End with open questions and the assumptions you made, if any.',
  ].join('\n');
}

function guardrailsSection(): string {
  return [
    `## ${SECTIONS.guardrails.heading}`,
    '',
    '- Stay within the scope above; say so when a request goes beyond it.',
    '- Never put secrets, credentials or personal data in the output.',
    '- Do not run commands or change files unless the user asked for it and confirmed.',
    '- When unsure, say what you do not know instead of guessing.',
  ].join('\n');
}

/** The first sentence, plus when to use it, within the Agent Skills description limit. */
function frontmatterDescription(sentences: string[]): string {
  const first = (sentences[0] ?? 'A skill').replace(/[.!?]+$/, '');
  const text = `${first}. Use this skill when a request matches that description.`;
  return text.length <= MAX_DESCRIPTION_CHARS ? text : `${first.slice(0, MAX_DESCRIPTION_CHARS - 1)}.`;
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** One paragraph: runs of whitespace become single spaces. */
function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function firstHeading(body: string): string | undefined {
  return /^#{1,6}[ \t]+(.+)$/m.exec(body)?.[1];
}
