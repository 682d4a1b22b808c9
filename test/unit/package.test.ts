/**
 * Smoke test of the built package (dist/, made by `npm run build`, which `npm test` runs
 * first): imports it by name through its exports map, as a user would, in ESM and CJS,
 * and loads the IIFE the way a page would, in a bare VM context.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'package.json'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dist = (f: string) => join(root, 'dist', f);

/** The names DESIGN.md promises from every entry. */
const API = ['ClassTracker', 'Tracked', 'NotSized', 'tracker', 'sizeOf', 'asized', 'loadDump', 'Stats'];
/** The console verbs `installConsole()` adds to `globalThis.heapcensus` (DESIGN.md, "Browser and devtools console"). */
const VERBS = ['snapshot', 'summary', 'stats', 'start', 'stop', 'download', 'report', 'help'];

type Api = Record<string, unknown>;

function expectApi(m: Api): void {
  for (const name of API) expect(m[name], `export ${name}`).toBeDefined();
  expect(typeof m.ClassTracker).toBe('function');
  expect(typeof m.Tracked).toBe('function');
  expect(m.tracker).toBeInstanceOf(m.ClassTracker as new () => object);
  expect((m.sizeOf as (v: unknown) => number)({ a: 1 })).toBeTypeOf('number');
}

beforeAll(() => {
  const missing = ['node.js', 'node.cjs', 'browser.js', 'browser.cjs', 'heapcensus.iife.js', 'cli.js', 'index.d.ts', 'browser.d.ts', 'index.d.cts', 'browser.d.cts'].filter(
    (f) => !existsSync(dist(f)),
  );
  if (missing.length > 0) throw new Error(`dist/ lacks ${missing.join(', ')}: run \`npm run build\` first (\`npm test\` does)`);
});

