import type { SkillEntry } from '../catalog/index.js';
import type { TaskRecord } from '../store/index.js';
import type { ChatMessage } from './providers/types.js';
import type { TaskExpansion } from './types.js';

/**
 * What a task becomes: with a skill, the skill's body is the system prompt (the caller's own
 * system prompt is replaced), its `requires_role` the role and `requires_tools` the tools; the
 * token budget is the lower of the skill's and the caller's. Without a skill, the caller's.
 */
export function expandTask(input: { system_prompt?: string; budget_max?: number }, entry: SkillEntry | undefined, model: string | null): TaskExpansion {
  if (!entry) {
    return { system_prompt: input.system_prompt ?? null, role: null, tools: [], budget_max: input.budget_max ?? null, model };
  }
  const budgets = [entry.manifest.budget_max, input.budget_max].filter((b): b is number => typeof b === 'number');
  return {
    system_prompt: entry.body,
    role: entry.manifest.requires_role,
    tools: [...entry.manifest.requires_tools],
    budget_max: budgets.length > 0 ? Math.min(...budgets) : null,
    model,
  };
}

/**
 * The conversation sent to the model: the system prompt, the earlier turns of the session (oldest
 * first), then the query with its context.
 */
export function buildMessages(expansion: TaskExpansion, query: string, context: Record<string, unknown> | null, history: readonly TaskRecord[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (expansion.system_prompt) messages.push({ role: 'system', content: expansion.system_prompt });
  for (const turn of history) {
    messages.push({ role: 'user', content: withContext(turn.query, turn.context) });
    messages.push({ role: 'assistant', content: turn.result });
  }
  messages.push({ role: 'user', content: withContext(query, context) });
  return messages;
}

function withContext(query: string, context: Record<string, unknown> | null): string {
  if (!context || Object.keys(context).length === 0) return query;
  return `${query}\n\nContext:\n${JSON.stringify(context, null, 2)}`;
}
