import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../platform/node/cli.js';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import type { Dump } from '../../src/dump/Dump.js';
import { dumpReader } from '../../src/dump/dumpReader.js';
import { formatBytes, formatBytesPadded } from '../../src/stats/format.js';
import { pctCell } from '../../src/stats/formatSummary.js';
import { Stats } from '../../src/stats/Stats.js';
import { createTracked } from '../../src/tracker/Tracked.js';
import { collectGarbage, fakePlatform } from './helpers/fakePlatform.js';

/**
 * Every figure derived from another agrees with it, wherever it is shown: a tracker built through
 * the public API (births, deaths found by a snapshot and by a sweep, three snapshots) is read
 * back through its own reads, `toDump()`, `Stats` and the CLI. Each derived figure is computed
 * here from the raw records (instances, their sizes), never from the figure it is checked against.
 */
const mode = process.env.HEAPCENSUS_DECORATORS;

interface Built {
  tracker: ClassTracker;
  dump: Dump;
  /** Kept alive until the end. */
  keep: object[];
}

/** 30 Docs (10 die before the 2nd snapshot), 20 Rows (+5 before the 3rd, 5 die after it), 4 plain objects. */
async function build(): Promise<Built> {
  const platform = fakePlatform();
  platform.total = { bytes: 4 * 1024 * 1024, source: 'process.memoryUsage' };
  const tracker = new ClassTracker({ platform });
  const Tracked = createTracked(() => tracker);
  @Tracked({ resolution: 1 })
  class Doc {
    text = 'x'.repeat(40);
    parts: number[] = [1, 2, 3];
  }
  @Tracked()
  class Row {
    cells = new Array<number>(8).fill(0);
  }
  const keep: object[] = [];
  const docs: Doc[] = [];
  const rows: Row[] = [];
  for (let i = 0; i < 30; i++) docs.push(new Doc());
  for (let i = 0; i < 20; i++) rows.push(new Row());
  for (let i = 0; i < 4; i++) keep.push(tracker.trackObject({ i, list: [i] }, { name: 'Plain' }).deref()!);
  await tracker.snapshot('first');
  docs.splice(0, 10);
  for (const d of docs.slice(0, 5)) d.parts.push(...new Array<number>(100).fill(7)); // grows
  await collectGarbage();
  await tracker.snapshot('second');
  for (let i = 0; i < 5; i++) rows.push(new Row());
  await tracker.snapshot('third');
  rows.splice(0, 5);
  await collectGarbage();
  tracker.sweep(); // these deaths come after the last snapshot
  keep.push(docs, rows);
  return { tracker, dump: tracker.toDump(), keep };
}

/** The figures of one class in one snapshot, computed from the instances' own sizes. */
function fromInstances(dump: Dump, snapshot: number, name: string): { active: number; bytes: number } {
  const reader = dumpReader(dump);
  let active = 0;
  let bytes = 0;
  for (const row of reader.rowsOf(name)) {
    const s = reader.sizeIn(snapshot, row);
    if (s === undefined) continue;
    active++;
    bytes += s.size;
  }
  return { active, bytes };
}

/** Births, deaths and records still alive per class, from the dump's instance table. */
function lives(dump: Dump, name: string): { births: number; deaths: number; alive: number } {
  const insts = dumpReader(dump).instances.filter((i) => i.name === name);
  const folded = Object.prototype.hasOwnProperty.call(dump.folded, name) ? dump.folded[name]!.count : 0;
  const deaths = insts.filter((i) => i.death !== undefined).length + folded;
  return { births: insts.length + folded, deaths, alive: insts.filter((i) => i.death === undefined).length };
}

/** `text` as a literal inside a RegExp. */
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let built: Built;
let dir = '';

beforeAll(async () => {
  built = await build();
  dir = mkdtempSync(join(tmpdir(), 'heapcensus-consistency-'));
});

async function cli(...argv: string[]): Promise<string> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } });
  expect(err).toBe('');
  expect(code).toBe(0);
  return out;
}