describe('package by name (exports map)', () => {
  it('ESM: import("heapcensus") gives the Node entry', async () => {
    const m: Api = await import(/* @vite-ignore */ 'heapcensus');
    expectApi(m);
    expect(m.readDump).toBeTypeOf('function');
    expect((m.tracker as { writeDump?: unknown }).writeDump).toBeTypeOf('function');
  });

  it('ESM: heapcensus/node is the same module as heapcensus under the node condition', async () => {
    const a: Api = await import(/* @vite-ignore */ 'heapcensus');
    const b: Api = await import(/* @vite-ignore */ 'heapcensus/node');
    expectApi(b);
    expect(b.tracker).toBe(a.tracker);
  });

  it('CJS: require("heapcensus") and require("heapcensus/node")', () => {
    const m = require('heapcensus') as Api;
    expectApi(m);
    expect(require('heapcensus/node')).toBe(m);
    expect(require.resolve('heapcensus')).toBe(dist('node.cjs'));
  });

  it('heapcensus/browser is closed to Node (node: null), open to the browser condition', () => {
    expect(() => require.resolve('heapcensus/browser')).toThrow(/not defined by "exports"|ERR_PACKAGE_PATH_NOT_EXPORTED/);
    expect(pkg.exports['./browser'].import.default).toBe('./dist/browser.js');
    expect(pkg.exports['./node'].browser).toBeNull();
  });

  it('the browser builds load (ESM and CJS) and carry the browser API', async () => {
    const esm: Api = await import(/* @vite-ignore */ pathToFileURL(dist('browser.js')).href);
    expectApi(esm);
    expect(esm.installConsole).toBeTypeOf('function');
    expect(esm.watchVitals).toBeTypeOf('function');
    expect(esm.readDump).toBeUndefined();
    const cjs = require(dist('browser.cjs')) as Api;
    expectApi(cjs);
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort());
  });

  it('findLeaks and collectGarbage come from the Node and browser builds; heapcensus/vitest resolves to its ESM and CJS builds', async () => {
    for (const file of ['node.js', 'browser.js']) {
      const m = (await import(pathToFileURL(dist(file)).href)) as Api;
      expect([typeof m.findLeaks, typeof m.collectGarbage, typeof m.LeakResult, typeof m.isLeaking], file).toEqual(['function', 'function', 'function', 'function']);
    }
    expect(require.resolve('heapcensus/vitest')).toBe(dist('vitest.cjs'));
    expect(fileURLToPath(import.meta.resolve('heapcensus/vitest'))).toBe(dist('vitest.js'));
  });

  it('ships the dump schema and names every file the exports map points at', () => {
    const schema = require('heapcensus/dump.schema.json') as Record<string, unknown>;
    expect(typeof schema).toBe('object');
    expect(require.resolve('heapcensus/package.json')).toBe(join(root, 'package.json'));
    const targets: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') targets.push(v);
      else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(pkg.exports);
    // report.html is built by the report's own issue; every other target must exist.
    for (const t of targets.filter((t) => t !== './dist/report.html')) expect(existsSync(join(root, t)), t).toBe(true);
    for (const f of [pkg.main, pkg.module, pkg.types, pkg.bin.heapcensus]) expect(existsSync(join(root, f)), f).toBe(true);
  });

  /** Type-checks `source` as a consumer of the package (a file named `file`) with `tsc`, under one module setting. */
  function typeCheck(name: string, file: string, source: string[], module: 'NodeNext' | 'Node16', options: Record<string, unknown> = {}): void {
    // One folder per vitest project: both run this file, possibly at once.
    const dir = join(root, `build/${name}-${process.env.HEAPCENSUS_DECORATORS ?? 'default'}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, file), [...source, ''].join('\n'));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022', module, moduleResolution: module, strict: true,
          noEmit: true, lib: ['ES2022', 'DOM'], types: [], skipLibCheck: false, ...options,
        },
        files: [file],
      }),
    );
    const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }

  it('the bundled .d.ts files type-check a consumer of ".", "./node" and "./browser"', () => {
    typeCheck('consumer-types', 'consumer.ts', [
      "import { ClassTracker, Tracked, NotSized, tracker, sizeOf, asized, loadDump, Stats, type Snapshot, type Dump } from 'heapcensus';",
      "import * as node from 'heapcensus/node';",
      "import * as browser from 'heapcensus/browser';",
      'const t: ClassTracker = tracker;',
      "const s: Promise<Snapshot> = t.snapshot('x');",
      'const n: number = sizeOf({}) + asized({}).size;',
      'const d: (x: string) => Dump = loadDump;',
      'void [Tracked, NotSized, Stats, s, n, d, node.readDump, browser.installConsole];',
    ], 'NodeNext');
  });

  it('a CommonJS consumer gets .d.cts types through require (Node16 resolution, where .d.ts would be an ES module)', () => {
    typeCheck('consumer-cjs-types', 'consumer.cts', [
      "import hc = require('heapcensus');",
      "import node = require('heapcensus/node');",
      "import browser = require('heapcensus/browser');",
      'const t: hc.ClassTracker = hc.tracker;',
      'const n: number = hc.sizeOf({}) + hc.asized({}).size;',
      'void [t, n, node.readDump, browser.installConsole];',
    ], 'Node16');
  });

  it('heapcensus/prometheus and heapcensus/otel type-check with a tracker from the main entry, in ESM and CJS', () => {
    typeCheck('consumer-metrics-types', 'metrics.ts', [
      "import { register } from 'prom-client';",
      "import { metrics } from '@opentelemetry/api';",
      "import { tracker, ClassTracker, type ClassCounts } from 'heapcensus';",
      "import { registerHeapcensusMetrics, type HeapcensusPrometheusMetrics } from 'heapcensus/prometheus';",
      "import { observeHeapcensus, type HeapcensusObserver } from 'heapcensus/otel';",
      'const p: HeapcensusPrometheusMetrics = registerHeapcensusMetrics({ registry: register, tracker, topClasses: 20 });',
      "const o: HeapcensusObserver = observeHeapcensus(metrics.getMeter('app'), { tracker: new ClassTracker() });",
      "const c: ClassCounts | undefined = tracker.counts().get('Doc');",
      'void [p, o, c];',
    ], 'NodeNext');
    typeCheck('consumer-metrics-cjs-types', 'metrics.cts', [
      "import hc = require('heapcensus');",
      "import prom = require('heapcensus/prometheus');",
      "import otel = require('heapcensus/otel');",
      'void [prom.registerHeapcensusMetrics({ tracker: hc.tracker }), otel.observeHeapcensus];',
    ], 'Node16');
  });

  it('heapcensus/playwright loads by name in ESM and CJS (findPageLeaks), with no runtime import of playwright-core', async () => {
    const m: Api = await import(/* @vite-ignore */ 'heapcensus/playwright');
    expect(m.findPageLeaks).toBeTypeOf('function');
    expect((require('heapcensus/playwright') as Api).findPageLeaks).toBeTypeOf('function');
    for (const f of ['playwright.js', 'playwright.cjs']) expect(readFileSync(dist(f), 'utf8'), f).not.toMatch(/require\(['"]playwright|from ['"]playwright/);
    expect(pkg.peerDependenciesMeta['playwright-core'].optional).toBe(true);
  });

  it('heapcensus/playwright type-checks with a Page from playwright-core, in ESM and CJS', () => {
    // Playwright's own types need Node's (Buffer) and ESNext's (Symbol.asyncDispose), as in any Playwright project.
    const PLAYWRIGHT_CONSUMER = { lib: ['ESNext', 'DOM'], types: ['node'] };
    typeCheck('consumer-playwright-types', 'leaks.ts', [
      "import type { Page } from 'playwright-core';",
      "import { findPageLeaks, type LeakResult, type PageLeakOptions } from 'heapcensus/playwright';",
      'export async function check(page: Page): Promise<boolean> {',
      "  const options: PageLeakOptions = { iterations: 5, classes: ['Row'], retainers: true };",
      "  const r: LeakResult = await findPageLeaks(page, async () => { await page.click('#open'); }, options);",
      '  const paths: string[] | undefined = r.leaks[0]?.retainers;',
      '  return r.ok && r.collected && paths === undefined && String(r).length > 0;',
      '}',
    ], 'NodeNext', PLAYWRIGHT_CONSUMER);
    typeCheck('consumer-playwright-cjs-types', 'leaks.cts', [
      "import type { Page } from 'playwright-core';",
      "import pw = require('heapcensus/playwright');",
      'export const check = (page: Page): Promise<boolean> => pw.findPageLeaks(page, () => page.reload()).then((r) => r.ok);',
    ], 'Node16', PLAYWRIGHT_CONSUMER);
  });
});

describe('CLI bundle', () => {
  it('is the bin, starts with a node shebang and loads (its imports resolve)', () => {
    expect(pkg.bin.heapcensus).toBe('dist/cli.js');
    expect(readFileSync(dist('cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const r = spawnSync(process.execPath, [dist('cli.js'), '--help'], { encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find (module|package)|SyntaxError/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/heapcensus/);
  });
});

describe('IIFE bundle (dist/heapcensus.iife.js)', () => {
  /** A bare context: ECMAScript builtins plus the few host globals a page always has; no window, document or require. */
  function load(): vm.Context {
    const sandbox: Record<string, unknown> = {
      console: { log() {}, warn() {}, table() {}, error() {}, info() {}, group() {}, groupCollapsed() {}, groupEnd() {} },
      performance: { now: () => performance.now() },
      setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask,
    };
    const ctx = vm.createContext(sandbox);
    vm.runInContext(readFileSync(dist('heapcensus.iife.js'), 'utf8'), ctx, { filename: 'heapcensus.iife.js' });
    return ctx;
  }

  it('installs globalThis.heapcensus and no other global, without window or a module system', () => {
    const before = new Set(Object.getOwnPropertyNames(vm.runInContext('globalThis', vm.createContext({}))));
    const ctx = load();
    const added = Object.getOwnPropertyNames(vm.runInContext('globalThis', ctx)).filter(
      (k) => !before.has(k) && !['console', 'performance', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask'].includes(k),
    );
    expect(added).toEqual(['heapcensus']);
    expect(vm.runInContext('typeof window', ctx)).toBe('undefined');
  });

  it('heapcensus is the browser API plus the console verbs (as installConsole() defines it)', async () => {
    const hc = load().heapcensus as Api;
    expectApi(hc);
    for (const verb of VERBS) expect(hc[verb], `verb ${verb}`).toBeTypeOf('function');
    expect(hc.watchVitals).toBeTypeOf('function');
    const browser: Api = await import(/* @vite-ignore */ pathToFileURL(dist('browser.js')).href);
    const expected = new Set([...Object.keys(browser), ...VERBS]);
    const extra = Object.keys(hc).filter((k) => !expected.has(k));
    const missing = [...expected].filter((k) => k !== 'installConsole' && !(k in hc));
    expect({ extra, missing }).toEqual({ extra: [], missing: [] });
    expect(hc.readDump).toBeUndefined();
  });

  it('works: track a class, snapshot, summary', async () => {
    const ctx = load();
    const out = vm.runInContext(
      `(async () => {
        const { Tracked, tracker } = heapcensus;
        const Doc = tracker.trackClass(class Doc { constructor() { this.text = 'x'.repeat(100); } });
        const keep = [new Doc(), new Doc()];
        const snap = await heapcensus.snapshot('two docs');
        return { active: snap.classes.Doc.active, text: heapcensus.summary(), keep: keep.length, tracked: typeof Tracked };
      })()`,
      ctx,
    );
    const r = await out;
    expect(r.active).toBe(2);
    expect(typeof r.text).toBe('string');
  });

  it('bundles its dependencies (no import, require or external reference left)', () => {
    const code = readFileSync(dist('heapcensus.iife.js'), 'utf8');
    // Evaluating it in a bare context (above) already proves it needs no loader; this catches lazy ones.
    expect(code).not.toMatch(/\brequire\s*\(|\bimport\s*\(/);
    expect(code).toContain('@reflect-metadata:registry');
  });
});
