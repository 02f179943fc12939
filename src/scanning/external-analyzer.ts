import { RULE_CATEGORIES, SEVERITIES, type Finding, type RuleCategory, type ScanFile, type Severity } from '../scanner/index.js';

export interface ExternalAnalyzerOptions {
  url: string;
  token: string | undefined;
  timeoutMs: number;
  /** Replaceable in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

/** Why an external analysis failed, in words for the scan's `errors` (never the token). */
export class ExternalAnalyzerError extends Error {}

const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const MAX_FINDINGS = 1000;
const MAX_TEXT = 2000;

/**
 * An analyzer outside Skillport, asked over HTTP after the built-in scan: the skill's files go in as
 * JSON, findings come out, within a time limit. Its findings join the built-in ones (rule ids
 * prefixed `external:`); when it fails, answers late or answers something malformed, the scan's
 * verdict is `error`, never `passed`. The protocol is in docs/scanner.md.
 */
export class ExternalAnalyzer {
  private readonly fetch: typeof fetch;
  /** Where it is, for messages: origin and path, never a query that may carry a secret. */
  readonly where: string;

  constructor(private readonly options: ExternalAnalyzerOptions) {
    this.fetch = options.fetch ?? fetch;
    const url = new URL(options.url);
    this.where = `${url.origin}${url.pathname}`;
  }

  async analyze(skill: { name: string }, files: readonly ScanFile[], rulePackVersion: string): Promise<Finding[]> {
    const body = {
      skill: { name: skill.name },
      rule_pack_version: rulePackVersion,
      files: files.map((file) =>
        typeof file.content === 'string'
          ? { path: file.path, encoding: 'utf-8', content: file.content }
          : { path: file.path, encoding: 'base64', content: Buffer.from(file.content).toString('base64') },
      ),
    };
    let response: Response;
    try {
      response = await this.fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}) },
        body: JSON.stringify(body),
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
      throw new ExternalAnalyzerError(timedOut ? `the external analyzer at ${this.where} did not answer within ${this.options.timeoutMs} ms` : `the external analyzer at ${this.where} could not be reached (${describe(err)})`);
    }
    let text: string;
    try {
      text = await readLimited(response, MAX_RESPONSE_BYTES);
    } catch (err) {
      throw new ExternalAnalyzerError(`the external analyzer at ${this.where} ${err instanceof ExternalAnalyzerError ? err.message : `broke off its answer (${describe(err)})`}`);
    }
    if (!response.ok) throw new ExternalAnalyzerError(`the external analyzer at ${this.where} answered HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ExternalAnalyzerError(`the external analyzer at ${this.where} answered something other than JSON`);
    }
    return toFindings(parsed, this.where, new Set(files.map((file) => file.path)));
  }
}

function toFindings(parsed: unknown, where: string, paths: Set<string>): Finding[] {
  const bad = (what: string) => new ExternalAnalyzerError(`the external analyzer at ${where} answered ${what}; expected {"findings": [{"rule_id", "severity", "message", ...}]}`);
  if (parsed === null || typeof parsed !== 'object' || !Array.isArray((parsed as { findings?: unknown }).findings)) throw bad('without a findings list');
  const list = (parsed as { findings: unknown[] }).findings;
  if (list.length > MAX_FINDINGS) throw bad(`${list.length} findings (the limit is ${MAX_FINDINGS})`);
  return list.map((raw, i) => {
    if (raw === null || typeof raw !== 'object') throw bad(`a finding #${i} that is not an object`);
    const f = raw as Record<string, unknown>;
    const ruleId = f.rule_id;
    if (typeof ruleId !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/.test(ruleId)) throw bad(`finding #${i} without a rule_id (letters, digits, . _ : / -, at most 100)`);
    if (!SEVERITIES.includes(f.severity as Severity)) throw bad(`finding #${i} with severity ${JSON.stringify(f.severity)} (one of ${SEVERITIES.join(', ')})`);
    if (typeof f.message !== 'string' || f.message.trim() === '') throw bad(`finding #${i} without a message`);
    const file = typeof f.file_path === 'string' && paths.has(f.file_path) ? f.file_path : 'SKILL.md';
    return {
      rule_id: `external:${ruleId}`,
      category: RULE_CATEGORIES.includes(f.category as RuleCategory) ? (f.category as RuleCategory) : 'tool_misuse',
      severity: f.severity as Severity,
      title: clip(typeof f.title === 'string' && f.title.trim() ? f.title : ruleId, 200),
      message: clip(f.message, MAX_TEXT),
      file_path: file,
      line: wholeNumber(f.line),
      column: wholeNumber(f.column),
      snippet: clip(typeof f.snippet === 'string' ? f.snippet : '', 300),
      remediation: clip(typeof f.remediation === 'string' ? f.remediation : 'Review the external analyzer\'s finding.', MAX_TEXT),
      source: 'external',
    };
  });
}

async function readLimited(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new ExternalAnalyzerError(`answered ${declared} bytes (the limit is ${limit})`);
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new ExternalAnalyzerError(`answered more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const wholeNumber = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 1e9 ? value : 0);
const describe = (err: unknown) => {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
};
