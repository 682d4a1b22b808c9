/**
 * heapcensus/otel: per-class metrics as OpenTelemetry instruments with observable callbacks,
 * on whatever MeterProvider and exporter the app configured (Node or browser). Imports only
 * types from @opentelemetry/api, so nothing is loaded besides the meter you pass.
 * @example
 * import { metrics } from '@opentelemetry/api';
 * import { tracker } from 'heapcensus';
 * import { observeHeapcensus } from 'heapcensus/otel';
 * observeHeapcensus(metrics.getMeter('my-app'), { tracker });
 */
import type { BatchObservableCallback, Meter, Observable } from '@opentelemetry/api';
import { CLASS_ATTRIBUTE, MetricsView, SNAPSHOT_BUCKETS, type MetricsOptions } from '../src/tracker/MetricsView.js';

export { CLASS_ATTRIBUTE, OTHER_CLASSES, DEFAULT_TOP_CLASSES, MAX_TOP_CLASSES, looksMinified, type MetricsOptions, type MetricsSource } from '../src/tracker/MetricsView.js';

/** What `observeHeapcensus` returns. */
export interface HeapcensusObserver {
  /** Stops the observable callbacks and the snapshot histogram (instruments stay on the meter). */
  stop(): void;
}

/**
 * Creates the heapcensus instruments on `meter`: `heapcensus.instance.live` and
 * `heapcensus.memory.used` (async UpDownCounters), `heapcensus.instance.created` and
 * `heapcensus.instance.collected` (async Counters), `heapcensus.snapshot.duration` (Histogram),
 * attribute `heapcensus.class.name`, at most `topClasses + 1` classes per collection.
 */
export function observeHeapcensus(meter: Meter, options: MetricsOptions): HeapcensusObserver {
  if (meter === null || typeof meter !== 'object' || typeof meter.createObservableCounter !== 'function') {
    throw new TypeError('observeHeapcensus: the first argument must be an OpenTelemetry Meter (metrics.getMeter(name))');
  }
  const view = new MetricsView(options, (m) => console.warn(m));
  const live = meter.createObservableUpDownCounter('heapcensus.instance.live', { unit: '{instance}', description: 'Live instances of tracked classes' });
  const used = meter.createObservableUpDownCounter('heapcensus.memory.used', { unit: 'By', description: 'Bytes of tracked classes at the latest heapcensus snapshot (layout model)' });
  const created = meter.createObservableCounter('heapcensus.instance.created', { unit: '{instance}', description: 'Instances of tracked classes created' });
  const collected = meter.createObservableCounter('heapcensus.instance.collected', { unit: '{instance}', description: 'Instances of tracked classes collected by the garbage collector' });
  const duration = meter.createHistogram('heapcensus.snapshot.duration', {
    unit: 's',
    description: 'How long heapcensus snapshots took',
    advice: { explicitBucketBoundaries: [...SNAPSHOT_BUCKETS] },
  });
  const observables: Observable[] = [live, used, created, collected];
  const callback: BatchObservableCallback = (result) => {
    for (const s of view.collect()) {
      const attributes = { [CLASS_ATTRIBUTE]: s.className };
      result.observe(live, s.live, attributes);
      result.observe(used, s.bytes, attributes);
      result.observe(created, s.created, attributes);
      result.observe(collected, s.collected, attributes);
    }
  };
  meter.addBatchObservableCallback(callback, observables);
  const stopSnapshots = view.onSnapshot((seconds) => duration.record(seconds));
  return {
    stop() {
      stopSnapshots();
      meter.removeBatchObservableCallback(callback, observables);
    },
  };
}
