import { describe, expect, test } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import type { Dump } from '../../src/dump/Dump.js';
import { loadDump } from '../../src/dump/loadDump.js';
import { SdkError } from '../../src/SdkError.js';
import { Stats, type StatsOptions } from '../../src/stats/Stats.js';
import { fakePlatform } from './helpers/fakePlatform.js';
import { makeDump, tutorialDump, type InstanceSpec } from './helpers/makeDump.js';

/** AC-26's setup: two small Bars, a big Foo with a referent tree, one snapshot. */
function sortDump(): Dump {
  return makeDump({
    instances: [
      { name: 'Bar', birth: 1, preview: '<Bar b>' },
      { name: 'Foo', birth: 2, preview: '<Foo>', resolution: 4, trace: [{ fn: 'main', file: 'app.ts', line: 3, column: 5 }, { fn: 'build', file: 'lib/build.ts', line: 10, column: 12 }] },
      { name: 'Bar', birth: 3, preview: '<Bar a>', death: 900 },
    ],
    snapshots: [{ label: 'Footest', sizes: { 1: 64, 2: { size: 8064, flat: 64, refs: [['.data', 8000, 8000]] }, 3: 0 } }],
  });
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SdkError) return e.code;
    throw e;
  }
  return 'none';
}

describe('summary()', () => {
  test('reproduces the tutorial layout: 79-character lines, units, header total', () => {
    const text = Stats.from(tutorialDump()).summary();
    const lines = text.split('\n');
    for (const l of lines) expect(l, JSON.stringify(l)).toHaveLength(79);
    expect(lines[0]).toBe('---- SUMMARY ------------------------------------------------------------------');
    expect(lines[1]).toBe('before reading SConscript files:         active      4.17 MB      average   pct');
    expect(lines[2]).toBe('  SCons.Executor.Executor                     7      7.53 KB      1.08 KB  0.2%');
    expect(lines[6]).toBe('  SCons.Node.Node                             0      0     B      0     B    0%');
    expect(text).toContain('after building targets:                  active     34.77 MB      average   pct');
    expect(text).toContain('  SCons.Node.FS.File                       2302     10.45 MB      4.65 KB   30%');
    expect(text).toContain('  SCons.Node.Node                             1     84.93 KB     84.93 KB  0.2%');
    expect(lines.at(-2)).toBe('-'.repeat(79));
    expect(lines.at(-1)!.trimEnd()).toBe('total: JS heap in use, process.memoryUsage().heapUsed; pct is of it');
  });

  test('classes absent from early snapshots show zeros; empty snapshots print (AC-31)', () => {
    const d = makeDump({
      instances: [{ name: 'Foo', birth: 1500 }, { name: 'Bar', birth: 2500, death: 2700 }, { name: 'FooNew', birth: 1600 }],
      snapshots: [{ label: 'empty' }, { label: 'after f1', sizes: { 1: 100, 3: 50 } }, { label: 'after bar died', sizes: { 1: 100, 2: 0, 3: 50 } }],
      names: ['Baz'],
    });
    const s = Stats.from(d);
    expect(s.trackedClasses).toEqual(['Bar', 'Baz', 'Foo', 'FooNew']);
    const lines = s.summary().split('\n');
    for (const l of lines) expect(l).toHaveLength(79);
    expect(lines[1]!.startsWith('empty ')).toBe(true);
    expect(lines[2]).toBe(`  ${'Bar'.padEnd(33)} ${'0'.padStart(11)} ${'0     B'.padStart(12)} ${'0     B'.padStart(12)}    0%`);
    expect(lines.filter((l) => l.startsWith('  Baz'))).toHaveLength(3);
    expect(() => s.formatStats()).not.toThrow();
  });

  test('names the total source; mixed sources and "none" get their own footnotes', () => {
    const d = makeDump({
      instances: [{ name: 'A' }],
      snapshots: [{ sizes: { 1: 10 }, total: { bytes: 0, source: 'none' } }, { sizes: { 1: 10 }, total: { bytes: 4096, source: 'performance.memory' } }],
    });
    const lines = Stats.from(d).summary().split('\n');
    for (const l of lines) expect(l).toHaveLength(79);
    expect(lines[1]!.startsWith('snapshot #1')).toBe(true);
    expect(lines.some((l) => l.startsWith('total of #1: none from the platform'))).toBe(true);
    expect(lines.some((l) => l.startsWith('total of #2: JS heap in use, performance.memory'))).toBe(true);
  });

  test('long and hostile names keep the columns', () => {
    const d = makeDump({ instances: [{ name: `very.long.module.${'x'.repeat(80)}.Klass\u001b[31m` }], snapshots: [{ label: 'l\n'.repeat(40), sizes: { 1: 5 * 1024 ** 5 } }] });
    const text = Stats.from(d).summary();
    for (const l of text.split('\n')) expect(l).toHaveLength(79);
    expect(text).not.toMatch(/\u001b/);
    expect(text).toContain('5.00 PB');
  });

  test('printSummary uses the print option, and says so when there is none', () => {
    const out: string[] = [];
    Stats.from(tutorialDump(), { print: (t) => out.push(t) }).printSummary();
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('---- SUMMARY');
    expect(codeOf(() => Stats.from(tutorialDump()).printSummary())).toBe('E_PLATFORM');
  });
});

