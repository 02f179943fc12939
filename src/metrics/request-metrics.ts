/** Upper bounds of the request latency buckets, in seconds. */
export const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

interface Tally {
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative), the last slot for those above every bound. */
  buckets: Float64Array;
}

/** One route and method; its tallies by status code. */
export interface RouteTally {
  route: string;
  method: string;
  byStatus: Map<number, Tally>;
}

type MetricValue = { value: number; labels: Record<string, string | number>; metricName?: string };

/**
 * Requests by route, method and status, with a latency histogram. Counting happens on every
 * request, so it is kept to a map lookup and a few additions on plain numbers; the Prometheus
 * shape is built only when scraped. The two objects registered with prom-client's registry
 * (`counter`, `histogram`) answer its `get()` from these tallies.
 */
export class RequestMetrics {
  private readonly routes: RouteTally[] = [];

  /** The tally of one route, made once when the route is registered. */
  route(route: string, method: string): RouteTally {
    const tally: RouteTally = { route, method, byStatus: new Map() };
    this.routes.push(tally);
    return tally;
  }

  /** Counts one answered request; `seconds` is how long it took. */
  observe(tally: RouteTally, status: number, seconds: number): void {
    let entry = tally.byStatus.get(status);
    if (entry === undefined) {
      entry = { count: 0, sum: 0, buckets: new Float64Array(REQUEST_BUCKETS.length + 1) };
      tally.byStatus.set(status, entry);
    }
    entry.count++;
    entry.sum += seconds;
    let i = 0;
    while (i < REQUEST_BUCKETS.length && seconds > REQUEST_BUCKETS[i]!) i++;
    entry.buckets[i]!++;
  }

  readonly counter = {
    name: 'skillport_http_requests_total',
    help: 'HTTP requests answered, by route template, method and status code',
    type: 'counter',
    get: async () => ({ name: this.counter.name, help: this.counter.help, type: 'counter', aggregator: 'sum', values: this.counterValues() }),
  };

  readonly histogram = {
    name: 'skillport_http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its answer, by route template and method',
    type: 'histogram',
    get: async () => ({ name: this.histogram.name, help: this.histogram.help, type: 'histogram', aggregator: 'sum', values: this.histogramValues() }),
  };

  private counterValues(): MetricValue[] {
    const values: MetricValue[] = [];
    for (const tally of this.routes) {
      for (const [status, entry] of tally.byStatus) values.push({ value: entry.count, labels: { route: tally.route, method: tally.method, status } });
    }
    return values;
  }

  private histogramValues(): MetricValue[] {
    const values: MetricValue[] = [];
    const name = this.histogram.name;
    for (const tally of this.routes) {
      if (tally.byStatus.size === 0) continue;
      const buckets = new Float64Array(REQUEST_BUCKETS.length + 1);
      let count = 0;
      let sum = 0;
      for (const entry of tally.byStatus.values()) {
        count += entry.count;
        sum += entry.sum;
        for (let i = 0; i < buckets.length; i++) buckets[i]! += entry.buckets[i]!;
      }
      const labels = { route: tally.route, method: tally.method };
      let cumulative = 0;
      for (let i = 0; i < REQUEST_BUCKETS.length; i++) {
        cumulative += buckets[i]!;
        values.push({ metricName: `${name}_bucket`, value: cumulative, labels: { ...labels, le: REQUEST_BUCKETS[i]! } });
      }
      values.push({ metricName: `${name}_bucket`, value: count, labels: { ...labels, le: '+Inf' } });
      values.push({ metricName: `${name}_sum`, value: sum, labels });
      values.push({ metricName: `${name}_count`, value: count, labels });
    }
    return values;
  }
}
