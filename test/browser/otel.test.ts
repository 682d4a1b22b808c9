import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/chromium.js';
import { serveStatic, type StaticServer } from './helpers/serve.js';

/**
 * heapcensus/otel in Chromium: a page bundles the browser build, dist/otel.js and the real
 * OpenTelemetry SDK (rollup, browser conditions), observes a browser tracker, and collects.
 * Proves the entry needs nothing from Node, and the minified-name refusal with its one warning.
 */
let browser: Browser;
let server: StaticServer;
let script = '';

const ENTRY = `
import { ClassTracker } from '../../dist/browser.js';
import { observeHeapcensus } from '../../dist/otel.js';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

class Reader extends MetricReader {
  async onShutdown() {}
  async onForceFlush() {}
}
// Names as a minifier leaves them: 'e' unnamed, 't' named explicitly (with a short name, which counts as given).
class e { constructor() { this.a = [1, 2, 3]; } }
class t { constructor() { this.b = 'cart'; } }
class Row { constructor(i) { this.i = i; } }

globalThis.runMetrics = async () => {
  const tracker = new ClassTracker();
  const reader = new Reader();
  const provider = new MeterProvider({ readers: [reader] });
  observeHeapcensus(provider.getMeter('page'), { tracker });
  const E = tracker.trackClass(e);
  const Cart = tracker.trackClass(t, { name: 'UI' });
  const R = tracker.trackClass(Row);
  const keep = [new E(), new E(), new Cart(), ...Array.from({ length: 5 }, (_, i) => new R(i))];
  await tracker.snapshot('page');
  const rounds = [];
  for (let i = 0; i < 2; i++) {
    const { resourceMetrics } = await reader.collect();
    const metrics = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const live = metrics.find((m) => m.descriptor.name === 'heapcensus.instance.live');
    rounds.push(Object.fromEntries(live.dataPoints.map((p) => [p.attributes['heapcensus.class.name'], p.value])));
  }
  const names = (await reader.collect()).resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => m.descriptor.name).sort();
  await provider.shutdown();
  return { rounds, names, kept: keep.length };
};
`;

beforeAll(async () => {
  const dir = join(process.cwd(), 'build', 'otel-browser');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'entry.mjs'), ENTRY);
  const { rollup } = await import('rollup');
  const { default: nodeResolve } = await import('@rollup/plugin-node-resolve');
  const { default: commonjs } = await import('@rollup/plugin-commonjs');
  const bundle = await rollup({
    input: join(dir, 'entry.mjs'),
    plugins: [nodeResolve({ browser: true, preferBuiltins: false }), commonjs()],
    onwarn: (w) => {
      if (w.code === 'UNRESOLVED_IMPORT') throw new Error(`unresolved import in the browser bundle: ${w.message}`);
    },
  });
  const { output } = await bundle.generate({ format: 'iife' });
  script = output[0].code;
  await bundle.close();
  browser = await launchChromium();
  server = await serveStatic(join(process.cwd(), 'dist'));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('heapcensus/otel in Chromium', () => {
  it('observes a browser tracker with the OpenTelemetry SDK; a minified, unnamed class goes to __other__ with one warning', async () => {
    const page = await browser.newPage();
    const warnings: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route(`${server.origin}/otel.html`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>otel</title><link rel="icon" href="data:,">' }),
    );
    await page.goto(`${server.origin}/otel.html`);
    await page.addScriptTag({ content: script });
    const result = await page.evaluate(() => (globalThis as unknown as { runMetrics: () => Promise<unknown> }).runMetrics());
    expect(result).toEqual({
      rounds: [{ Row: 5, UI: 1, __other__: 2 }, { Row: 5, UI: 1, __other__: 2 }],
      names: ['heapcensus.instance.collected', 'heapcensus.instance.created', 'heapcensus.instance.live', 'heapcensus.memory.used', 'heapcensus.snapshot.duration'],
      kept: 8,
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/class name "e" looks minified/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
