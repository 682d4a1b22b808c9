import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeHeapcensus } from '../../metrics/otel.js';
import { registerHeapcensusMetrics } from '../../metrics/prometheus.js';
import { startPrometheus, type PromSample, type PrometheusServer } from '../../scripts/prometheus.mjs';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { collectGarbage, fakePlatform } from './helpers/fakePlatform.js';

/**
 * The exporters against the real engine: Debian's Prometheus server scrapes this process on
 * 127.0.0.1, once through prom-client and once through the OpenTelemetry Prometheus exporter,
 * every second; the test changes the tracked instances and polls Prometheus' HTTP API until
 * the scrapes show them. No decorators: it runs in the legacy project only.
 */
const TOP = 2;
const BOUND_CLASSES = 1000;

class Big {
  data = Array.from({ length: 2000 }, (_, i) => i);
}
class Mid {
  data = Array.from({ length: 200 }, (_, i) => i);
}
class Small {
  data: number[];
  constructor(n = 1) {
    this.data = Array.from({ length: n }, (_, i) => i);
  }
}

/** One tracker with the three classes, the instances the test keeps, and how many it dropped. */
function workload() {
  const tracker = new ClassTracker({ platform: fakePlatform() });
  const C = { Big: tracker.trackClass(Big), Mid: tracker.trackClass(Mid), Small: tracker.trackClass(Small) };
  const kept = {
    big: [new C.Big(), new C.Big(), new C.Big()],
    mid: [new C.Mid(), new C.Mid()],
    small: [new C.Small(), new C.Small(), new C.Small(), new C.Small()] as Small[],
  };
  (() => {
    for (let i = 0; i < 6; i++) new C.Small();
  })();
  return { tracker, C, kept };
}

/** A tracker with BOUND_CLASSES classes of distinct sizes, all alive. */
function manyClasses() {
  const tracker = new ClassTracker({ platform: fakePlatform() });
  const kept = Array.from({ length: BOUND_CLASSES }, (_, i) => {
    const o = { data: Array.from({ length: i }, (_, k) => k) };
    tracker.trackObject(o, { name: `Generated${i}` });
    return o;
  });
  return { tracker, kept };
}

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
const address = (s: Server) => `127.0.0.1:${(s.address() as AddressInfo).port}`;
const value = (r: PromSample[]) => (r.length === 1 ? Number(r[0]!.value[1]) : NaN);
const byClass = (r: PromSample[]) => new Map(r.map((s) => [s.metric.heapcensus_class_name, Number(s.value[1])]));

