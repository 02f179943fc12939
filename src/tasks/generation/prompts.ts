import type { Diagnostic } from '../../format/index.js';
import type { ChatMessage } from '../providers/types.js';

/** What the model is told about the SKILL.md format it must write. */
const SYSTEM_PROMPT = `You write agent skills in the Agent Skills format: one SKILL.md file.

Answer with the file only: no code fences, no text before or after it.

The file is:
1. A line "---", YAML frontmatter, and a closing line "---".
   - name: lowercase letters, digits and single hyphens, at most 64 characters.
   - description: one or two sentences saying what the skill does and when to use it, at most 1024 characters.
   - Add other fields only when asked.
2. A markdown body with a title and these sections: "## When to use", "## Steps" (a numbered list),
   "## Output" (what the answer looks like) and "## Guardrails" (what the agent must not do).
   Keep it under 500 lines, concrete and specific to the task.

Never include secrets, credentials, hidden or invisible text, instructions to ignore other
instructions, to send data anywhere, or to run destructive commands without the user's confirmation.`;

export function generateMessages(input: { description: string; name?: string; skill_description?: string }): ChatMessage[] {
  const lines = ['Write a SKILL.md for this skill.'];
  if (input.name) lines.push(`Use exactly this name: ${input.name}`);
  if (input.skill_description) lines.push(`Use exactly this frontmatter description: ${input.skill_description}`);
  lines.push('', 'What the skill should do:', input.description);
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: lines.join('\n') },
  ];
}

export function enhanceMessages(input: { current_content: string; instruction?: string; name?: string; skill_description?: string }): ChatMessage[] {
  const lines = [
    'Improve this SKILL.md.',
    `Instruction: ${input.instruction?.trim() || 'make it clearer, more complete and more useful to an agent, keeping its purpose'}`,
  ];
  if (input.name) lines.push(`Use exactly this name: ${input.name}`);
  if (input.skill_description) lines.push(`Use exactly this frontmatter description: ${input.skill_description}`);
  lines.push('Keep the frontmatter fields it already has unless the instruction says otherwise.', '', 'The current SKILL.md, between the markers:', '<<<SKILL.md', input.current_content, 'SKILL.md>>>');
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: lines.join('\n') },
  ];
}

/** The follow-up when the first answer did not validate: what was wrong, line by line. */
export function correctionMessages(previous: ChatMessage[], answer: string, errors: readonly Diagnostic[]): ChatMessage[] {
  const problems = errors.map((d) => `- ${d.line !== undefined ? `line ${d.line}, ` : ''}${d.field}: ${d.message}`).join('\n');
  return [
    ...previous,
    { role: 'assistant', content: answer },
    { role: 'user', content: `That SKILL.md is not valid:\n${problems}\n\nAnswer with the corrected SKILL.md only.` },
  ];
}

/**
 * The SKILL.md inside a model's answer: without a code fence around it, and without any words
 * the model put before the frontmatter despite being told not to.
 */
export function extractSkill(answer: string): string {
  // Line by line, without backtracking patterns: the answer is untrusted text.
  let text = answer.trimStart();
  const firstBreak = text.indexOf('\n');
  const firstLine = firstBreak === -1 ? text : text.slice(0, firstBreak);
  const marker = firstLine.startsWith('```') ? '```' : firstLine.startsWith('~~~') ? '~~~' : undefined;
  if (marker && firstBreak !== -1) {
    text = text.slice(firstBreak + 1);
    const close = text.lastIndexOf(`\n${marker}`);
    if (close !== -1) text = text.slice(0, close + 1);
  }
  if (!text.startsWith('---')) {
    const start = text.indexOf('\n---\n');
    if (start !== -1) text = text.slice(start + 1);
  }
  return `${text.trimEnd()}\n`;
}
