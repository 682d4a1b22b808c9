/** The report's pure helpers: routes, compare sorting, tick and mark text, the band under a click. */
import { describe, expect, test } from 'vitest';
import { tickBytes } from '../../report/chartTheme.js';
import { markText } from '../../report/marks.js';
import { parseRoute, routeHash, type Route } from '../../report/route.js';
import { sortDiff } from '../../report/sortDiff.js';
import { sortByKey } from '../../report/sortRows.js';
import { bandAt } from '../../report/TimeSpaceChart.js';
import type { ClassDiff } from '../../src/stats/StatsDiff.js';

const bounds = { snapshots: [3, 4] };

describe('routes', () => {
  test('each view round-trips through its hash', () => {
    const routes: Route[] = [
      { view: 'overview', dump: 0 },
      { view: 'class', dump: 1, name: 'app.Doc & <b>#?=' },
      { view: 'class', dump: 1, name: 'x', instance: 42 },
      { view: 'lifetime', dump: 0, name: 'ü/é' },
      { view: 'compare', before: 2, after: 0 },
    ];
    for (const r of routes) expect(parseRoute(routeHash(r), bounds)).toEqual(r);
  });

  test('an unreadable or out-of-range hash opens the latest dump, clamped values stay in range', () => {
    expect(parseRoute('', bounds)).toEqual({ view: 'overview', dump: 1 });
    expect(parseRoute('#view=class&dump=9&class=x', bounds)).toEqual({ view: 'overview', dump: 1 });
    expect(parseRoute('#view=class&dump=-1&class=x', bounds)).toEqual({ view: 'overview', dump: 1 });
    expect(parseRoute('#view=compare&before=99&after=x', bounds)).toEqual({ view: 'compare', before: 2, after: 3 });
    expect(parseRoute('#view=compare', { snapshots: [3] })).toEqual({ view: 'overview', dump: 0 });
    expect(parseRoute('#view=class&dump=0', bounds)).toEqual({ view: 'overview', dump: 0 });
    expect(parseRoute('#view=class&dump=0&class=a&instance=1e9', bounds)).toEqual({ view: 'class', dump: 0, name: 'a' });
  });
});

const fig = (active: number, bytes: number) => ({ active, bytes, average: active === 0 ? 0 : bytes / active, pct: 0 });
const diff = (name: string, b: [number, number], a: [number, number]): ClassDiff => {
  const before = fig(...b);
  const after = fig(...a);
  return { name, before, after, activeDelta: after.active - before.active, bytesDelta: after.bytes - before.bytes, averageDelta: after.average - before.average };
};

describe('compare sorting', () => {
  const rows = [diff('b', [1, 100], [2, 300]), diff('a', [5, 500], [1, 50]), diff('c', [0, 0], [3, 90]), diff('d', [2, 200], [2, 200])];
  test('largest change first by default, then any column both ways', () => {
    expect(sortDiff(rows).map((c) => c.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(sortDiff(rows, 'bytesDelta').map((c) => c.name)).toEqual(['b', 'c', 'd', 'a']);
    expect(sortDiff(rows, 'bytesDelta', false).map((c) => c.name)).toEqual(['a', 'd', 'c', 'b']);
    expect(sortDiff(rows, 'activeAfter').map((c) => c.name)).toEqual(['c', 'b', 'd', 'a']);
    expect(sortDiff(rows, 'name', false).map((c) => c.name)).toEqual(['a', 'b', 'c', 'd']);
    // New classes (from zero) rank above any finite growth.
    expect(sortDiff(rows, 'bytesChange').map((c) => c.name)).toEqual(['c', 'b', 'd', 'a']);
  });
});

describe('chart and mark text', () => {
  test('byte ticks are round: no trailing zeros', () => {
    expect(tickBytes(896 * 1024)).toBe('896 KB');
    expect(tickBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(tickBytes(1.25 * 1024)).toBe('1.25 KB');
    expect(tickBytes(512)).toBe('512 B');
    expect(tickBytes(0)).toBe('0 B');
  });

  test('web-vitals marks: name, value with unit, rating; other marks keep their detail', () => {
    expect(markText({ name: 'FCP', time: 1, value: 755.56, detail: { rating: 'good', id: 'v6-1', navigationType: 'navigate' } })).toEqual({ name: 'FCP', value: '756 ms', rating: 'good', rest: '' });
    expect(markText({ name: 'LCP', time: 1, value: 2500, detail: { rating: 'poor' } })).toMatchObject({ value: '2.50 s', rating: 'poor' });
    expect(markText({ name: 'CLS', time: 1, value: 0.1234 })).toMatchObject({ value: '0.123', rating: undefined });
    expect(markText({ name: 'deploy', time: 1, detail: { rating: '<b>', sha: 'abc' } })).toEqual({ name: 'deploy', value: undefined, rating: undefined, rest: 'rating: <b>, sha: abc' });
  });

  test('a click height falls in the band stacked there', () => {
    const cum = [
      [10, 20],
      [15, 50],
    ];
    expect(bandAt(cum, 1, 5)).toBe(0);
    expect(bandAt(cum, 1, 30)).toBe(1);
    expect(bandAt(cum, 1, 60)).toBeUndefined();
    expect(bandAt(cum, 0, -1)).toBeUndefined();
  });
});

describe('sortByKey: the instances table order', () => {
  test('sizes (packed numeric sort) and times (comparator) order alike: by key, ties in row order, either direction', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const n = 5000;
    const sizes = Float64Array.from({ length: n }, () => Math.floor(rnd() * 50));
    const times = Float64Array.from({ length: n }, (_, i) => (i % 9 === 0 ? Infinity : Math.floor(rnd() * 50) + 0.5));
    for (const keys of [sizes, times]) {
      for (const desc of [true, false]) {
        const rows = Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 !== 1);
        const dir = desc ? -1 : 1;
        const expected = [...rows].sort((a, b) => (keys[a]! < keys[b]! ? -dir : keys[a]! > keys[b]! ? dir : a - b));
        expect(sortByKey(rows, keys, desc)).toEqual(expected);
      }
    }
  });
});
