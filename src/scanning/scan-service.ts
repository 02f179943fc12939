import { randomUUID } from 'node:crypto';
import type { SkillEntry } from '../catalog/index.js';
import type { SkillManifest } from '../format/index.js';
import { DEFAULT_SCAN_LIMITS, RULE_PACK_VERSION, scanSkill, withFindings, type ScanFile, type ScanInput, type ScanLimits, type ScanResult } from '../scanner/index.js';
import type { RawSkillFile, SkillSource } from '../sources/types.js';
import type { ScanRecord, ScanSummaryRecord, SkillConfig, Store } from '../store/index.js';
import type { Logger } from '../util/logger.js';
import type { QuarantineDecision, ScanStatus } from './decision.js';
import { decide } from './decision.js';
import { entryDigest, entryId, rawDigest, textDigest } from './digest.js';
import { ScanState } from './scan-state.js';
import type { ExternalAnalyzer } from './external-analyzer.js';
import { applyRuleSettings } from './rule-settings.js';

/** What a config row carries after scan on save. */
export interface ConfigScan {
  scan_status: ScanStatus;
  scan_summary: Record<string, unknown> | null;
  /** Stored with the config in one transaction; null when the scanner failed. */
  record: ScanRecord | null;
}

export interface ContentScan {
  result: ScanResult;
  decision: QuarantineDecision;
}

export interface ScanServiceOptions {
  store: Store;
  sources: readonly SkillSource[];
  logger?: Logger;
  limits?: Partial<ScanLimits>;
  /** Told of every scan made, for metrics. */
  counted?: (trigger: ScanRecord['trigger'], verdict: string) => void;
  /** The scanner; replaceable so a failing one can be tried. */
  scan?: (input: ScanInput, limits?: Partial<ScanLimits>) => ScanResult;
  /** Asked after the built-in rules (`SKILLPORT_SCANNER_EXTERNAL_URL`). */
  external?: ExternalAnalyzer;
}


/**
 * Scans skills and keeps the results: catalog entries (read from their source), configs on save,
 * and content sent to be checked. The scanner itself is synchronous and bounded by its limits;
 * a scanner that throws is logged and leaves the skill `unscanned`, never fails the caller.
 */
export class ScanService {
  readonly state: ScanState;
  private readonly scan: (input: ScanInput, limits?: Partial<ScanLimits>) => ScanResult;

  constructor(private readonly options: ScanServiceOptions) {
    this.scan = options.scan ?? scanSkill;
    this.state = new ScanState(RULE_PACK_VERSION, options.external !== undefined);
  }

  async load(): Promise<void> {
    await this.state.load(this.options.store);
  }

  /**
   * Scans one catalog entry from its source's files and stores the result. Undefined when the
   * entry is gone or its files changed since it was loaded (the change brings its own scan).
   */
  async scanEntry(entry: SkillEntry, trigger: 'load' | 'job', jobId: string | null = null): Promise<ScanSummaryRecord | undefined> {
    const source = this.options.sources.find((candidate) => candidate.key === entry.source);
    // One byte past the limit is enough for the scanner to report a file as too large.
    const files = await source?.readFiles?.(entry, (this.options.limits?.maxFileBytes ?? DEFAULT_SCAN_LIMITS.maxFileBytes) + 1);
    if (!files || files.length === 0) return undefined;
    const digest = entryDigest(entry);
    if (!files.some((file) => file.truncated) && rawDigest(files) !== digest) return undefined;
    const result = await this.run(entry.name, files.map(toScanFile), entry.manifest);
    const record = toRecord({ digest, id: entryId(entry), name: entry.name, version: entry.version, source: entry.source }, result, trigger, jobId);
    await this.options.store.scans.addResult(record);
    this.options.counted?.(trigger, record.verdict);
    return this.remember(record);
  }

  /** Scan on save: bounded by the scanner's limits, and never a reason to refuse the save. */
  async scanConfig(config: SkillConfig, manifest?: SkillManifest): Promise<ConfigScan> {
    const files: ScanFile[] = [{ path: 'SKILL.md', content: config.skill_content }, ...Object.entries(config.ancillary_files).map(([path, content]) => ({ path, content }))];
    let result: ScanResult;
    try {
      result = await this.analyse(config.name, files, manifest);
    } catch (err) {
      this.options.logger?.error({ err, config_id: config.id }, 'scanner failed on save; the skill stays unscanned');
      return { scan_status: 'unscanned', scan_summary: null, record: null };
    }
    const digest = textDigest(config.skill_content, config.ancillary_files);
    const record = toRecord({ digest, id: `config:${config.id}`, name: config.name, version: config.version, source: 'config' }, result, 'save', null);
    this.options.counted?.('save', record.verdict);
    return { scan_status: result.verdict, scan_summary: summaryOf(record), record };
  }

