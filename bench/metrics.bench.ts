/**
 * Cost of one Prometheus scrape with heapcensus metrics: prom-client's `registry.metrics()`
 * with the default Node metrics alone (the baseline) against the same plus
 * `registerHeapcensusMetrics` over a tracker of 20 and of 1,000 classes (10 live instances
 * each, one snapshot taken, default topClasses 20). Registries sampled interleaved, order rotating.
 */
import { Registry, collectDefaultMetrics } from 'prom-client';
import { registerHeapcensusMetrics } from '../metrics/prometheus.js';
import { ClassTracker } from '../platform/node/index.js';
import { QUICK, check, consume, fmt, gcNow, mdTable, median, now, report, rotate, type Figure } from './harness.js';

const WARMUP = QUICK ? 1 : 3;
const REPS = QUICK ? 3 : 9;
const SCRAPES = QUICK ? 20 : 200;
const PER_CLASS = 10;

interface Variant {
  name: string;
  classes: number;
  registry: Registry;
  tracker?: ClassTracker;
  kept: object[];
  samples: number[];
}

function variant(name: string, classes: number): Variant {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const kept: object[] = [];
  if (classes === 0) return { name, classes, registry, kept, samples: [] };
  const tracker = new ClassTracker();
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < PER_CLASS; i++) {
      const o = { id: i, data: [c, i, c + i] };
      tracker.trackObject(o, { name: `Class${c}` });
      kept.push(o);
    }
  }
  tracker.snapshotSync('bench');
  registerHeapcensusMetrics({ registry, tracker });
  return { name, classes, registry, tracker, kept, samples: [] };
}

async function scrapeMs(v: Variant): Promise<number> {
  const t0 = now();
  for (let k = 0; k < SCRAPES; k++) consume((await v.registry.metrics()).length);
  return (now() - t0) / SCRAPES;
}

async function main(): Promise<void> {
  const variants = [variant('prom-client default metrics alone', 0), variant('defaults + heapcensus, 20 classes', 20), variant('defaults + heapcensus, 1,000 classes', 1000)];
  // Sanity: the heapcensus series are there, bounded to topClasses + 1.
  const text = await variants[2]!.registry.metrics();
  check((text.match(/^heapcensus_instance_live\{/gm) ?? []).length === 21, '1,000 classes export 21 live series');
  check(!(await variants[0]!.registry.metrics()).includes('heapcensus_'), 'the baseline has no heapcensus series');
  for (let rep = 0; rep < WARMUP + REPS; rep++) {
    for (const v of rotate(variants, rep)) {
      gcNow();
      const ms = await scrapeMs(v);
      if (rep >= WARMUP) v.samples.push(ms);
    }
  }
  const base = median(variants[0]!.samples);
  const rows = variants.map((v) => {
    const m = median(v.samples);
    return { v, m, added: m - base, ratio: m / base, range: `${fmt(Math.min(...v.samples) * 1000)} - ${fmt(Math.max(...v.samples) * 1000)}` };
  });
  const table = mdTable(
    ['registry', 'µs per scrape (median)', 'min - max', 'added by heapcensus, µs', 'scrape / defaults alone', 'bytes of exposition text'],
    await Promise.all(rows.map(async (r) => [r.v.name, fmt(r.m * 1000), r.range, r.v.classes === 0 ? '' : fmt(r.added * 1000), `${fmt(r.ratio)}x`, String((await r.v.registry.metrics()).length)])),
  );
  const figures: Figure[] = [{ name: 'scrape, prom-client default metrics alone', value: base * 1000, unit: ' µs' }];
  for (const r of rows.slice(1)) {
    figures.push({ name: `scrape with heapcensus, ${r.v.classes.toLocaleString('en-US')} classes`, value: r.m * 1000, unit: ' µs' });
    figures.push({ name: `scrape with heapcensus, ${r.v.classes.toLocaleString('en-US')} classes / defaults alone`, value: r.ratio, unit: 'x' });
  }
  for (const v of variants) check(v.kept.length === v.classes * PER_CLASS, 'instances kept alive');
  report({
    bench: 'metrics',
    title: 'Metrics: one Prometheus scrape with heapcensus',
    method:
      `prom-client 15.1.3 registry.metrics() (text exposition), ${SCRAPES} scrapes per sample, ${REPS} samples after ${WARMUP} warm-up, variants interleaved in rotating order, ` +
      `a full GC before each sample. Baseline: a registry with collectDefaultMetrics() only. The heapcensus variants add registerHeapcensusMetrics() (topClasses 20) over a tracker ` +
      `of 20 or 1,000 classes with ${PER_CLASS} live instances each and one snapshot: each scrape calls tracker.counts() once and ranks the classes by bytes; it sizes nothing.`,
    table,
    figures,
    notes: [
      '1,000 classes still export 21 series per metric: the added time is mostly prom-client formatting those series (the exposition text doubles); counts() and the ranking grow with the number of classes, never with instances.',
      'Bytes come from the latest snapshot: see "Snapshot cost vs a bare traversal" for what a periodic snapshot costs (take one rarely, e.g. every 10 minutes).',
    ],
    params: { scrapes: SCRAPES, warmup: WARMUP, reps: REPS, perClass: PER_CLASS },
  });
  for (const v of variants) v.tracker?.clear();
}

await main();
