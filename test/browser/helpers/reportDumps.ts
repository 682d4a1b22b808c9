import { ClassTracker, loadDump, type Dump } from '../../../platform/node/index.js';

/** A markup-and-script payload for every string a dump holds. */
export const EVIL = '<img src=x onerror=window.__pwned=1><script>window.__pwned=1</script></script><svg onload=window.__pwned=1>"\'&';

class Doc {
  title: string;
  body: string;
  tags: string[];
  constructor(i: number, size: number) {
    this.title = `doc ${i}`;
    this.body = 'x'.repeat(size);
    this.tags = Array.from({ length: i % 4 }, (_, k) => `tag${k}`);
  }
}
class Row {
  cells: number[];
  constructor(n: number) {
    this.cells = Array.from({ length: n }, (_, k) => k * 1.5);
  }
}
class Cache {
  map = new Map<string, Doc>();
}

/**
 * Two runs of a small workload through the SDK's ClassTracker (traces, referent trees, a mark,
 * deaths): `before` keeps growing Docs, `after` is leaner. Each has three snapshots.
 */
export async function sdkDumps(): Promise<{ before: Dump; after: Dump }> {
  const run = async (lean: boolean): Promise<Dump> => {
    const tracker = new ClassTracker();
    const D = tracker.trackClass(Doc, { name: 'app.Doc', trace: true, resolution: 2 });
    const R = tracker.trackClass(Row, { name: 'app.Row', trace: true });
    const C = tracker.trackClass(Cache, { name: 'app.Cache', resolution: 3 });
    const cache = new C();
    const keep: object[] = [cache];
    let temp: object[] = [];
    for (let step = 0; step < 3; step++) {
      for (let i = 0; i < (lean ? 20 : 40) * (step + 1); i++) {
        const d = new D(i, lean ? 10 : 50 + i);
        keep.push(d);
        if (i % 5 === 0) cache.map.set(`k${step}.${i}`, d);
      }
      for (let i = 0; i < 30; i++) temp.push(new R(lean ? 2 : 8 + step));
      if (step === 1) tracker.mark('LCP', 1234.5, { rating: 'good' });
      await tracker.snapshot(`step ${step + 1}`);
      if (step === 1) temp = [];
    }
    void keep.length;
    void temp.length;
    return loadDump(JSON.stringify(tracker.toDump()));
  };
  return { before: await run(false), after: await run(true) };
}

/** Keys whose string values the format fixes (enums, column names): everything else turns evil. */
const FIXED = new Set(['format', 'sizing', 'source', 'fields']);

/**
 * A valid dump in which every free string (class names, labels, previews, trace frames, mark
 * names and details, referent names and previews, runtime, created, breakdown keys) is `EVIL` plus a suffix.
 */
export async function evilDump(): Promise<Dump> {
  const tracker = new ClassTracker();
  const D = tracker.trackClass(Doc, { name: `${EVIL}Doc`, trace: true, resolution: 2 });
  const R = tracker.trackClass(Row, { name: `${EVIL}Row` });
  const keep = [new D(1, 10), new D(2, 20), new R(3)];
  (keep[0] as unknown as Record<string, string>)[EVIL] = EVIL;
  tracker.mark(EVIL, 1, { [EVIL]: EVIL });
  await tracker.snapshot(EVIL);
  await tracker.snapshot(`${EVIL}2`);
  void keep.length;
  let n = 0;
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return FIXED.has(key) ? v : `${EVIL}${n++}`;
    if (Array.isArray(v)) return key === 'fields' ? v : v.map((x) => walk(x, key === 'rows' || key === 'refs' ? '' : key));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        // Record keys that are data (class names, breakdown keys, mark details) turn evil too.
        const dataKey = key === 'classes' || key === 'history' || key === 'folded' || key === 'detail' || key === 'breakdown';
        out[dataKey ? `${EVIL}${k}` : k] = k === 'platform' ? { ...(x as object), runtime: EVIL } : walk(x, k);
      }
      return out;
    }
    return v;
  };
  const raw = walk(JSON.parse(JSON.stringify(tracker.toDump())), '') as Dump;
  // Names must stay consistent between `names`, `classes` and `history`: rename by index.
  raw.names = raw.names.map((_, i) => `${EVIL}name${i}`);
  for (const s of raw.snapshots) s.classes = Object.fromEntries(Object.values(s.classes).map((c, i) => [`${EVIL}name${i}`, c]));
  return loadDump(JSON.stringify(raw));
}