describe('sort() / reverse() (AC-26)', () => {
  test('size, reverse, classname+birth, and invalid keys', () => {
    const s = Stats.from(sortDump());
    expect(s.sort('size')).toBe(s);
    expect(s.sorted[0]!.name).toBe('Foo');
    expect(s.reverse()).toBe(s);
    expect(s.sorted[0]!.name).toBe('Bar');
    s.sort('classname', 'birth');
    expect(s.sorted.map((i) => i.id)).toEqual([1, 3, 2]);
    const before = s.sorted.map((i) => i.id);
    let err: unknown;
    try {
      s.sort('name', 42 as unknown as 'name', 'classn' as 'name');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SdkError);
    expect((err as SdkError).code).toBe('E_SORT_KEY');
    expect((err as SdkError).message).toMatch(/42.*classname, tsize, birth, death, name, repr, size/);
    expect(s.sorted.map((i) => i.id)).toEqual(before);
    expect(codeOf(() => s.sort('classname', 'classn' as 'name'))).toBe('E_SORT_KEY');
    expect(s.sort('classname')).toBe(s);
  });

  test('tsize is the last snapshot, size the largest over all; death puts the living last; repr is the preview', () => {
    const d = makeDump({
      instances: [{ name: 'A', preview: 'b' }, { name: 'A', preview: 'a', death: 1500 }, { name: 'A', preview: 'c', death: 1200 }],
      snapshots: [{ sizes: { 1: 10, 2: 1000, 3: 5 } }, { sizes: { 1: 20, 2: 0, 3: 0 } }],
    });
    const s = Stats.from(d);
    expect(s.sort('size').sorted.map((i) => i.id)).toEqual([2, 1, 3]);
    expect(s.sort('tsize').sorted.map((i) => i.id)).toEqual([1, 2, 3]);
    expect(s.sort('death').sorted.map((i) => i.id)).toEqual([3, 2, 1]);
    expect(s.sort('repr').sorted.map((i) => i.id)).toEqual([2, 1, 3]);
    expect(s.sort().sorted.map((i) => i.id)).toHaveLength(3);
  });
});

