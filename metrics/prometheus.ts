/**
 * heapcensus/prometheus: per-class metrics as prom-client collectors (prom-client is an
 * optional peer dependency, loaded only through this entry).
 * @example
 * import { register } from 'prom-client';
 * import { tracker } from 'heapcensus';
 * import { registerHeapcensusMetrics } from 'heapcensus/prometheus';
 * registerHeapcensusMetrics({ registry: register, tracker });
 */
import { Counter, Gauge, Histogram, register, type Registry } from 'prom-client';
import { MetricsView, SNAPSHOT_BUCKETS, type ClassSeries, type MetricsOptions } from '../src/tracker/MetricsView.js';

export { OTHER_CLASSES, DEFAULT_TOP_CLASSES, MAX_TOP_CLASSES, looksMinified, type MetricsOptions, type MetricsSource } from '../src/tracker/MetricsView.js';

/** Options of `registerHeapcensusMetrics`. */
export interface PrometheusMetricsOptions extends MetricsOptions {
  /** The registry to register with (default: prom-client's global `register`). */
  registry?: Registry;
}

/** What `registerHeapcensusMetrics` returns: the names it registered and how to take them back. */
export interface HeapcensusPrometheusMetrics {
  /** The Prometheus metric names registered. */
  readonly names: readonly string[];
  /** Removes the metrics from the registry and stops observing snapshots. */
  unregister(): void;
}

/** The Prometheus label that carries `heapcensus.class.name`. */
export const CLASS_LABEL = 'heapcensus_class_name';

/**
 * Registers the heapcensus metrics (live instances, model bytes at the latest snapshot,
 * created and collected totals, snapshot durations) with a prom-client registry, at most
 * `topClasses + 1` series each. Throws when the registry already holds them.
 */
export function registerHeapcensusMetrics(options: PrometheusMetricsOptions): HeapcensusPrometheusMetrics {
  const view = new MetricsView(options, (m) => console.warn(m));
  const registry = options.registry ?? register;
  const labelNames = [CLASS_LABEL] as const;
  const label = (s: ClassSeries) => ({ [CLASS_LABEL]: s.className });
  // Each collect() refills its metric from the view's current collection (shared by one scrape).
  const gauge = (name: string, help: string, value: (s: ClassSeries) => number) =>
    new Gauge({
      name, help, labelNames, registers: [],
      collect() {
        this.reset();
        for (const s of view.read(name)) this.set(label(s), value(s));
      },
    });
  const counter = (name: string, help: string, value: (s: ClassSeries) => number) =>
    new Counter({
      name, help, labelNames, registers: [],
      collect() {
        this.reset();
        for (const s of view.read(name)) this.inc(label(s), value(s));
      },
    });
  const metrics = [
    gauge('heapcensus_instance_live', 'Live instances of tracked classes', (s) => s.live),
    gauge('heapcensus_memory_used_bytes', 'Bytes of tracked classes at the latest heapcensus snapshot (layout model)', (s) => s.bytes),
    counter('heapcensus_instance_created_total', 'Instances of tracked classes created', (s) => s.created),
    counter('heapcensus_instance_collected_total', 'Instances of tracked classes collected by the garbage collector', (s) => s.collected),
  ];
  const duration = new Histogram({
    name: 'heapcensus_snapshot_duration_seconds',
    help: 'How long heapcensus snapshots took',
    buckets: [...SNAPSHOT_BUCKETS],
    registers: [],
  });
  const all = [...metrics, duration];
  const registered: string[] = [];
  try {
    for (const m of all) {
      registry.registerMetric(m);
      registered.push((m as unknown as { name: string }).name);
    }
  } catch (e) {
    for (const n of registered) registry.removeSingleMetric(n);
    throw e;
  }
  const stop = view.onSnapshot((seconds) => duration.observe(seconds));
  return {
    names: registered,
    unregister() {
      stop();
      for (const n of registered) registry.removeSingleMetric(n);
    },
  };
}
