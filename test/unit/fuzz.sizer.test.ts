import { types } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { Sizer, asized, sizeOf } from '../../src/sizer/index.js';
import type { RefNode } from '../../src/types.js';
import { fakePlatform } from './helpers/fakePlatform.js';
import { DESCRIPTOR_TRAPS, buildGraph, fingerprint, graphArb, resetCalls, userCalls, type GraphSpec } from './helpers/graphs.js';

/**
 * Property-based tests of the sizer and of tracker snapshots over random object graphs
 * (test/unit/helpers/graphs.ts): cycles, shared subgraphs, holey and sparse arrays, symbol
 * keys, getters/setters, proxies (counting, revoked, throwing), frozen/sealed objects, class
 * hierarchies with private fields, Maps/Sets (and subclasses overriding every reader), typed
 * arrays, captured stacks. Decorator mode plays no part here: run in the legacy project only.
 */
const mode = process.env.HEAPCENSUS_DECORATORS;
const isProxy = (v: object): boolean => types.isProxy(v);
const node = { taggedSize: 8 as const, isProxy };
/** A browser-like host: no isProxy, pointer compression. */
const browser = { taggedSize: 4 as const };
const RUNS = 200;

const isByteCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

function checkTree(nodes: readonly RefNode[], depth: number): void {
  for (const n of nodes) {
    expect(isByteCount(n.size) && isByteCount(n.flat), `node ${n.name} at depth ${depth}`).toBe(true);
    expect(n.size).toBeGreaterThanOrEqual(n.flat);
    expect(typeof n.name).toBe('string');
    checkTree(n.refs, depth + 1);
  }
}

afterEach(() => resetCalls());

