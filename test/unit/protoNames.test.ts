/**
 * Class names that are also Object.prototype's names (issue 16, round two): `__proto__`,
 * `constructor`, `toString`, `hasOwnProperty`, `valueOf` must be ordinary classes everywhere a
 * record is keyed by class name: snapshot figures, histories, folded aggregates, mark details,
 * the dump, Stats, and the browser console's summary table.
 */
import { describe, expect, test, vi } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { loadDump } from '../../src/dump/loadDump.js';
import { Stats } from '../../src/stats/Stats.js';
import { collectGarbage, fakePlatform } from './helpers/fakePlatform.js';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

describe('class names that are Object.prototype names', () => {
  test('are kept in the dump (figures, history, folded, mark detail), loaded back and summarised', async () => {
    const tracker = new ClassTracker({ platform: fakePlatform(), deadRecordLimit: 1 });
    const keep: object[] = [];
    NAMES.forEach((name, i) => {
      const C = tracker.trackClass(class Thing {}, { name });
      for (let k = 0; k <= i + 2; k++) keep.push(new C());
      // Two that die, so that one record folds (deadRecordLimit 1).
      new C();
      new C();
    });
    tracker.mark('m', 1, JSON.parse('{"__proto__":"p","constructor":"c"}') as Record<string, string>);
    await collectGarbage();
    tracker.sweep();
    tracker.snapshotSync('one');
    const dump = tracker.toDump();
    const back = loadDump(JSON.stringify(dump));
    for (const d of [dump, back]) {
      for (const [i, name] of NAMES.entries()) {
        expect(own(d.snapshots[0]!.classes, name), name).toBe(true);
        expect(d.snapshots[0]!.classes[name]!.active, name).toBe(i + 3);
        expect(own(d.history, name), name).toBe(true);
        expect(own(d.folded, name), name).toBe(true);
        expect(d.folded[name]!.count, name).toBe(1);
      }
      expect(Object.keys(d.marks[0]!.detail!)).toEqual(['__proto__', 'constructor']);
    }
    const stats = Stats.from(back);
    expect(stats.trackedClasses).toEqual([...NAMES].sort());
    const summary = stats.summary();
    for (const [i, name] of NAMES.entries()) expect(summary).toMatch(new RegExp(`^ {2}${name} +${i + 3} `, 'm'));
    const diff = stats.diff(stats);
    expect(diff.classes.map((c) => c.name)).toEqual([...NAMES].sort());
    expect(diff.classes.find((c) => c.name === '__proto__')!.after.active).toBe(3);
    void keep;
  });

  test("the browser console's summary() tables keep every class", async () => {
    const tables: unknown[] = [];
    const spies = [
      vi.spyOn(console, 'table').mockImplementation((t: unknown) => void tables.push(t)),
      ...(['info', 'group', 'groupCollapsed', 'groupEnd', 'log'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => undefined)),
    ];
    try {
      const { installConsole } = await import('../../platform/browser/installConsole.js');
      const hc = installConsole();
      const keep: object[] = [];
      NAMES.forEach((name, i) => {
        const C = hc.tracker.trackClass(class Thing {}, { name });
        for (let k = 0; k <= i; k++) keep.push(new C());
      });
      await hc.snapshot('s');
      const text = hc.summary();
      expect(tables).toHaveLength(1);
      const table = tables[0] as Record<string, { active: number }>;
      expect(Object.keys(table).sort()).toEqual([...NAMES].sort());
      NAMES.forEach((name, i) => {
        expect(own(table, name), name).toBe(true);
        expect(table[name]!.active, name).toBe(i + 1);
        expect(text).toMatch(new RegExp(`^ {2}${name} +${i + 1} `, 'm'));
      });
      void keep;
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});