describe(`figures agree with the data they come from (${mode} decorators)`, () => {
  const NAMES = ['Doc', 'Plain', 'Row'];

  it('the scenario is what it says: births and deaths per class', () => {
    const { dump } = built;
    expect(lives(dump, 'Doc')).toEqual({ births: 30, deaths: 10, alive: 20 });
    expect(lives(dump, 'Row')).toEqual({ births: 25, deaths: 5, alive: 20 });
    expect(lives(dump, 'Plain')).toEqual({ births: 4, deaths: 0, alive: 4 });
  });

  it('tracker reads: alive records = births - deaths = the last count of the history', () => {
    const { tracker, dump } = built;
    for (const name of NAMES) {
      const { births, deaths, alive } = lives(dump, name);
      const records = tracker.index.get(name) ?? [];
      expect(records.filter((r) => r.death === undefined).length, name).toBe(births - deaths);
      expect(records.filter((r) => r.alive()).length, name).toBe(alive);
      // Counts only: the history's times are checked in the tracker's own tests.
      expect(tracker.history.get(name)?.at(-1)?.[1], name).toBe(alive);
      expect(dump.history[name]?.at(-1)?.[1], name).toBe(alive);
    }
  });

  it("snapshots: a class's active and bytes are its sized instances; average, pct and the tracked total follow", () => {
    const { tracker, dump } = built;
    expect(dump.snapshots).toHaveLength(3);
    for (let i = 0; i < dump.snapshots.length; i++) {
      const s = dump.snapshots[i]!;
      let sum = 0;
      for (const name of NAMES) {
        const want = fromInstances(dump, i, name);
        const c = s.classes[name]!;
        expect({ active: c.active, bytes: c.bytes }, `${s.label} ${name}`).toEqual(want);
        expect(c.average, `${s.label} ${name}`).toBe(want.active === 0 ? 0 : want.bytes / want.active);
        expect(c.pct, `${s.label} ${name}`).toBeCloseTo((want.bytes * 100) / s.total.bytes, 10);
        sum += want.bytes;
      }
      expect(Object.keys(s.classes).sort()).toEqual(NAMES);
      expect(s.trackedTotal, s.label).toBe(sum);
      // The tracker's own snapshot objects say the same as the dump.
      expect(tracker.snapshots[i]!.classes, s.label).toEqual(s.classes);
      expect(tracker.snapshots[i]!.trackedTotal, s.label).toBe(sum);
    }
    // The deaths show in the counts: 30 -> 20 Docs, 20 -> 25 Rows.
    expect(dump.snapshots.map((s) => s.classes['Doc']!.active)).toEqual([30, 20, 20]);
    expect(dump.snapshots.map((s) => s.classes['Row']!.active)).toEqual([20, 20, 25]);
  });

  it('sizes: each instance sized in a snapshot is one that was alive then', () => {
    const { dump } = built;
    const reader = dumpReader(dump);
    for (let i = 0; i < dump.snapshots.length; i++) {
      const t = dump.snapshots[i]!.time;
      for (const inst of reader.instances) {
        if (reader.sizeIn(i, inst.row) === undefined) continue;
        expect(inst.death === undefined || inst.death >= t, `#${inst.id} in ${dump.snapshots[i]!.label}`).toBe(true);
      }
    }
  });

  it("Stats.summary() and the CLI's summary print those figures", async () => {
    const { dump } = built;
    const text = Stats.from(dump).summary();
    const lines = text.split('\n');
    for (let i = 0; i < dump.snapshots.length; i++) {
      const s = dump.snapshots[i]!;
      const at = lines.findIndex((l) => l.startsWith(s.label));
      expect(lines[at]).toContain(formatBytesPadded(s.total.bytes));
      for (const name of NAMES) {
        const { active, bytes } = fromInstances(dump, i, name);
        const row = lines.slice(at + 1, at + 1 + NAMES.length).find((l) => l.trim().startsWith(`${name} `));
        expect(row, `${s.label} ${name}`).toBeDefined();
        const cellsAfterName = [String(active), formatBytesPadded(bytes), formatBytesPadded(active === 0 ? 0 : bytes / active), pctCell((bytes * 100) / s.total.bytes)];
        expect(row, `${s.label} ${name}`).toMatch(new RegExp(`^\\s+${name}\\s+${cellsAfterName.map((c) => escape(c.trim())).join('\\s+')}$`));
      }
    }
    const file = join(dir, 'built.json');
    writeFileSync(file, JSON.stringify(dump));
    expect(await cli('summary', file)).toBe(`${text}\n`);
  });

  it("the CLI's stats lists every record once, the dead ones marked: alive = births - deaths", async () => {
    const { dump } = built;
    const file = join(dir, 'built-stats.json');
    writeFileSync(file, JSON.stringify(dump));
    const out = await cli('stats', file);
    for (const name of NAMES) {
      const { births, deaths } = lives(dump, name);
      const heads = out.split('\n').filter((l) => l.startsWith(`${name} `));
      expect(heads, name).toHaveLength(births);
      expect(heads.filter((l) => /#\d+ \(dead\)/.test(l)), name).toHaveLength(deaths);
    }
  });

  it("the CLI's diff: totals are the sums of the classes, deltas are after - before", async () => {
    const { dump } = built;
    // Before: the first snapshot alone; after: the whole dump (its last snapshot).
    const first: Dump = { ...dump, snapshots: dump.snapshots.slice(0, 1) };
    const before = join(dir, 'first.json');
    const after = join(dir, 'last.json');
    writeFileSync(before, JSON.stringify(first));
    writeFileSync(after, JSON.stringify(dump));
    const out = await cli('diff', before, after);
    const sum = (i: number) => NAMES.reduce((n, name) => n + fromInstances(dump, i, name).bytes, 0);
    expect(out).toContain(`tracked total ${formatBytes(sum(0))} -> ${formatBytes(sum(2))}`);
    const diff = Stats.from(first).diff(dump);
    expect(diff.trackedDelta).toBe(sum(2) - sum(0));
    for (const name of NAMES) {
      const b = fromInstances(dump, 0, name);
      const a = fromInstances(dump, 2, name);
      const c = diff.classes.find((x) => x.name === name)!;
      expect([c.before.active, c.after.active, c.activeDelta], name).toEqual([b.active, a.active, a.active - b.active]);
      expect(c.bytesDelta, name).toBe(a.bytes - b.bytes);
      const row = out.split('\n').find((l) => l.trim().startsWith(`${name} `));
      const delta = a.active - b.active;
      expect(row, name).toMatch(new RegExp(`^\\s+${name}\\s+${b.active} ->\\s+${a.active} \\(${escape(delta > 0 ? `+${delta}` : String(delta))}\\)`));
      expect(row, name).toMatch(new RegExp(`${escape(formatBytes(b.bytes))} ->\\s+${escape(formatBytes(a.bytes))} `));
    }
  });
});
