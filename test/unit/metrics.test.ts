import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts6 from '@typescript/typescript6';
import { MeterProvider, MetricReader, type MetricData } from '@opentelemetry/sdk-metrics';
import fc from 'fast-check';
import { Histogram, Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { observeHeapcensus } from '../../metrics/otel.js';
import { registerHeapcensusMetrics } from '../../metrics/prometheus.js';
import { ClassTracker, type ClassCounts, type SnapshotListener } from '../../src/tracker/ClassTracker.js';
import { MetricsView, OTHER_CLASSES, looksMinified, type ClassSeries, type MetricsSource } from '../../src/tracker/MetricsView.js';
import { createTracked } from '../../src/tracker/Tracked.js';
import type { Snapshot } from '../../src/types.js';
import { collectGarbage, fakePlatform } from './helpers/fakePlatform.js';

/**
 * heapcensus metrics: `tracker.counts()`, `onSnapshot`, the bounded top-classes view with
 * monotonic counters (src/tracker/MetricsView.ts), and both exporters run in process against
 * prom-client and the OpenTelemetry SDK. The real Prometheus server is in metrics.prometheus.test.ts.
 */
let trackers: ClassTracker[] = [];
afterEach(() => {
  for (const t of trackers) t.clear();
  trackers = [];
});
const newTracker = (platform = fakePlatform()): ClassTracker => {
  const t = new ClassTracker({ platform });
  trackers.push(t);
  return t;
};
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

class Item {
  data: number[];
  constructor(n = 1) {
    this.data = Array.from({ length: n }, (_, i) => i);
  }
}
class Other {
  x = 1;
}

describe('tracker.counts()', () => {
  it('counts alive, created and collected per class without taking a snapshot', async () => {
    const tracker = newTracker();
    const TItem = tracker.trackClass(Item);
    const TOther = tracker.trackClass(Other);
    const kept = [new TItem(), new TItem(), new TOther()];
    (() => {
      for (let i = 0; i < 5; i++) new TItem();
    })();
    await tick();
    await collectGarbage();
    tracker.sweep();
    const counts = tracker.counts();
    expect(counts.get('Item')).toEqual({ alive: 2, created: 7, collected: 5, named: false });
    expect(counts.get('Other')).toEqual({ alive: 1, created: 1, collected: 0, named: false });
    expect(tracker.snapshots).toHaveLength(0);
    expect(kept).toHaveLength(3);
  });

  it('reads per-class counters only: no instance is visited unless a GC left a sweep due', () => {
    const tracker = newTracker();
    const TItem = tracker.trackClass(Item);
    const TOther = tracker.trackClass(Other);
    const kept: object[] = [];
    for (let i = 0; i < 10_000; i++) kept.push(i % 2 === 0 ? new TItem() : new TOther());
    const deref = vi.spyOn(WeakRef.prototype, 'deref');
    try {
      tracker.sweep(); // the sweep a GC would make due visits every instance...
      expect(deref.mock.calls.length).toBeGreaterThanOrEqual(10_000);
      deref.mockClear();
      const counts = tracker.counts(); // ...counts() then visits none
      expect(deref).not.toHaveBeenCalled();
      expect(counts.get('Item')!.alive + counts.get('Other')!.alive).toBe(10_000);
    } finally {
      deref.mockRestore();
    }
    expect(kept).toHaveLength(10_000);
  });

  it('keeps created and collected through detachAll and clear: they never go down', () => {
    const tracker = newTracker();
    const TItem = tracker.trackClass(Item);
    const kept = [new TItem(), new TItem()];
    tracker.detachAll();
    expect(tracker.counts().get('Item')).toEqual({ alive: 0, created: 2, collected: 0, named: false });
    const TItem2 = tracker.trackClass(Item);
    kept.push(new TItem2());
    expect(tracker.counts().get('Item')).toEqual({ alive: 1, created: 3, collected: 0, named: false });
    tracker.clear();
    expect(tracker.counts().get('Item')).toEqual({ alive: 0, created: 3, collected: 0, named: false });
    tracker.trackObject(kept[0]!);
    expect(tracker.counts().get('Item')).toEqual({ alive: 1, created: 4, collected: 0, named: false });
  });

  it('marks names given explicitly (and different from the class name) as named', () => {
    const tracker = newTracker();
    const Tracked = createTracked(() => tracker);
    @Tracked()
    class Plain {}
    @Tracked({ name: 'Cart' })
    class e {}
    tracker.trackClass(Other, { name: 'Other' }); // the same as its own name: nothing a minifier could not change
    const keep = [new Plain(), new e(), tracker.trackObject({}, { name: 'config' }), tracker.trackObject(new Item())];
    const counts = tracker.counts();
    expect(counts.get('Plain')!.named).toBe(false);
    expect(counts.get('Cart')!.named).toBe(true);
    expect(counts.get('config')!.named).toBe(true);
    expect(counts.get('Item')!.named).toBe(false);
    expect(keep).toHaveLength(4);
  });

  it('onSnapshot hands each snapshot and its duration to listeners; a throwing listener is reported, not thrown', async () => {
    let t = 0;
    const platform = fakePlatform({ now: () => (t += 10) });
    const tracker = newTracker(platform);
    const seen: Array<[Snapshot, number]> = [];
    const stop = tracker.onSnapshot((s, ms) => seen.push([s, ms]));
    tracker.onSnapshot(() => {
      throw new Error('listener broke');
    });
    const a = tracker.snapshotSync('a');
    const b = await tracker.snapshot('b');
    expect(seen.map(([s]) => s)).toEqual([a, b]);
    for (const [, ms] of seen) expect(ms).toBeGreaterThan(0);
    expect(platform.errors.map((e) => (e as Error).message)).toEqual(['listener broke', 'listener broke']);
    stop();
    tracker.snapshotSync('c');
    expect(seen).toHaveLength(2);
    expect(() => tracker.onSnapshot(null as unknown as SnapshotListener)).toThrow(/onSnapshot expects a function, got null/);
  });
});

/** A scripted MetricsSource: counts and latest-snapshot bytes set by the test. */
function scripted(platformName = 'node') {
  const counts = new Map<string, ClassCounts>();
  const bytes: Record<string, number> = {};
  const listeners = new Set<SnapshotListener>();
  const source: MetricsSource = {
    counts: () => new Map([...counts].map(([k, v]) => [k, { ...v }])),
    get snapshots() {
      const classes = Object.fromEntries(Object.entries(bytes).map(([k, b]) => [k, { active: 0, bytes: b, average: 0, pct: 0 }]));
      return [{ id: 1, label: '', time: 0, classes, trackedTotal: 0, total: { bytes: 0, source: 'none' } } as Snapshot];
    },
    platform: { name: platformName },
    onSnapshot: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const cls = (name: string, named = false) => {
    let c = counts.get(name);
    if (c === undefined) counts.set(name, (c = { alive: 0, created: 0, collected: 0, named }));
    return c;
  };
  return {
    source,
    listeners,
    create: (name: string, n = 1, named = false) => {
      const c = cls(name, named);
      c.created += n;
      c.alive += n;
    },
    collectInstances: (name: string, n: number) => {
      const c = cls(name);
      const k = Math.min(n, c.alive);
      c.alive -= k;
      c.collected += k;
    },
    setBytes: (name: string, b: number) => void (bytes[name] = b),
    /** A new tracker in place of the old one: every count starts from 0 again. */
    reset: () => {
      counts.clear();
      for (const k of Object.keys(bytes)) delete bytes[k];
    },
    totals: () => {
      let alive = 0;
      let created = 0;
      let collected = 0;
      for (const c of counts.values()) {
        alive += c.alive;
        created += c.created;
        collected += c.collected;
      }
      return { alive, created, collected };
    },
  };
}

const byName = (series: ClassSeries[]) => new Map(series.map((s) => [s.className, s]));
const sum = (series: ClassSeries[], k: 'live' | 'bytes' | 'created' | 'collected') => series.reduce((a, s) => a + s[k], 0);

describe('MetricsView: at most topClasses + 1 series, counters that only grow', () => {
  it('exports the largest classes by bytes on their own and sums the rest into __other__', () => {
    const s = scripted();
    for (let i = 0; i < 1000; i++) {
      s.create(`C${i}`, (i % 7) + 1);
      s.setBytes(`C${i}`, i * 10);
    }
    const view = new MetricsView({ tracker: s.source }, () => {});
    const series = view.collect();
    expect(series).toHaveLength(21);
    expect(series.slice(0, 20).map((x) => x.className)).toEqual(Array.from({ length: 20 }, (_, i) => `C${999 - i}`));
    expect(series[20]!.className).toBe(OTHER_CLASSES);
    const t = s.totals();
    expect(sum(series, 'live')).toBe(t.alive);
    expect(sum(series, 'created')).toBe(t.created);
    expect(sum(series, 'bytes')).toBe(Array.from({ length: 1000 }, (_, i) => i * 10).reduce((a, b) => a + b, 0));
    expect(new MetricsView({ tracker: s.source, topClasses: 100 }, () => {}).collect()).toHaveLength(101);
  });

  it('ranks by live count, then name, before any snapshot; always has an __other__ series', () => {
    const s = scripted();
    s.create('B', 2);
    s.create('A', 2);
    s.create('C', 5);
    const source = { ...s.source, snapshots: [] };
    const series = new MetricsView({ tracker: source, topClasses: 2 }, () => {}).collect();
    expect(series.map((x) => [x.className, x.live, x.bytes])).toEqual([['C', 5, 0], ['A', 2, 0], [OTHER_CLASSES, 2, 0]]);
    expect(new MetricsView({ tracker: scripted().source }, () => {}).collect()).toEqual([
      { className: OTHER_CLASSES, live: 0, bytes: 0, created: 0, collected: 0 },
    ]);
  });

  it('a class leaving the top set keeps its total; its later increments go to __other__', () => {
    const s = scripted();
    s.create('A', 10);
    s.setBytes('A', 100);
    s.create('B', 3);
    s.setBytes('B', 50);
    const view = new MetricsView({ tracker: s.source, topClasses: 1 }, () => {});
    let m = byName(view.collect());
    expect([m.get('A')!.created, m.get(OTHER_CLASSES)!.created]).toEqual([10, 3]);
    // B overtakes A: A's own series stops where it was, A's new creations count in __other__.
    s.setBytes('B', 500);
    s.create('A', 4);
    s.create('B', 1);
    m = byName(view.collect());
    expect(m.has('A')).toBe(false);
    expect([m.get('B')!.created, m.get(OTHER_CLASSES)!.created]).toEqual([1, 3 + 4]);
    // A comes back: its own series resumes from its old value.
    s.setBytes('A', 1000);
    s.create('A', 2);
    m = byName(view.collect());
    expect([m.get('A')!.created, m.get(OTHER_CLASSES)!.created]).toEqual([12, 7]);
    // Every creation is in exactly one series: A, __other__, and B's own series (1, not in this collection).
    expect(m.get('A')!.created + m.get(OTHER_CLASSES)!.created + 1).toBe(s.totals().created);
  });

  it('property: across random creations, collections, size changes and source resets, no series ever goes down', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), cls: fc.integer({ min: 0, max: 7 }), n: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ kind: fc.constant('gc' as const), cls: fc.integer({ min: 0, max: 7 }), n: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ kind: fc.constant('bytes' as const), cls: fc.integer({ min: 0, max: 7 }), n: fc.integer({ min: 0, max: 10_000 }) }),
      fc.record({ kind: fc.constant('scrape' as const), cls: fc.constant(0), n: fc.constant(0) }),
      fc.record({ kind: fc.constant('reset' as const), cls: fc.constant(0), n: fc.constant(0) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 80 }), fc.integer({ min: 0, max: 4 }), (ops, top) => {
        const s = scripted();
        const view = new MetricsView({ tracker: s.source, topClasses: top }, () => {});
        const last = new Map<string, { created: number; collected: number }>();
        let created = 0;
        let collected = 0;
        const scrape = (): void => {
          const series = view.collect();
          expect(series.length).toBeLessThanOrEqual(top + 1);
          for (const x of series) {
            const prev = last.get(x.className);
            if (prev !== undefined) {
              expect(x.created).toBeGreaterThanOrEqual(prev.created);
              expect(x.collected).toBeGreaterThanOrEqual(prev.collected);
            }
            last.set(x.className, { created: x.created, collected: x.collected });
          }
          const t = s.totals();
          // Every increment lands in exactly one series: the values of all series ever seen add up to the total.
          expect([...last.values()].reduce((a, v) => a + v.created, 0)).toBe(created + t.created);
          expect([...last.values()].reduce((a, v) => a + v.collected, 0)).toBe(collected + t.collected);
          expect(sum(series, 'live')).toBe(t.alive);
        };
        for (const o of ops) {
          if (o.kind === 'create') s.create(`K${o.cls}`, o.n);
          else if (o.kind === 'gc') s.collectInstances(`K${o.cls}`, o.n);
          else if (o.kind === 'bytes') s.setBytes(`K${o.cls}`, o.n);
          else if (o.kind === 'scrape') scrape();
          else {
            // A source that counts from 0 again, with a collection before and after: fold what
            // it had counted into the expected sums.
            scrape();
            const t = s.totals();
            created += t.created;
            collected += t.collected;
            s.reset();
            scrape();
          }
        }
        scrape();
      }),
      { numRuns: 200 },
    );
  });

  it('read(): the metrics of one scrape share one collection; the next scrape takes a new one', () => {
    const s = scripted();
    s.create('A', 1);
    const view = new MetricsView({ tracker: s.source }, () => {});
    const a = view.read('live');
    s.create('A', 1);
    expect(view.read('created')).toBe(a);
    const b = view.read('live');
    expect(b).not.toBe(a);
    expect(byName(b).get('A')!.created).toBe(2);
  });

  it('in browsers, refuses classes whose name looks minified unless named explicitly, warning once per class', () => {
    const s = scripted('browser');
    s.create('e', 3);
    s.setBytes('e', 1000);
    s.create('Zt', 1, true);
    s.setBytes('Zt', 10);
    s.create('Cart', 2);
    const warnings: string[] = [];
    const view = new MetricsView({ tracker: s.source }, (m) => warnings.push(m));
    const m = byName(view.collect());
    view.collect();
    expect([...m.keys()].sort()).toEqual(['Cart', 'Zt', OTHER_CLASSES].sort());
    expect(m.get(OTHER_CLASSES)).toMatchObject({ live: 3, bytes: 1000, created: 3 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/class name "e" looks minified.*__other__.*@Tracked\(\{ name: 'MyClass' \}\)/);
    // In Node the same names are exported as they are.
    const node = scripted('node');
    node.create('e', 3);
    expect(byName(new MetricsView({ tracker: node.source }, () => {}).collect()).has('e')).toBe(true);
    expect(['a', 'Zt', 'e$', '_n', 'abc'].every(looksMinified)).toBe(true);
    expect(['Cart', 'Doc', 'Row', 'UserSession'].some(looksMinified)).toBe(false);
  });

  it('rejects a bad topClasses or tracker with a clear error', () => {
    const { source } = scripted();
    expect(() => new MetricsView({ tracker: source, topClasses: 101 }, () => {})).toThrow(/topClasses must be a whole number from 0 to 100, got 101/);
    expect(() => new MetricsView({ tracker: source, topClasses: 2.5 }, () => {})).toThrow(RangeError);
    expect(() => new MetricsView({ tracker: {} as MetricsSource }, () => {})).toThrow(/options.tracker must be a heapcensus ClassTracker/);
  });
});