describe.skipIf(process.env.HEAPCENSUS_DECORATORS === 'standard')('metrics scraped by a real Prometheus server', () => {
  const prom = workload();
  const otel = workload();
  const promBound = manyClasses();
  const otelBound = manyClasses();
  const servers: Server[] = [];
  const providers: MeterProvider[] = [];
  let prometheus: PrometheusServer | undefined;

  /** prom-client: a registry served at /metrics. */
  async function servePromClient(tracker: ClassTracker, topClasses?: number): Promise<string> {
    const registry = new Registry();
    registerHeapcensusMetrics({ registry, tracker, ...(topClasses === undefined ? {} : { topClasses }) });
    const server = await listen((_req, res) => {
      void registry.metrics().then((text) => {
        res.setHeader('Content-Type', registry.contentType);
        res.end(text);
      });
    });
    servers.push(server);
    return address(server);
  }

  /** OpenTelemetry: a MeterProvider whose reader is the Prometheus exporter, served at /metrics. */
  async function serveOtel(tracker: ClassTracker, topClasses?: number): Promise<string> {
    const exporter = new PrometheusExporter({ preventServerStart: true });
    const provider = new MeterProvider({ readers: [exporter] });
    providers.push(provider);
    observeHeapcensus(provider.getMeter('heapcensus-test'), { tracker, ...(topClasses === undefined ? {} : { topClasses }) });
    const server = await listen((req, res) => exporter.getMetricsRequestHandler(req, res));
    servers.push(server);
    return address(server);
  }

  beforeAll(async () => {
    await new Promise((r) => setTimeout(r, 0));
    await collectGarbage();
    const targets = [
      { job: 'promclient', address: await servePromClient(prom.tracker, TOP) },
      { job: 'otel', address: await serveOtel(otel.tracker, TOP) },
      { job: 'promclient-bound', address: await servePromClient(promBound.tracker) },
      { job: 'otel-bound', address: await serveOtel(otelBound.tracker) },
    ];
    // After registering: the snapshot durations go into the histograms.
    for (const w of [prom, otel, promBound, otelBound]) {
      w.tracker.sweep();
      w.tracker.snapshotSync('start');
    }
    prometheus = await startPrometheus({ targets });
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    for (const s of servers) await new Promise((r) => s.close(r));
    for (const p of providers) await p.shutdown();
    for (const w of [prom, otel, promBound, otelBound]) w.tracker.clear();
  });

  it('the series exist with the tracker\'s values, under the documented names (prom-client exact, OTel without unit suffixes)', async () => {
    const p = prometheus!;
    const snap = prom.tracker.snapshots.at(-1)!;
    const osnap = otel.tracker.snapshots.at(-1)!;
    for (const [job, bytesMetric, s] of [['promclient', 'heapcensus_memory_used_bytes', snap], ['otel', 'heapcensus_memory_used', osnap]] as const) {
      const live = byClass(await p.waitFor(`heapcensus_instance_live{job="${job}"}`, (r) => r.length === TOP + 1));
      expect(live).toEqual(new Map([['Big', 3], ['Mid', 2], ['__other__', 4]]));
      const bytes = byClass(await p.query(`${bytesMetric}{job="${job}"}`));
      expect(bytes).toEqual(new Map([['Big', s.classes['Big']!.bytes], ['Mid', s.classes['Mid']!.bytes], ['__other__', s.classes['Small']!.bytes]]));
      expect(byClass(await p.query(`heapcensus_instance_created_total{job="${job}"}`))).toEqual(new Map([['Big', 3], ['Mid', 2], ['__other__', 10]]));
      expect(byClass(await p.query(`heapcensus_instance_collected_total{job="${job}"}`))).toEqual(new Map([['Big', 0], ['Mid', 0], ['__other__', 6]]));
    }
    expect(value(await p.query('heapcensus_snapshot_duration_seconds_count{job="promclient"}'))).toBe(1);
    expect(value(await p.query('heapcensus_snapshot_duration_count{job="otel"}'))).toBe(1);
  }, 120_000);

  it('counters only grow while instances come and go and the top set changes', async () => {
    const p = prometheus!;
    for (const w of [prom, otel]) {
      // Small becomes the largest class and Big dies out: the top set goes from {Big, Mid} to {Small, Mid}.
      w.kept.big.length = 0;
      for (let i = 0; i < 200; i++) w.kept.small.push(new w.C.Small(500));
      (() => {
        for (let i = 0; i < 20; i++) new w.C.Mid();
      })();
    }
    await new Promise((r) => setTimeout(r, 0));
    await collectGarbage();
    for (const w of [prom, otel]) {
      w.tracker.sweep();
      w.tracker.snapshotSync('after');
    }
    for (const job of ['promclient', 'otel']) {
      const live = byClass(await p.waitFor(`heapcensus_instance_live{job="${job}",heapcensus_class_name="Small"}`, (r) => value(r) === 204));
      expect(live.get('Small')).toBe(204);
      const mid = await p.waitFor(`heapcensus_instance_collected_total{job="${job}",heapcensus_class_name="Mid"}`, (r) => value(r) === 20);
      expect(value(mid)).toBe(20);
      // Every creation and collection is in some series: the sums over all series ever scraped are the tracker's totals.
      const created = await p.waitFor(`sum(last_over_time(heapcensus_instance_created_total{job="${job}"}[1h]))`, (r) => value(r) === 3 + 22 + 210);
      expect(value(created)).toBe(235);
      expect(value(await p.query(`sum(last_over_time(heapcensus_instance_collected_total{job="${job}"}[1h]))`))).toBe(3 + 20 + 6);
      // No counter series ever went down between two scrapes.
      for (const metric of ['heapcensus_instance_created_total', 'heapcensus_instance_collected_total']) {
        const resets = await p.query(`resets(${metric}{job="${job}"}[1h])`);
        expect(resets.length).toBeGreaterThan(0);
        for (const r of resets) expect([r.metric.heapcensus_class_name, Number(r.value[1])]).toEqual([r.metric.heapcensus_class_name, 0]);
      }
    }
    // prom-client exports only the current top set: Big's series went stale when it left.
    expect([...byClass(await p.query('heapcensus_instance_live{job="promclient"}')).keys()].sort()).toEqual(['Mid', 'Small', '__other__']);
  }, 120_000);

  it(`${BOUND_CLASSES} classes make at most topClasses + 1 = 21 series per metric`, async () => {
    const p = prometheus!;
    for (const job of ['promclient-bound', 'otel-bound']) {
      const live = await p.waitFor(`heapcensus_instance_live{job="${job}"}`, (r) => r.length > 0);
      expect(live).toHaveLength(21);
      expect(live.reduce((a, s) => a + Number(s.value[1]), 0)).toBe(BOUND_CLASSES);
      expect(byClass(live).get('__other__')).toBe(BOUND_CLASSES - 20);
      // The largest 20 classes by bytes are the ones with the longest arrays.
      expect([...byClass(live).keys()].filter((k) => k !== '__other__').sort()).toEqual(
        Array.from({ length: 20 }, (_, i) => `Generated${BOUND_CLASSES - 1 - i}`).sort(),
      );
      for (const metric of ['heapcensus_instance_created_total', 'heapcensus_instance_collected_total']) {
        expect(await p.query(`${metric}{job="${job}"}`)).toHaveLength(21);
      }
    }
    expect(await p.query('heapcensus_memory_used_bytes{job="promclient-bound"}')).toHaveLength(21);
    expect(await p.query('heapcensus_memory_used{job="otel-bound"}')).toHaveLength(21);
    expect(value(await p.query('count(count by (heapcensus_class_name) (heapcensus_instance_live{job=~".*-bound"}))'))).toBe(21);
    expect(promBound.kept.length + otelBound.kept.length).toBe(2 * BOUND_CLASSES);
  }, 120_000);
});