  /** Called once a config's scan is stored, so the catalog shows it without another scan. */
  remember(record: ScanRecord): ScanSummaryRecord {
    const { findings: _findings, ...summary } = record;
    this.state.remember(summary);
    return summary;
  }

  /** Checks content without storing anything: what the policy would make of it if it were saved. */
  async scanContent(name: string, content: string, files: Record<string, string>): Promise<ContentScan> {
    // No manifest is passed: the scanner reads the frontmatter itself, leniently, so content the
    // validator would reject is still judged.
    const result = await this.analyse(name, [{ path: 'SKILL.md', content }, ...Object.entries(files).map(([path, text]) => ({ path, content: text }))], undefined);
    const decision = decide(this.state.policy, { id: '', name, scan_status: result.verdict, max_severity: result.max_severity, override: null });
    return { result, decision };
  }

  /**
   * Scans files that are about to be stored (a git import, a hub sync): the record to store in the
   * same transaction as the files, and what the policy makes of them. Nothing is stored here.
   */
  async prepareScan(subject: { digest: string; id: string; name: string; version: string; source: string }, files: ScanFile[], manifest: SkillManifest): Promise<{ record: ScanRecord; decision: QuarantineDecision }> {
    const result = await this.run(subject.name, files, manifest);
    const record = toRecord(subject, result, 'load', null);
    const decision = decide(this.state.policy, { id: subject.id, name: subject.name, scan_status: record.verdict, max_severity: record.max_severity, override: null });
    return { record, decision };
  }

  history(name: string, limit: number): Promise<ScanRecord[]> {
    return this.options.store.scans.history(name, { limit });
  }

  private async run(name: string, files: ScanFile[], manifest: SkillManifest | undefined): Promise<ScanResult | null> {
    try {
      return await this.analyse(name, files, manifest);
    } catch (err) {
      this.options.logger?.error({ err, skill: name }, 'scanner failed; the skill stays unscanned');
      return null;
    }
  }

  /**
   * The built-in rules with the policy's rule settings applied, then the external analyzer if one
   * is configured. Throws only when the built-in scanner itself fails. An external failure never
   * lets a skill pass: a result that would have passed becomes `error`, with the reason.
   */
  private async analyse(name: string, files: ScanFile[], manifest: SkillManifest | undefined): Promise<ScanResult> {
    let result = applyRuleSettings(this.scan({ name, files, manifest }, this.options.limits), this.state.policy.rules);
    const external = this.options.external;
    if (external) {
      try {
        const found = await external.analyze({ name }, files, RULE_PACK_VERSION);
        result = withFindings(result, [...result.findings, ...found]);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        this.options.logger?.warn({ skill: name, analyzer: external.where, reason }, 'external analyzer failed');
        result = { ...result, verdict: result.verdict === 'passed' ? 'error' : result.verdict, errors: [...result.errors, reason] };
      }
    }
    return { ...result, rule_pack_version: this.state.rulePackVersion };
  }
}

function toScanFile(file: RawSkillFile): ScanFile {
  return { path: file.path, content: file.content };
}

interface Subject {
  digest: string;
  id: string;
  name: string;
  version: string;
  source: string;
}

function toRecord(subject: Subject, result: ScanResult | null, trigger: ScanRecord['trigger'], jobId: string | null): ScanRecord {
  return {
    id: randomUUID(),
    digest: subject.digest,
    skill_id: subject.id,
    name: subject.name,
    version: subject.version,
    source: subject.source,
    verdict: result?.verdict ?? 'error',
    max_severity: result?.max_severity ?? null,
    counts: result ? { ...result.counts } : {},
    findings: result ? (result.findings as unknown as Array<Record<string, unknown>>) : [],
    errors: result ? result.errors : ['the scanner failed on this skill; see the server log'],
    rule_pack_version: result?.rule_pack_version ?? 'unknown',
    trigger,
    job_id: jobId,
    scanned_at: new Date().toISOString(),
  };
}

/** The `scan_summary` of a config row and of API answers: everything but the findings themselves. */
function summaryOf(record: ScanRecord): Record<string, unknown> {
  return {
    verdict: record.verdict,
    max_severity: record.max_severity,
    counts: record.counts,
    findings: record.findings.length,
    errors: record.errors,
    rule_pack_version: record.rule_pack_version,
    scanned_at: record.scanned_at,
  };
}