/** Parses Prometheus text exposition into `name{labels}` -> value. */
function parseExposition(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

describe('heapcensus/prometheus (prom-client)', () => {
  it('registers the five metrics with exact names, one label, top classes plus __other__', async () => {
    const tracker = newTracker();
    const TItem = tracker.trackClass(Item);
    const TOther = tracker.trackClass(Other);
    const Small = tracker.trackClass(class Small {});
    const keep = [new TItem(1000), new TItem(1000), new TOther(), new Small(), new Small(), new Small()];
    const registry = new Registry();
    const metrics = registerHeapcensusMetrics({ registry, tracker, topClasses: 1 });
    expect(metrics.names).toEqual([
      'heapcensus_instance_live',
      'heapcensus_memory_used_bytes',
      'heapcensus_instance_created_total',
      'heapcensus_instance_collected_total',
      'heapcensus_snapshot_duration_seconds',
    ]);
    const snap = tracker.snapshotSync('now');
    const m = parseExposition(await registry.metrics());
    const itemBytes = snap.classes['Item']!.bytes;
    expect(m.get('heapcensus_instance_live{heapcensus_class_name="Item"}')).toBe(2);
    expect(m.get('heapcensus_instance_live{heapcensus_class_name="__other__"}')).toBe(4);
    expect(m.get('heapcensus_memory_used_bytes{heapcensus_class_name="Item"}')).toBe(itemBytes);
    expect(m.get('heapcensus_memory_used_bytes{heapcensus_class_name="__other__"}')).toBe(snap.trackedTotal - itemBytes);
    expect(m.get('heapcensus_instance_created_total{heapcensus_class_name="Item"}')).toBe(2);
    expect(m.get('heapcensus_instance_created_total{heapcensus_class_name="__other__"}')).toBe(4);
    expect(m.get('heapcensus_instance_collected_total{heapcensus_class_name="Item"}')).toBe(0);
    expect(m.get('heapcensus_snapshot_duration_seconds_count')).toBe(1);
    expect([...m.keys()].filter((k) => k.startsWith('heapcensus_instance_live'))).toHaveLength(2);
    expect(() => registerHeapcensusMetrics({ registry, tracker })).toThrow(/already been registered/);
    expect((await registry.metrics()).match(/^heapcensus_instance_live\{/gm)).toHaveLength(2); // the first registration intact
    metrics.unregister();
    expect(await registry.metrics()).not.toMatch(/heapcensus_/);
    tracker.snapshotSync('after unregister');
    expect(keep).toHaveLength(6);
  });

  it('a registration that fails half-way leaves nothing behind', async () => {
    const tracker = newTracker();
    const registry = new Registry();
    new Histogram({ name: 'heapcensus_snapshot_duration_seconds', help: 'taken', registers: [registry] });
    expect(() => registerHeapcensusMetrics({ registry, tracker })).toThrow(/heapcensus_snapshot_duration_seconds.*already been registered/);
    expect(registry.getMetricsAsArray().map((m) => m.name)).toEqual(['heapcensus_snapshot_duration_seconds']);
    expect(await registry.metrics()).not.toMatch(/heapcensus_instance/);
  });
});

/** A MetricReader the test collects from by hand. */
class ManualReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

async function collectOtel(reader: ManualReader): Promise<Map<string, MetricData>> {
  const { resourceMetrics } = await reader.collect();
  return new Map(resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]));
}
const points = (m: MetricData | undefined) =>
  new Map((m?.dataPoints ?? []).map((p) => [String(p.attributes['heapcensus.class.name']), p.value as number]));

