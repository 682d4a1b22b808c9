/**
 * Small dumps that describe huge tables (issue 16, round two): thousands of class names times
 * thousands of almost empty snapshots, 125,000 classes in a diff, instances each sized in one of
 * many snapshots. Work follows what the dump holds, output what is shown ("and N more"), and no
 * large array is spread into arguments. Asserts on results and on how often figures are read,
 * never on time. Decorator mode plays no part: run in the legacy project only.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { DUMP_FORMAT, DUMP_VERSION, type Dump, type DumpSnapshot } from '../../src/dump/Dump.js';
import { decodeUtf8 } from '../../src/dump/decodeUtf8.js';
import { formatSummary } from '../../src/stats/formatSummary.js';
import { Stats } from '../../src/stats/Stats.js';
import type { ClassFigures } from '../../src/types.js';
import { runCli } from './helpers/runCli.js';

const mode = process.env.HEAPCENSUS_DECORATORS;
/** A bound for the large cases when both cores are busy elsewhere; it decides nothing (about 3-10 s on an idle machine). */
const HEAVY = 120_000;
let dir = '';
const file = (name: string): string => join(dir, name);

/**
 * `classes` names, `snapshots` snapshots whose `classes` hold figures only where `figures(i)`
 * says, and `sized` instances, instance k sized in snapshot k only (when there is one).
 */
function sparseDump(classes: number, snapshots: number, figures: (i: number) => Record<string, ClassFigures> = () => ({}), sized = 0): Dump {
  const rows: Array<number | string | null> = [];
  for (let k = 0; k < sized; k++) rows.push(k + 1, k % classes, 0, null, 0, -1, null);
  const snaps: DumpSnapshot[] = [];
  for (let i = 0; i < snapshots; i++) {
    const sizes = i < sized ? [i + 1, 100, 10] : [];
    snaps.push({ id: i + 1, label: '', time: i, sizing: 'model', trackedTotal: i < sized ? 100 : 0, total: { bytes: 0, source: 'none' }, classes: figures(i), sizes: { fields: ['id', 'size', 'flat'], rows: sizes } });
  }
  return {
    format: DUMP_FORMAT,
    version: DUMP_VERSION,
    created: '2026-01-01T00:00:00.000Z',
    platform: { name: 'node', taggedSize: 8 },
    startTime: 0,
    names: Array.from({ length: classes }, (_, i) => `C${i}`),
    traces: [],
    instances: { fields: ['id', 'name', 'birth', 'death', 'resolution', 'trace', 'preview'], rows },
    snapshots: snaps,
    history: {},
    folded: {},
    marks: [],
  };
}

const fig = (active: number, bytes: number): ClassFigures => ({ active, bytes, average: active === 0 ? 0 : bytes / active, pct: 0 });

/** A snapshot with `n` classes: C0..C(n-1), class k with k+1 instances of `scale` bytes each. */
function manyClasses(n: number, scale: number): Record<string, ClassFigures> {
  const out: Record<string, ClassFigures> = {};
  for (let k = 0; k < n; k++) out[`C${k}`] = fig(k + 1, (k + 1) * scale);
  return out;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'heapcensus-amplification-'));
});

