import { DUMP_FORMAT, DUMP_VERSION, type Dump, type DumpSnapshot, type FrameTuple } from '../src/dump/Dump.js';
import type { ClassFigures, HistoryPoint } from '../src/types.js';

const ALL_NAMES = ['app.Row', 'app.Cell', 'app.Document'];

/**
 * A synthetic, valid dump of `instances` tracked objects (`classes` of them, 1-3, round robin; previews, five
 * creation stacks) sized in each of `snapshots` snapshots, plus web-vitals marks: the report's
 * large-data workload, built directly in the columnar format (no tracker needed, deterministic).
 */
export function bigDump(instances: number, snapshots: number, classes = 3): Dump {
  const NAMES = ALL_NAMES.slice(0, Math.max(1, Math.min(3, classes)));
  const C = NAMES.length;
  const traces: FrameTuple[][] = Array.from({ length: 5 }, (_, t) => [
    ['main', 'app.js', 10, 1],
    [`load${t}`, 'loader.js', 20 + t, 5],
    [`make${t % 3}`, 'model.js', 40 + t, 9],
  ]);
  const rows: Array<number | string | null> = [];
  for (let i = 0; i < instances; i++) {
    const dies = i % 7 === 0;
    rows.push(i + 1, i % C, i / 100, dies ? 1000 * (snapshots + 1) + i / 100 : null, 0, i % 5, `${NAMES[i % C]!.slice(4)} #${i}`);
  }
  const snaps: DumpSnapshot[] = [];
  for (let s = 0; s < snapshots; s++) {
    const sizeRows: number[] = [];
    const bytes = NAMES.map(() => 0);
    for (let i = 0; i < instances; i++) {
      const size = 64 + ((i * 37 + s * 13 * ((i % C) + 1)) % 500);
      sizeRows.push(1, size, 48); // id delta: ids run 1, 2, 3...
      bytes[i % C]! += size;
    }
    const trackedTotal = bytes.reduce((a, b) => a + b, 0);
    const total = trackedTotal * 3;
    const classes: Record<string, ClassFigures> = {};
    NAMES.forEach((n, k) => {
      const active = Math.floor(instances / C) + (k < instances % C ? 1 : 0);
      classes[n] = { active, bytes: bytes[k]!, average: active === 0 ? 0 : bytes[k]! / active, pct: (bytes[k]! / total) * 100 };
    });
    snaps.push({ id: s + 1, label: `step ${s + 1}`, time: 1000 * (s + 1) + instances / 100, sizing: 'model', trackedTotal, total: { bytes: total, source: 'performance.memory' }, classes, sizes: { fields: ['id', 'size', 'flat'], rows: sizeRows } });
  }
  const history: Record<string, HistoryPoint[]> = {};
  NAMES.forEach((n, k) => {
    const pts: HistoryPoint[] = [];
    const per = Math.ceil(instances / C);
    for (let b = 0; b < 1000; b++) pts.push([((b + 1) * instances) / 100_000, Math.round(((b + 1) * per) / 1000)]);
    history[n] = k === 0 ? pts : pts.map(([t, c]): HistoryPoint => [t, c, Math.max(0, c - 2), c]);
  });
  return {
    ...dumpShell(NAMES),
    traces,
    instances: { fields: ['id', 'name', 'birth', 'death', 'resolution', 'trace', 'preview'], rows },
    snapshots: snaps,
    history,
    marks: [
      { name: 'FCP', time: 400, value: 380, detail: { rating: 'good' } },
      { name: 'LCP', time: 1800, value: 1750, detail: { rating: 'needs-improvement' } },
    ],
  };
}

/** A valid synthetic dump with these tracking names and nothing else yet (no instances, snapshots or marks). */
export function dumpShell(names: string[]): Dump {
  return {
    format: DUMP_FORMAT,
    version: DUMP_VERSION,
    created: '2026-01-01T00:00:00.000Z',
    platform: { name: 'browser', taggedSize: 4, runtime: 'synthetic' },
    startTime: 1_767_225_600_000,
    names,
    traces: [],
    instances: { fields: ['id', 'name', 'birth', 'death', 'resolution', 'trace', 'preview'], rows: [] },
    snapshots: [],
    history: {},
    folded: {},
    marks: [],
  };
}