describe('heapcensus/otel (OpenTelemetry SDK)', () => {
  it('creates the instruments with their kinds and units and observes top classes plus __other__', async () => {
    const tracker = newTracker();
    const TItem = tracker.trackClass(Item);
    const TOther = tracker.trackClass(Other);
    const keep: object[] = [new TItem(100), new TOther(), new TOther()];
    const reader = new ManualReader();
    const provider = new MeterProvider({ readers: [reader] });
    const observer = observeHeapcensus(provider.getMeter('test'), { tracker, topClasses: 1 });
    const snap = tracker.snapshotSync('s');
    let m = await collectOtel(reader);
    expect([...m.keys()].sort()).toEqual([
      'heapcensus.instance.collected', 'heapcensus.instance.created', 'heapcensus.instance.live', 'heapcensus.memory.used', 'heapcensus.snapshot.duration',
    ]);
    expect(m.get('heapcensus.memory.used')!.descriptor.unit).toBe('By');
    expect(m.get('heapcensus.instance.live')!.descriptor.unit).toBe('{instance}');
    expect(m.get('heapcensus.snapshot.duration')!.descriptor.unit).toBe('s');
    expect(m.get('heapcensus.instance.created')!.descriptor.type).toBe('OBSERVABLE_COUNTER');
    expect(m.get('heapcensus.instance.live')!.descriptor.type).toBe('OBSERVABLE_UP_DOWN_COUNTER');
    expect(points(m.get('heapcensus.instance.live'))).toEqual(new Map([['Item', 1], [OTHER_CLASSES, 2]]));
    expect(points(m.get('heapcensus.memory.used')).get('Item')).toBe(snap.classes['Item']!.bytes);
    expect(points(m.get('heapcensus.instance.created'))).toEqual(new Map([['Item', 1], [OTHER_CLASSES, 2]]));
    const hist = m.get('heapcensus.snapshot.duration')!.dataPoints[0]!.value as { count: number; buckets: { boundaries: number[] } };
    expect(hist.count).toBe(1);
    expect(hist.buckets.boundaries[0]).toBe(0.001);
    // Other overtakes Item: the SDK goes on exporting Item's own series at its last value
    // (documented in the README), while new Item instances count in __other__.
    for (let i = 0; i < 200; i++) keep.push(new TOther());
    keep.push(new TItem(1));
    tracker.snapshotSync('s2');
    m = await collectOtel(reader);
    const created = points(m.get('heapcensus.instance.created'));
    // Other's first 2 counted in __other__, before Other entered the top set.
    expect(created.get('Other')).toBe(200);
    expect(created.get('Item')).toBe(1);
    expect(created.get(OTHER_CLASSES)).toBe(2 + 1);
    observer.stop();
    await provider.shutdown();
  });

  it('rejects what is not a Meter', () => {
    const tracker = newTracker();
    expect(() => observeHeapcensus({} as never, { tracker })).toThrow(/must be an OpenTelemetry Meter/);
  });
});

