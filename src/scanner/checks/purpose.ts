import { RE2JS } from 're2js';
import type { SkillView } from '../engine/types.js';
import type { CheckDefinition } from './types.js';

/**
 * A skill whose declared job is chat formats: building or checking fine-tuning data, chat
 * templates, tokenizers. Its files hold `<|im_start|>` and `[INST]` because that is the data it
 * works on. Forged turns in such a skill still meet the rules on what the turn says (ignoring
 * instructions, fake system blocks).
 */
const CHAT_FORMAT_WORK = RE2JS.compile(
  String.raw`\b(?:chat\s*ml|chat[- ]templates?|prompt\s+templates?|fine[- ]?tun(?:e|es|ed|ing)|training\s+(?:data|examples?|sets?)|datasets?|tokeni[sz](?:er|ers|ation)|special\s+tokens|jsonl)\b`,
  RE2JS.CASE_INSENSITIVE,
);

function declaresChatFormatWork(skill: SkillView): boolean {
  const declared = `${skill.manifest?.name ?? skill.name} ${skill.manifest?.description ?? ''}`.split('-').join(' ');
  return CHAT_FORMAT_WORK.test(declared.slice(0, 2000));
}

export const OUTSIDE_CHAT_FORMAT_WORK: CheckDefinition = { irrelevant: declaresChatFormatWork };
