/** One result of an instant query: the series' labels and `[unixSeconds, "value"]`. */
export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** A Prometheus server started by `startPrometheus`. */
export interface PrometheusServer {
  /** e.g. `http://127.0.0.1:43210` */
  url: string;
  pid: number | undefined;
  /** Runs an instant PromQL query. */
  query(promql: string): Promise<PromSample[]>;
  /** Re-runs `promql` until `accept(result)` holds; resolves to that result. */
  waitFor(promql: string, accept: (result: PromSample[]) => boolean): Promise<PromSample[]>;
  /** Stops the server (by its PID) and removes its config and data. */
  stop(): Promise<void>;
}

/** A scrape target: `address` is `host:port`; `path` defaults to `/metrics`. */
export interface ScrapeTarget {
  job: string;
  address: string;
  path?: string;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number>;

/** Starts Debian's `prometheus` on 127.0.0.1 with a temporary config and TSDB; resolves once ready. */
export function startPrometheus(options: { targets: ScrapeTarget[]; scrapeInterval?: string; binary?: string }): Promise<PrometheusServer>;