describe('the built entries (dist/, by package name)', () => {
  const root = new URL('../../', import.meta.url);
  const dist = (f: string) => readFileSync(new URL(`dist/${f}`, root), 'utf8');
  const imports = (code: string) => [...code.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'|require\('([^']+)'\)/gm)].map((m) => m[1] ?? m[2]);

  it('heapcensus/prometheus and heapcensus/otel load by name in ESM and CJS', async () => {
    const require = createRequire(new URL('package.json', root));
    for (const m of [await import(/* @vite-ignore */ 'heapcensus/prometheus'), require('heapcensus/prometheus')]) {
      expect(m.registerHeapcensusMetrics).toBeTypeOf('function');
    }
    for (const m of [await import(/* @vite-ignore */ 'heapcensus/otel'), require('heapcensus/otel')]) {
      expect(m.observeHeapcensus).toBeTypeOf('function');
    }
  });

  it('each loads only its own peer, the otel entry nothing at all (it runs in browsers); the main entries load neither', () => {
    expect(imports(dist('prometheus.js'))).toEqual(['prom-client']);
    expect(imports(dist('prometheus.cjs'))).toEqual(['prom-client']);
    expect(imports(dist('otel.js'))).toEqual([]);
    expect(imports(dist('otel.cjs'))).toEqual([]);
    for (const f of ['node.js', 'browser.js', 'node.cjs', 'browser.cjs', 'heapcensus.iife.js']) {
      expect(dist(f)).not.toMatch(/prom-client|@opentelemetry/);
    }
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
    expect(pkg.peerDependenciesMeta).toMatchObject({ 'prom-client': { optional: true }, '@opentelemetry/api': { optional: true } });
  });
});

