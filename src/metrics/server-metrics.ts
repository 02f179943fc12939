import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Catalog } from '../catalog/index.js';
import type { ChangeListener } from '../cluster/index.js';
import type { Store } from '../store/index.js';
import { RequestMetrics } from './request-metrics.js';

export interface MetricsSources {
  catalog: Catalog;
  store: Store;
  cluster: ChangeListener;
  /** The background scanner's queue. */
  scanQueue: () => { pending: number; running: boolean };
}

/**
 * Everything `/metrics` reports, in its own registry (several servers may share one process).
 * Per-node figures are counted as things happen; the database's figures (jobs, tasks, tokens,
 * deliveries) are read when scraped, so every node reports the same cluster-wide values there.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly requests = new RequestMetrics();
  readonly propagation: Histogram<'table'>;
  readonly resyncs: Counter;
  readonly scans: Counter<'trigger' | 'verdict'>;
  private sources: MetricsSources | undefined;

  constructor() {
    const registers = [this.registry];
    this.registry.registerMetric(this.requests.counter as never);
    this.registry.registerMetric(this.requests.histogram as never);
    collectDefaultMetrics({ register: this.registry, prefix: 'skillport_process_', eventLoopMonitoringPrecision: 20 });
    this.propagation = new Histogram({
      name: 'skillport_change_propagation_seconds',
      help: "Time from a change's commit by another node (or the CLI) to its being applied on this node, by table",
      labelNames: ['table'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.resyncs = new Counter({ name: 'skillport_change_resyncs_total', help: 'Full reloads after the change listener lost and regained its connection', registers });
    this.scans = new Counter({ name: 'skillport_scans_total', help: 'Skills scanned on this node, by trigger (save, load, job) and verdict', labelNames: ['trigger', 'verdict'], registers });

    const from = <T>(read: (sources: MetricsSources) => T, fallback: T): T => (this.sources ? read(this.sources) : fallback);
    new Gauge({ name: 'skillport_catalog_skills', help: 'Skill names in this node’s catalog', registers, collect() { this.set(from((s) => s.catalog.snapshot().size, 0)); } });
    new Gauge({ name: 'skillport_catalog_generation', help: 'Generation of this node’s catalog snapshot (rises with every change)', registers, collect() { this.set(from((s) => s.catalog.generation, 0)); } });
    new Gauge({ name: 'skillport_change_listener_connected', help: '1 when this node hears other nodes’ changes (always 1 on SQLite)', registers, collect() { this.set(from((s) => (s.cluster.connected ? 1 : 0), 0)); } });
    new Gauge({ name: 'skillport_scan_queue', help: 'Skills waiting for a background scan on this node', registers, collect() { this.set(from((s) => s.scanQueue().pending, 0)); } });
    const pool = new Gauge({ name: 'skillport_db_pool_connections', help: 'Database pool connections by state (in_use, idle, waiting requests); PostgreSQL only', labelNames: ['state'], registers });
    const up = new Gauge({ name: 'skillport_db_up', help: '1 when the database answered this scrape', registers });
    const jobs = new Gauge({ name: 'skillport_scan_jobs', help: 'Scan jobs by status (whole cluster)', labelNames: ['status'], registers });
    const tasks = new Gauge({ name: 'skillport_tasks', help: 'Tasks by status (whole cluster)', labelNames: ['status'], registers });
    const tokens = new Gauge({ name: 'skillport_model_tokens', help: 'Model tokens used by stored tasks, by kind (prompt, completion); whole cluster', labelNames: ['kind'], registers });
    const deliveries = new Gauge({ name: 'skillport_webhook_deliveries', help: 'Webhook deliveries by status (pending, succeeded, failed); whole cluster', labelNames: ['status'], registers });
    // Read once per scrape, before any metric is formatted.
    this.refreshFromStore = async () => {
      const sources = this.sources;
      if (!sources) return;
      const usage = sources.store.poolUsage();
      if (usage) {
        pool.set({ state: 'in_use' }, usage.total - usage.idle);
        pool.set({ state: 'idle' }, usage.idle);
        pool.set({ state: 'waiting' }, usage.waiting);
      }
      try {
        const counts = await sources.store.counts();
        up.set(1);
        setAll(jobs, counts.scanJobs);
        setAll(tasks, counts.tasks);
        setAll(deliveries, counts.deliveries);
        tokens.set({ kind: 'prompt' }, counts.tokens.prompt);
        tokens.set({ kind: 'completion' }, counts.tokens.completion);
      } catch {
        up.set(0);
      }
    };
  }

  private readonly refreshFromStore: () => Promise<void>;

  /** Connects the gauges to what they read. */
  bind(sources: MetricsSources): void {
    this.sources = sources;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async render(): Promise<string> {
    await this.refreshFromStore();
    return this.registry.metrics();
  }
}

function setAll(gauge: Gauge<'status'>, counts: Record<string, number>): void {
  gauge.reset();
  for (const [status, count] of Object.entries(counts)) gauge.set({ status }, count);
}
