import type { SkillEntry } from '../catalog/index.js';
import type { ScanOverride, ScanSummaryRecord, Store } from '../store/index.js';
import { decide, type QuarantineDecision } from './decision.js';
import { entryDigest, entryId } from './digest.js';
import { DEFAULT_POLICY, storedPolicy, type EffectivePolicy } from './policy.js';
import { effectiveRulePackVersion } from './rule-settings.js';

/**
 * What the server knows about scans, in memory so catalog reads never wait on the database: the
 * newest result per content digest (without findings), the policy, and the overrides. Every
 * change bumps `generation`, which caches of policy-dependent answers key on.
 */
export class ScanState {
  private readonly results = new Map<string, ScanSummaryRecord>();
  private readonly overrides = new Map<string, ScanOverride>();
  private current: EffectivePolicy = { ...DEFAULT_POLICY, updated_at: null, updated_by: null };
  private decisions = new WeakMap<SkillEntry, QuarantineDecision>();
  private version = 0;
  private packVersion: string;
  private readonly rulesListeners = new Set<() => void>();

  /** `external`: an external analyzer takes part in every scan, so results made without one are stale. */
  constructor(
    private readonly basePackVersion: string,
    private readonly external = false,
  ) {
    this.packVersion = this.versionFor(this.current);
  }

  /**
   * What a result must carry to be current: the rule pack's version, with the policy's rule
   * settings and the external analyzer folded in. Changing either makes every stored result stale.
   */
  get rulePackVersion(): string {
    return this.packVersion;
  }

  /** Told when the rule settings change (here or on another node), so stale results are scanned again. */
  onRulesChanged(listener: () => void): () => void {
    this.rulesListeners.add(listener);
    return () => this.rulesListeners.delete(listener);
  }

  private versionFor(policy: EffectivePolicy): string {
    return effectiveRulePackVersion(this.basePackVersion, policy.rules, this.external);
  }

  private setCurrent(policy: EffectivePolicy): void {
    this.current = policy;
    const version = this.versionFor(policy);
    if (version === this.packVersion) return;
    this.packVersion = version;
    for (const listener of this.rulesListeners) listener();
  }

  /** Reads everything from the store, replacing what was held. */
  async load(store: Store): Promise<void> {
    const [summaries, overrides, stored] = await Promise.all([store.scans.latestSummaries(), store.scans.listOverrides(), store.scans.getPolicy()]);
    this.results.clear();
    for (const summary of summaries) this.results.set(summary.digest, summary);
    this.setOverrides(overrides);
    this.setCurrent(stored ? { ...storedPolicy(stored.policy), updated_at: stored.updated_at, updated_by: stored.updated_by } : { ...DEFAULT_POLICY, updated_at: null, updated_by: null });
    this.changed();
  }

  /** Re-reads the newest result of one digest (another node scanned it). */
  async reloadResult(store: Store, digest: string): Promise<void> {
    const summary = await store.scans.latestSummary(digest);
    if (summary) this.results.set(digest, summary);
    else this.results.delete(digest);
    this.changed();
  }

  /** Re-reads the overrides (another node changed one). */
  async reloadOverrides(store: Store): Promise<void> {
    this.setOverrides(await store.scans.listOverrides());
    this.changed();
  }

  /** Re-reads the policy (another node changed it). */
  async reloadPolicy(store: Store): Promise<void> {
    const stored = await store.scans.getPolicy();
    this.setCurrent(stored ? { ...storedPolicy(stored.policy), updated_at: stored.updated_at, updated_by: stored.updated_by } : { ...DEFAULT_POLICY, updated_at: null, updated_by: null });
    this.changed();
  }

  private setOverrides(overrides: readonly ScanOverride[]): void {
    this.overrides.clear();
    for (const override of overrides) this.overrides.set(override.digest, override);
  }

  get generation(): number {
    return this.version;
  }

  get policy(): EffectivePolicy {
    return this.current;
  }

  setPolicy(policy: EffectivePolicy): void {
    this.setCurrent(policy);
    this.changed();
  }

  remember(summary: ScanSummaryRecord): void {
    this.results.set(summary.digest, summary);
    this.changed();
  }

  /** True when the entry has a result from the current rule pack. */
  isCurrent(entry: SkillEntry): boolean {
    return this.results.get(entryDigest(entry))?.rule_pack_version === this.rulePackVersion;
  }

  addOverride(override: ScanOverride): void {
    this.overrides.set(override.digest, override);
    this.changed();
  }

  removeOverride(id: string): ScanOverride | undefined {
    for (const [digest, override] of this.overrides) {
      if (override.id !== id) continue;
      this.overrides.delete(digest);
      this.changed();
      return override;
    }
    return undefined;
  }

  listOverrides(): ScanOverride[] {
    return [...this.overrides.values()];
  }

  /** The override covering an entry's content, unless it has expired (`now` -Infinity: expired ones too). */
  overrideFor(entry: SkillEntry, now = Date.now()): ScanOverride | undefined {
    return live(this.overrides.get(entryDigest(entry)), now);
  }

  /** The policy's decision for one entry; cached per entry until anything scan-related changes. */
  decisionFor(entry: SkillEntry): QuarantineDecision {
    const cached = this.decisions.get(entry);
    if (cached) return cached;
    const digest = entryDigest(entry);
    const result = this.results.get(digest);
    const override = this.overrides.get(digest);
    const decision = decide(this.current, {
      id: entryId(entry),
      name: entry.name,
      scan_status: result?.verdict ?? 'unscanned',
      max_severity: result?.max_severity ?? null,
      override: live(override, Date.now())?.reason ?? null,
    });
    // A decision resting on an override that expires is not kept: it must lapse on time.
    if (!override?.expires_at) this.decisions.set(entry, decision);
    return decision;
  }

  private changed(): void {
    this.version++;
    this.decisions = new WeakMap();
  }
}

function live(override: ScanOverride | undefined, now: number): ScanOverride | undefined {
  return override && (override.expires_at === null || Date.parse(override.expires_at) > now) ? override : undefined;
}