describe.skipIf(process.env.HEAPCENSUS_DECORATORS === 'standard')('README: the metrics snippets run as written', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  /** The README's ```ts blocks of the metrics section, run by Node against the built package between a prelude and an epilogue. */
  function runSnippet(index: number, prelude: string, epilogue: string): string {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Metrics for fleets'));
    const block = [...section.matchAll(/```ts\n([\s\S]*?)```/g)][index]?.[1];
    expect(block).toBeDefined();
    const js = ts6.transpileModule(`${prelude}\n${block}\n${epilogue}`, { compilerOptions: { target: ts6.ScriptTarget.ES2022, module: ts6.ModuleKind.ESNext } }).outputText;
    const dir = join(root, 'build', 'readme-metrics');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `snippet${index}.mjs`);
    writeFileSync(file, js);
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout;
  }

  it('prom-client: the series appear in the global registry', () => {
    const out = runSnippet(0, "import { tracker as t0 } from 'heapcensus';\nconst doc = {}; t0.trackObject(doc, { name: 'Doc' });", "t0.snapshotSync(); console.log(await register.metrics());");
    expect(out).toMatch(/^heapcensus_instance_live\{heapcensus_class_name="Doc"\} 1$/m);
    expect(out).toMatch(/^heapcensus_memory_used_bytes\{heapcensus_class_name="Doc"\} [1-9]\d*$/m);
    expect(out).toMatch(/^heapcensus_instance_created_total\{heapcensus_class_name="__other__"\} 0$/m);
  });

  it('OpenTelemetry: the instruments appear on the global MeterProvider', () => {
    const prelude = [
      "import { metrics as m0 } from '@opentelemetry/api';",
      "import { tracker as t0 } from 'heapcensus';",
      "import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';",
      'const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);',
      'const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });',
      'm0.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));',
    ].join('\n');
    const epilogue = "t0.snapshotSync(); await reader.forceFlush(); console.log(JSON.stringify(exporter.getMetrics()[0].scopeMetrics[0].metrics.map((m) => m.descriptor.name).sort())); await reader.shutdown();";
    expect(JSON.parse(runSnippet(1, prelude, epilogue))).toEqual([
      'heapcensus.instance.collected', 'heapcensus.instance.created', 'heapcensus.instance.live', 'heapcensus.memory.used', 'heapcensus.snapshot.duration',
    ]);
  });
});