describe.skipIf(mode === 'standard')('work and output follow the dump, not names x snapshots', () => {
  test('summary of 20,000 class names x 20,000 almost empty snapshots: one header and one count line each', () => {
    const d = sparseDump(20_000, 20_000, (i) => (i % 5000 === 0 ? { C7: fig(2, 64), C3: fig(1, 4096) } : {}));
    const text = new Stats(d).summary();
    const lines = text.split('\n');
    // Title, per snapshot a header and the "more" line (+2 class lines in 4 of them), rule, footnote.
    // (Counts and booleans, not the 3 MB text: a failure message must not be the size of the output.)
    expect(lines.length).toBe(1 + 20_000 * 2 + 4 * 2 + 2);
    expect(lines.filter((l) => l.trimEnd() === '  ... and 20000 more classes (20000 with none)').length).toBe(20_000 - 4);
    expect(lines.filter((l) => l.trimEnd() === '  ... and 19998 more classes (19998 with none)').length).toBe(4);
    // The largest first: C3 (4 KB) before C7.
    const first = lines.findIndex((l) => l.startsWith('  C3 '));
    expect(lines[first + 1]).toMatch(/^ {2}C7 +2 /);
    // Every class with figures, and only those, with --all's limit.
    const all = new Stats(d).summary({ limit: Infinity }).split('\n');
    expect(all.filter((l) => /^ {2}C\d+ /.test(l))).toHaveLength(8);
  }, HEAVY);

  test('formatSummary reads only the figures a snapshot has (counted on the records themselves)', () => {
    let reads = 0;
    const counted = (rec: Record<string, ClassFigures>): Record<string, ClassFigures> =>
      new Proxy(rec, {
        get: (t, k, r) => (reads++, Reflect.get(t, k, r)),
        has: (t, k) => (reads++, Reflect.has(t, k)),
        getOwnPropertyDescriptor: (t, k) => (reads++, Reflect.getOwnPropertyDescriptor(t, k)),
        ownKeys: (t) => (reads++, Reflect.ownKeys(t)),
      });
    const d = sparseDump(2_000, 100, (i) => counted(i === 0 ? manyClasses(60, 8) : {}));
    const text = formatSummary(d, d.names, 50);
    // Before: every name looked up in every snapshot (2,000 x 100 = 200,000 reads). Now: the keys,
    // then a few reads per figure in the one snapshot that has 60 (sorting, printing 50).
    expect(reads).toBeLessThan(100 * 2 + 60 * 60);
    expect(text.split('\n').filter((l) => /^ {2}C\d+ /.test(l))).toHaveLength(50);
    expect(text).toContain('  ... and 1950 more classes (10 more with figures, 1940 with none)');
    // Few classes: every tracked class by name, zeros where absent, as in Pympler.
    const few = sparseDump(3, 2, (i) => (i === 0 ? { C1: fig(1, 8) } : {}));
    expect(formatSummary(few, few.names).split('\n').filter((l) => /^ {2}C\d /.test(l)).map((l) => l.trim().split(/ +/).slice(0, 2).join(' '))).toEqual(['C0 0', 'C1 1', 'C2 0', 'C0 0', 'C1 0', 'C2 0']);
  });

  test('diff of 125,000 classes: no stack overflow, 50 largest changes by default, every class on request', () => {
    const before = sparseDump(1, 1, () => manyClasses(125_000, 8));
    const after = sparseDump(1, 1, () => {
      const c = manyClasses(125_000, 8);
      c['C5'] = fig(600, 600 * 8 * 1000); // the largest change
      c['C124999'] = fig(1, 8); // a large drop
      return c;
    });
    const diff = new Stats(before).diff(new Stats(after));
    expect(diff.classes).toHaveLength(125_000);
    const text = diff.format();
    const rows = text.split('\n').filter((l) => /^ {2}C\d+ /.test(l));
    expect(rows).toHaveLength(50);
    expect(rows[0]).toMatch(/^ {2}C5 /);
    expect(rows[1]).toMatch(/^ {2}C124999 /);
    expect(text).toContain('  ... and 124950 more classes (124998 of all 125000 unchanged), smaller changes not shown');
    expect(diff.toString()).toBe(text);
    const all = diff.format({ limit: Infinity }).split('\n').filter((l) => /^ {2}C\d+ /.test(l));
    expect(all).toHaveLength(125_000);
    expect(all[0]).toMatch(/^ {2}C0 /);
    expect(() => diff.format({ limit: -1 })).toThrow(/limit must be a number/);
  }, HEAVY);

  test('stats over 20,000 instances each sized in one of 20,000 snapshots (no per-snapshot table of every instance)', () => {
    const d = sparseDump(3, 20_000, () => ({}), 20_000);
    const stats = new Stats(d).sort('size');
    const text = stats.formatStats();
    expect(text.match(/^C\d +#\d+/gm)).toHaveLength(20_000);
    expect(stats.reader.sizedIn(19_999)).toEqual([19_999]);
    expect(stats.reader.sizeIn(19_999, 19_999)).toEqual({ size: 100, flat: 10 });
    expect(stats.reader.sizeIn(0, 19_999)).toBeUndefined();
  }, HEAVY);

  test('the CLI: summary and diff show at most 50 classes a table unless --all; stats of a sparse dump works', async () => {
    writeFileSync(file('sparse.json'), JSON.stringify(sparseDump(2_000, 2_000, (i) => (i === 0 ? manyClasses(80, 8) : {}))));
    const s = await runCli('summary', file('sparse.json'));
    expect(s.code).toBe(0);
    expect(s.out.split('\n').filter((l) => /^ {2}C\d+ /.test(l))).toHaveLength(50);
    expect(s.out).toContain('... and 1950 more classes (30 more with figures, 1920 with none)');
    const all = await runCli('summary', file('sparse.json'), '--all');
    expect(all.code).toBe(0);
    expect(all.out.split('\n').filter((l) => /^ {2}C\d+ /.test(l))).toHaveLength(80);
    writeFileSync(file('narrow.json'), JSON.stringify(sparseDump(1, 1, () => manyClasses(2_000, 8))));
    writeFileSync(file('narrow2.json'), JSON.stringify(sparseDump(1, 1, () => manyClasses(2_000, 16))));
    const d = await runCli('diff', file('narrow.json'), file('narrow2.json'));
    expect(d.code).toBe(0);
    expect(d.err).toBe('');
    expect(d.out.split('\n').filter((l) => /^ {2}C\d+ /.test(l))).toHaveLength(50);
    expect(d.out).toContain('... and 1950 more classes');
    // Every one of 125,000 classes: the width of each column without spreading 125,000 arguments.
    writeFileSync(file('wide.json'), JSON.stringify(sparseDump(1, 1, () => manyClasses(125_000, 8))));
    writeFileSync(file('wide2.json'), JSON.stringify(sparseDump(1, 1, () => manyClasses(125_000, 16))));
    const dAll = await runCli('diff', file('wide.json'), file('wide2.json'), '--all');
    expect(dAll.code).toBe(0);
    expect(dAll.out.split('\n').filter((l) => /^ {2}C\d+ /.test(l))).toHaveLength(125_000);
    expect((await runCli('stats', file('sparse.json'), '--all')).code).toBe(2);
    // 200,000 sort keys in one argument reach Stats.sort as the distinct few.
    expect((await runCli('stats', file('sparse.json'), '--sort', Array(200_000).fill('size').join(','), '--limit', '1')).code).toBe(0);
    writeFileSync(file('spread.json'), JSON.stringify(sparseDump(3, 5_000, () => ({}), 5_000)));
    const st = await runCli('stats', file('spread.json'), '--limit', '3');
    expect(st.code).toBe(0);
    expect(st.out).toContain('(4997 more not shown)');
  }, HEAVY);

  test('decodeUtf8 (its slow path) decodes long text without spreading it into arguments', () => {
    // A lone bad byte at the end sends it down the slow path after 300,000 good characters.
    const good = Buffer.from('é'.repeat(150_000) + 'x'.repeat(150_000));
    expect(() => decodeUtf8(Buffer.concat([good, Buffer.from([0xff])]))).toThrow(/invalid UTF-8 at byte 450000/);
  });
});
