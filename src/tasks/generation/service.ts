import type { ActionContext, AuditService } from '../../auth/audit.js';
import { parseSkill, type Diagnostic } from '../../format/index.js';
import { scanSkill, type ScanResult } from '../../scanner/index.js';
import { badRequest } from '../../util/app-error.js';
import type { Logger } from '../../util/logger.js';
import { ProviderError, type ChatMessage, type ChatProvider } from '../providers/types.js';
import { toSkillName } from './names.js';
import { correctionMessages, enhanceMessages, extractSkill, generateMessages } from './prompts.js';
import { enhanceScaffold, scaffoldSkill } from './scaffold.js';

/** The body of `POST /api/skills/generate`. */
export interface GenerateInput {
  type: 'generate' | 'enhance';
  /** What the new skill should do (generate). */
  description?: string;
  /** How to change the current content (enhance). */
  instruction?: string;
  current_content?: string;
  name?: string;
  /** The frontmatter description to use. */
  skill_description?: string;
}

/**
 * What the generation stream carries, in order: an optional `notice`, `content` pieces (a
 * `reset` before a second attempt's pieces), `validation` after each attempt, `scan`, an
 * `error` when the result is not usable, and always `done` last with the final file.
 */
export type GenerateEvent =
  | { type: 'notice'; kind: 'scaffold'; message: string }
  | { type: 'content'; text: string; attempt: number }
  | { type: 'reset'; reason: string }
  | { type: 'validation'; attempt: number; valid: boolean; errors: Diagnostic[]; warnings: Diagnostic[] }
  | ({ type: 'scan' } & ScanResult)
  | { type: 'error'; message: string; code: string }
  | { type: 'done'; name: string | null; content: string; valid: boolean; scaffold: boolean };

export interface SkillGeneratorOptions {
  provider?: ChatProvider;
  audit: AuditService;
  logger: Logger;
  /** Most tokens the model may write for one SKILL.md. Default 4096. */
  maxTokens?: number;
}

const SCAFFOLD_NOTICE =
  'No model provider is configured, so this is a scaffold built from your words without a model: review and fill it in. Set SKILLPORT_MODEL_BASE_URL to generate skills with a model.';

/**
 * AI-assisted skill writing: a new SKILL.md from a description, or a better version of an
 * existing one. Every result is validated like any skill file (a model whose answer does not
 * validate is asked once more, with the errors) and scanned before it is handed back. Without a
 * model provider, a deterministic scaffold is built instead, and the stream says so.
 */
export class SkillGenerator {
  constructor(private readonly options: SkillGeneratorOptions) {}

  /** Rejects input that cannot produce anything, before any stream is opened. */
  check(input: GenerateInput): void {
    if (input.type === 'generate' && !input.description?.trim()) throw badRequest('description is required when type is "generate": say what the skill should do');
    if (input.type === 'enhance' && !input.current_content?.trim()) throw badRequest('current_content is required when type is "enhance": send the SKILL.md to improve');
    if (input.name !== undefined && !toSkillName(input.name)) throw badRequest('name must contain letters or digits');
  }