describe.skipIf(mode === 'standard')('fuzz: sizer over random graphs', () => {
  it(`sizeOf: no throw, no user code, finite non-negative sizes, deterministic (${RUNS} graphs, Node host)`, () => {
    fc.assert(
      fc.property(graphArb(), (spec) => {
        const g = buildGraph(spec);
        const before = fingerprint(g.nodes, g.targets);
        resetCalls();
        const a = sizeOf(g.nodes[0], node);
        const b = sizeOf(g.nodes[0], node);
        expect(userCalls()).toEqual({});
        expect(isByteCount(a)).toBe(true);
        expect(b).toBe(a);
        expect(fingerprint(g.nodes, g.targets)).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it(`browser host (no isProxy): only descriptor, key and prototype traps may run, never get/set/apply (${RUNS} graphs)`, () => {
    fc.assert(
      fc.property(graphArb(), (spec) => {
        const g = buildGraph(spec);
        resetCalls();
        const a = sizeOf(g.nodes[0], browser);
        const t = asized(g.nodes[0], { ...browser, detail: 3 });
        expect(userCalls(DESCRIPTOR_TRAPS)).toEqual({});
        expect(isByteCount(a)).toBe(true);
        expect(t.size).toBe(a);
      }),
      { numRuns: RUNS },
    );
  });

  it(`asized: the tree's total equals sizeOf, size = flat + children at the top, every node a byte count (${RUNS} graphs)`, () => {
    fc.assert(
      fc.property(graphArb(), fc.integer({ min: 1, max: 6 }), (spec, detail) => {
        const g = buildGraph(spec);
        resetCalls();
        const whole = sizeOf(g.nodes[0], node);
        const t = asized(g.nodes[0], { ...node, detail });
        expect(userCalls()).toEqual({});
        expect(t.size).toBe(whole);
        expect(isByteCount(t.flat)).toBe(true);
        const refs = t.refs ?? [];
        expect(t.flat + refs.reduce((s, r) => s + r.size, 0)).toBe(t.size);
        checkTree(refs, 1);
        expect(typeof t.preview).toBe('string');
      }),
      { numRuns: RUNS },
    );
  });

  it(`Sizer.measure over several roots: one seen-set, sum of parts = size of the union (${RUNS} graphs)`, () => {
    fc.assert(
      fc.property(graphArb(), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (spec, picks) => {
        const g = buildGraph(spec);
        const roots = [...new Set(picks.map((p) => g.nodes[p % g.nodes.length]!))];
        resetCalls();
        const sizer = new Sizer(node);
        const parts = roots.map((r) => sizer.measure(r).size);
        expect(userCalls()).toEqual({});
        for (const p of parts) expect(isByteCount(p)).toBe(true);
        const sum = parts.reduce((s, p) => s + p, 0);
        expect(sizer.total).toBe(sum);
        const union = asized(roots, node);
        expect(sum).toBe(union.size - union.flat);
        // Measuring a root again (same snapshot) adds nothing.
        for (const r of roots) expect(sizer.measure(r).size).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });
});

function trackerCase(spec: GraphSpec, picks: number[], resolution: number, host: 'node' | 'browser') {
  const g = buildGraph(spec);
  const platform = fakePlatform(host === 'node' ? {} : { isProxy: undefined, taggedSize: 4, name: 'browser' });
  const tracker = new ClassTracker({ platform });
  const tracked = [...new Set(picks.map((p) => g.nodes[p % g.nodes.length]!))];
  tracked.forEach((o, i) => tracker.trackObject(o, { name: `C${i % 3}`, resolution: i % 2 === 0 ? resolution : 0 }));
  return { g, platform, tracker, tracked };
}

describe.skipIf(mode === 'standard')('fuzz: tracker snapshots over random graphs', () => {
  it(`sum over classes = trackedTotal = sizes of the union of tracked instances; no user code (${RUNS} graphs, Node host)`, () => {
    fc.assert(
      fc.property(graphArb(), fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 3 }), (spec, picks, res) => {
        const { g, platform, tracker, tracked } = trackerCase(spec, picks, res, 'node');
        const before = fingerprint(g.nodes, g.targets);
        resetCalls();
        const snap = tracker.snapshotSync('fuzz');
        expect(userCalls()).toEqual({});
        expect(platform.errors).toEqual([]);
        const classes = Object.values(snap.classes);
        expect(classes.reduce((s, c) => s + c.bytes, 0)).toBe(snap.trackedTotal);
        expect(classes.reduce((s, c) => s + c.active, 0)).toBe(tracked.length);
        for (const c of classes) {
          expect(isByteCount(c.bytes)).toBe(true);
          expect(Number.isFinite(c.pct) && c.pct >= 0).toBe(true);
          expect(Number.isFinite(c.average) && c.average >= 0).toBe(true);
        }
        // Every tracked instance is alive and only the tracked instances are roots: each object
        // reachable from them is charged exactly once, so the parts add up to the union's size.
        let sum = 0;
        for (const o of tracked) {
          const sizes = tracker.find(o)!.sizes;
          expect(sizes).toHaveLength(1);
          expect(isByteCount(sizes[0]!.size) && sizes[0]!.flat <= sizes[0]!.size).toBe(true);
          sum += sizes[0]!.size;
        }
        expect(sum).toBe(snap.trackedTotal);
        const union = asized(tracked, node);
        expect(snap.trackedTotal).toBe(union.size - union.flat);
        expect(fingerprint(g.nodes, g.targets)).toBe(before);
        // The dump of it loads back.
        expect(() => tracker.stats()).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });

  it(`async sliced snapshots on a browser-like host agree with the class sums; only descriptor traps (${RUNS / 2} graphs)`, async () => {
    await fc.assert(
      fc.asyncProperty(graphArb(), fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 3 }), async (spec, picks, res) => {
        const { platform, tracker, tracked } = trackerCase(spec, picks, res, 'browser');
        platform.yieldToHost = () => Promise.resolve();
        resetCalls();
        const snap = await tracker.snapshot('a');
        const again = await tracker.snapshot('b');
        expect(userCalls(DESCRIPTOR_TRAPS)).toEqual({});
        expect(platform.errors).toEqual([]);
        const sum = Object.values(snap.classes).reduce((s, c) => s + c.bytes, 0);
        expect(sum).toBe(snap.trackedTotal);
        expect(again.trackedTotal).toBe(snap.trackedTotal);
        expect(Object.values(again.classes).reduce((s, c) => s + c.active, 0)).toBe(tracked.length);
      }),
      { numRuns: RUNS / 2 },
    );
  });
});