describe('formatStats()', () => {
  test('filtering does not change the order (AC-25) and selects the class (AC-29)', () => {
    const s = Stats.from(sortDump()).sort();
    const order = s.sorted.map((i) => i.id);
    const text = s.formatStats({ className: 'Bar' });
    expect(s.sorted.map((i) => i.id)).toEqual(order);
    expect(text.split('\n')[0]).toContain('Bar');
    expect(text).not.toMatch(/^Foo|<Foo>/m);
    const foo = s.formatStats({ className: 'Foo' });
    expect(foo).toContain('<Foo>');
    expect(foo).not.toContain('Bar');
    expect(foo).toContain('    app.ts:3:5 in main\n    lib/build.ts:10:12 in build');
    expect(foo).toMatch(/\.data +7\.81 KB +99% \[1\]/);
    expect(() => s.summary()).not.toThrow();
  });

  test('className is exact when tracked, else a substring', () => {
    const d = makeDump({ instances: [{ name: 'Foo' }, { name: 'FooNew' }, { name: 'app.Foo' }], snapshots: [{ sizes: { 1: 1, 2: 1, 3: 1 } }] });
    const s = Stats.from(d);
    expect(s.formatStats({ className: 'Foo' }).match(/^\S+/gm)).toEqual(['Foo']);
    expect(s.formatStats({ className: 'oo' }).match(/^\S+/gm)).toEqual(['Foo', 'FooNew', 'app.Foo']);
    expect(s.formatStats({ className: 'Nope' })).toBe('no tracked instances of "Nope"');
  });

  test('prints all by default, n with limit n, a share with a fraction (AC-30)', () => {
    const instances: InstanceSpec[] = Array.from({ length: 10 }, () => ({ name: 'Foo', preview: '<Foo>' }));
    const sizes = Object.fromEntries(instances.map((_, i) => [i + 1, 100]));
    const s = Stats.from(makeDump({ instances, snapshots: [{ sizes }] }));
    const count = (t: string): number => t.split('<Foo>').length - 1;
    expect(count(s.formatStats())).toBe(10);
    expect(count(s.formatStats({ limit: 3 }))).toBe(3);
    expect(s.formatStats({ limit: 3 })).toContain('(7 more not shown)');
    expect(count(s.formatStats({ limit: 0.5 }))).toBe(5);
    expect(count(s.formatStats({ limit: 0.01 }))).toBe(1);
    expect(count(s.formatStats({ limit: 2.7 }))).toBe(2);
    expect(count(s.formatStats({ limit: 1 }))).toBe(1);
    for (const bad of [0, -1, Number.NaN, Infinity]) expect(codeOf(() => s.formatStats({ limit: bad }))).toBe('E_OPTION');
  });

  test('dead instances are marked with their death time, in time order (AC-31)', () => {
    const text = Stats.from(sortDump()).formatStats({ className: 'Bar' });
    expect(text).toMatch(/^Bar +#3 \(dead\) +<Bar a>$/m);
    expect(text).toContain('  00:00:00.90                    died');
    const block = text.slice(text.indexOf('#3 (dead)'));
    expect(block.indexOf('died')).toBeLessThan(block.indexOf('Footest'));
  });

  test('folded dead instances are mentioned', () => {
    const d = makeDump({
      instances: [{ name: 'A' }],
      snapshots: [{ sizes: { 1: 1 } }],
      folded: { A: { count: 12, lifetimeTotal: 1, lifetimeMin: 0, lifetimeMax: 1, maxSize: 1, firstBirth: 0, lastDeath: 1 } },
    });
    expect(Stats.from(d).formatStats()).toContain('(12 earlier dead instances of A folded into aggregates, not listed)');
  });
});

describe('merged referent trees (AC-32 analogue)', () => {
  test('sums sizes and merges children by name', () => {
    const d = makeDump({
      instances: [{ name: 'Foo', resolution: 2 }, { name: 'Foo', resolution: 2 }, { name: 'Bar' }],
      snapshots: [
        {
          label: 'Merge test',
          sizes: {
            1: { size: 8200, flat: 100, refs: [['.a', 8100, 56, [['[0]', 8044, 8044]]]] },
            2: { size: 1200, flat: 100, refs: [['.a', 900, 56, [['[0]', 844, 844]]], ['.b', 200, 200, [], "'This is some stupid spam.'"]] },
            3: 64,
          },
        },
      ],
    });
    const s = Stats.from(d);
    const m = s.reader.merged(0, 'Foo');
    expect(m.size).toBe(8200 + 1200);
    expect(m.flat).toBe(200);
    expect(m.size).toBe(d.snapshots[0]!.classes['Foo']!.bytes);
    expect(m.refs.map((r) => r.name)).toEqual(['.a', '.b']);
    const a = m.refs[0]!;
    expect([a.size, a.flat]).toEqual([9000, 112]);
    expect(a.refs).toEqual([{ name: '[0]', size: 8888, flat: 8888, refs: [] }]);
    expect(s.reader.merged(0, 'Bar')).toEqual({ name: 'Bar', size: 64, flat: 64, refs: [] });
    expect(s.reader.merged(0, 'Nope')).toEqual({ name: 'Nope', size: 0, flat: 0, refs: [] });
    expect(s.reader.refsIn(0, 2)![1]!.preview).toBe("'This is some stupid spam.'");
  });

  test('decodes delta-encoded size ids', () => {
    const d = makeDump({ instances: [{ id: 5, name: 'A' }, { id: 9, name: 'A' }, { id: 12, name: 'B' }], snapshots: [{ sizes: { 5: 10, 12: 30 } }, { sizes: { 9: 20 } }] });
    expect(d.snapshots[0]!.sizes.rows).toEqual([5, 10, 10, 7, 30, 30]);
    const r = Stats.from(d).reader;
    expect(r.sizeIn(0, 0)).toEqual({ size: 10, flat: 10 });
    expect(r.sizeIn(0, 1)).toBeUndefined();
    expect(r.sizeIn(0, 2)).toEqual({ size: 30, flat: 30 });
    expect(r.sizeIn(1, 1)).toEqual({ size: 20, flat: 20 });
    expect(r.instance(12)!.name).toBe('B');
    expect(r.rowsOf('A')).toEqual([0, 1]);
  });
});

describe('diff()', () => {
  function patched(): Dump {
    const d = tutorialDump();
    const last = d.snapshots.at(-1)!;
    const MB = 1024 * 1024;
    last.total = { bytes: Math.round(32.41 * MB), source: 'process.memoryUsage' };
    last.classes['SCons.Node.FS.File'] = { active: 2302, bytes: Math.round(8.82 * MB), average: Math.round(3.92 * 1024), pct: 27 };
    last.trackedTotal = Math.round(32.41 * MB);
    return d;
  }

  test('per class before -> after with changes, and both totals', () => {
    const before = Stats.from(tutorialDump());
    const diff = before.diff(patched());
    const file = diff.classes.find((c) => c.name === 'SCons.Node.FS.File')!;
    expect(file.before.active).toBe(2302);
    expect(file.activeDelta).toBe(0);
    expect(file.bytesDelta).toBeCloseTo(Math.round(8.82 * 1024 * 1024) - 10.45 * 1024 * 1024, 3);
    const text = diff.toString();
    expect(text).toBe(diff.format());
    expect(text).toContain('platform total 34.77 MB -> 32.41 MB (-6.8%)  [process.memoryUsage]');
    expect(text).toMatch(/SCons\.Node\.FS\.File +2302 -> 2302 \(0\) +10\.45 MB -> +8\.82 MB \(-15\.6%\) +4\.65 KB -> +3\.92 KB \(-15\.7%\)/);
    expect(text).toMatch(/^tracked total .* -> 32\.41 MB \(/m);
    expect(diff.before.label).toBe('after building targets:');
  });

  test('by label, classes on one side only, and clear errors', () => {
    const a = makeDump({ instances: [{ name: 'A' }], snapshots: [{ label: 'x', sizes: { 1: 100 } }, { label: 'y', sizes: { 1: 200 } }] });
    const b = makeDump({ instances: [{ name: 'B' }], snapshots: [{ label: 'x', sizes: { 1: 50 } }] });
    const diff = Stats.from(a).diff(Stats.from(b), { label: 'x' });
    expect(diff.before.id).toBe(1);
    expect(diff.classes.map((c) => [c.name, c.before.bytes, c.after.bytes])).toEqual([['A', 100, 0], ['B', 0, 50]]);
    expect(diff.format()).toMatch(/B +0 -> 1 \(\+1\) +0 B -> 50 B \(new\)/);
    expect(codeOf(() => Stats.from(a).diff(b, { label: 'zzz' }))).toBe('E_OPTION');
    expect(codeOf(() => Stats.from(makeDump()).diff(b))).toBe('E_OPTION');
    expect(codeOf(() => Stats.from(a).diff({ format: 'nope' } as unknown as Dump))).toBe('E_DUMP_FORMAT');
  });
});

describe('construction and determinism (AC-24, AC-27)', () => {
  test('Stats.from takes a dump or anything with toDump(), and subclasses get themselves', () => {
    class PrintingStats extends Stats {
      readonly printed: string[] = [];
      constructor(dump: Dump, options: StatsOptions = {}) {
        const printed: string[] = [];
        super(dump, { print: (t) => printed.push(t), ...options });
        this.printed = printed;
      }
    }
    const s = PrintingStats.from({ toDump: () => sortDump() });
    expect(s).toBeInstanceOf(PrintingStats);
    s.printStats({ limit: 1 });
    expect(s.printed).toHaveLength(1);
    expect(codeOf(() => Stats.from(null as unknown as Dump))).toBe('E_DUMP_FORMAT');
    expect(codeOf(() => Stats.from({ ...sortDump(), names: 5 } as unknown as Dump))).toBe('E_DUMP_CORRUPT');
  });

  test('a dump and the same dump loaded from JSON print identically', () => {
    for (const d of [sortDump(), tutorialDump()]) {
      const a = Stats.from(d);
      const b = Stats.from(loadDump(JSON.stringify(d)));
      expect(b.summary()).toBe(a.summary());
      expect(b.sort('size').formatStats()).toBe(a.sort('size').formatStats());
      expect(b.diff(d).format()).toBe(a.diff(d).format());
    }
  });

  test('with the real tracker: stats() and the loaded dump agree, and the preview shows', async () => {
    const tracker = new ClassTracker({ platform: fakePlatform() });
    class Foo {
      data = Array.from({ length: 100 }, (_, i) => i);
    }
    class Bar {
      bar = 'bar';
    }
    const keep = [new Foo(), new Bar(), new Bar()];
    tracker.trackObject(keep[0]!, { resolution: 2, trace: true });
    tracker.trackObject(keep[1]!);
    tracker.trackObject(keep[2]!);
    await tracker.snapshot('Footest');
    const live = tracker.stats();
    const loaded = Stats.from(loadDump(JSON.stringify(tracker.toDump())));
    expect(live.trackedClasses).toEqual(['Bar', 'Foo']);
    expect(loaded.summary()).toBe(live.summary());
    expect(loaded.sort('size').formatStats()).toBe(live.sort('size').formatStats());
    expect(live.sorted[0]!.name).toBe('Foo');
    for (const l of live.summary().split('\n')) expect(l).toHaveLength(79);
    expect(keep).toHaveLength(3);
  });
});