  async run(ctx: ActionContext, input: GenerateInput, emit: (event: GenerateEvent) => void, signal: AbortSignal): Promise<void> {
    this.check(input);
    const name = input.name !== undefined ? toSkillName(input.name) : undefined;
    const provider = this.options.provider;
    let outcome: { content: string; valid: boolean; name: string | null; failure?: { message: string; code: string } };
    if (!provider) {
      emit({ type: 'notice', kind: 'scaffold', message: SCAFFOLD_NOTICE });
      const content =
        input.type === 'generate'
          ? scaffoldSkill({ description: input.description!, name, skill_description: input.skill_description })
          : enhanceScaffold({ current_content: input.current_content!, name, skill_description: input.skill_description });
      emit({ type: 'content', text: content, attempt: 1 });
      const checked = validate(content, name);
      emit(validationEvent(1, checked));
      outcome = { content, valid: checked.valid, name: checked.name };
    } else {
      outcome = await this.withModel(provider, input, name, emit, signal);
    }
    if (signal.aborted) return;

    const scan = outcome.content ? await this.scan(outcome.name ?? name ?? 'generated-skill', outcome.content) : undefined;
    if (scan) emit({ type: 'scan', ...scan });
    if (outcome.failure) emit({ type: 'error', ...outcome.failure });
    emit({ type: 'done', name: outcome.name, content: outcome.content, valid: outcome.valid, scaffold: !provider });
    await this.options.audit
      .record(ctx, {
        action: 'skill.generate',
        resource_type: 'skill',
        resource_id: outcome.name,
        outcome: outcome.failure ? 'failure' : 'success',
        details: { type: input.type, scaffold: !provider, valid: outcome.valid, scan_verdict: scan?.verdict ?? null, model: provider?.defaultModel ?? null },
      })
      .catch((err: unknown) => this.options.logger.error({ err }, 'could not audit a skill generation'));
  }

  private async withModel(provider: ChatProvider, input: GenerateInput, name: string | undefined, emit: (event: GenerateEvent) => void, signal: AbortSignal) {
    let messages: ChatMessage[] =
      input.type === 'generate'
        ? generateMessages({ description: input.description!, name, skill_description: input.skill_description })
        : enhanceMessages({ current_content: input.current_content!, instruction: input.instruction, name, skill_description: input.skill_description });
    let content = '';
    let checked: ReturnType<typeof validate> | undefined;
    for (let attempt = 1; attempt <= 2; attempt++) {
      if (attempt === 2) {
        emit({ type: 'reset', reason: 'the first answer was not a valid SKILL.md; asking the model again with the errors' });
      }
      let answer: string;
      try {
        const result = await provider.chat({ messages, maxTokens: this.options.maxTokens ?? 4096 }, { signal, onDelta: (text) => emit({ type: 'content', text, attempt }) });
        answer = result.text;
      } catch (err) {
        if (!(err instanceof ProviderError)) throw err;
        return { content, valid: checked?.valid ?? false, name: checked?.name ?? null, failure: { message: `Model provider failed: ${err.message}`, code: err.code } };
      }
      content = extractSkill(answer);
      checked = validate(content, name);
      emit(validationEvent(attempt, checked));
      if (checked.valid) break;
      messages = correctionMessages(messages, answer, checked.errors);
    }
    const failure = checked!.valid ? undefined : { message: 'The model did not produce a valid SKILL.md, even when shown the errors; fix the problems listed in the validation event', code: 'invalid_skill' };
    return { content, valid: checked!.valid, name: checked!.name, failure };
  }

  private async scan(name: string, content: string): Promise<ScanResult> {
    try {
      return await scanSkill({ name, files: [{ path: 'SKILL.md', content }] });
    } catch (err) {
      this.options.logger.error({ err }, 'scanning generated content failed');
      return {
        verdict: 'error',
        max_severity: null,
        counts: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFO: 0 },
        findings: [],
        errors: ['the scanner failed on this content'],
        files_scanned: 0,
        bytes_scanned: 0,
        duration_ms: 0,
        rule_pack_version: 'unknown',
      };
    }
  }
}

function validate(content: string, expectedName: string | undefined) {
  const outcome = parseSkill(content, { file: 'SKILL.md', layout: 'agent-skills', expectedName });
  const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
  const warnings = outcome.diagnostics.filter((d) => d.severity === 'warning');
  return { valid: outcome.ok, errors, warnings, name: outcome.ok ? outcome.skill.manifest.name : null };
}

function validationEvent(attempt: number, checked: ReturnType<typeof validate>): GenerateEvent {
  return { type: 'validation', attempt, valid: checked.valid, errors: checked.errors, warnings: checked.warnings };
}
