import { formatBytes, formatPct, formatTime } from '../../src/stats/format.js';
import { nullRecord } from '../../src/dump/nullRecord.js';
import type { SnapshotOptions } from '../../src/tracker/ClassTracker.js';
import type { SortKey } from '../../src/stats/Stats.js';
import type { Snapshot } from '../../src/types.js';
import { openReport } from './openReport.js';
import * as sdk from './sdk.js';
import { watchVitals } from './watchVitals.js';

/** Options of the console's `heapcensus.stats()`. */
export interface ConsoleStatsOptions {
  /** Only this class (exact name when tracked, else every name containing it). */
  className?: string;
  /** How many instances (default 20; a fraction below 1 is a share). */
  limit?: number;
  /** Sort key(s), default `'size'` (largest first). */
  sort?: SortKey | SortKey[];
}

/** What `installConsole()` puts on `globalThis.heapcensus`: the browser API plus console verbs. */
export type ConsoleApi = typeof sdk & {
  /** Records web-vitals as marks and can snapshot at LCP / when hidden (as exported). */
  watchVitals: typeof watchVitals;
  /** Takes a snapshot on the default tracker; resolves to it (`{ waitForTotal: true }` waits for the precise total). */
  snapshot(label?: string, options?: SnapshotOptions): Promise<Snapshot>;
  /** Prints a table per snapshot (the latest expanded) and returns the summary text. */
  summary(): string;
  /** Prints per-instance statistics (default: the 20 largest) and returns their text. */
  stats(options?: ConsoleStatsOptions): string;
  /** Starts periodic snapshots every `ms` (default 1000). */
  start(ms?: number): void;
  /** Stops periodic snapshots. */
  stop(): void;
  /** Downloads the default tracker's dump (`.json`, or gzip for a `.gz` name); resolves to the file name. */
  download(filename?: string): Promise<string>;
  /** Opens the bundled report on the live data (the default tracker's dump) in a new tab. */
  report(): void;
  /** Prints the list of console verbs and returns it. */
  help(): string;
};

/** Snapshot tables printed by summary(); older ones are in the returned text. */
const TABLES = 10;

const HELP = `heapcensus: per-class instance counts and sizes (verbs act on the default tracker)
  await heapcensus.snapshot('label')      take a snapshot (resolves to it; {waitForTotal: true} waits for the precise total)
  heapcensus.summary()                    a table per snapshot: active, bytes, average, pct per class
  heapcensus.stats({className, limit, sort})  the largest instances: sizes, referent trees, traces
  heapcensus.start(1000) / heapcensus.stop()  periodic snapshots
  heapcensus.download('x.json.gz')        save the dump (.json, or gzip for .gz); read it with \`npx heapcensus summary x.json.gz\`
  heapcensus.report()                     open the report on the live data
  heapcensus.help()                       this text
  heapcensus.tracker, heapcensus.Tracked, heapcensus.sizeOf(value), heapcensus.loadDump(bytes), ...: the whole API`;

function line(s: Snapshot): string {
  const label = s.label === '' ? '(no label)' : `'${s.label}'`;
  const total = s.total.source === 'none' ? 'no platform total' : `${formatBytes(s.total.bytes)} JS heap (${s.total.source})`;
  return `heapcensus #${s.id} ${label} at ${formatTime(s.time)}: ${formatBytes(s.trackedTotal)} tracked, ${total}`;
}

/** One row per class, largest first, with units (a table of strings reads better than raw numbers). */
function rows(s: Snapshot): Record<string, { active: number; bytes: string; average: string; pct: string }> {
  // No prototype: a class named __proto__ is a row, not the table's prototype (issue 16).
  const out = nullRecord<{ active: number; bytes: string; average: string; pct: string }>();
  const entries = Object.entries(s.classes).sort((a, b) => b[1].bytes - a[1].bytes || a[0].localeCompare(b[0]));
  for (const [name, c] of entries) out[name] = { active: c.active, bytes: formatBytes(c.bytes), average: formatBytes(Math.round(c.average)), pct: formatPct(c.pct) };
  return out;
}

/**
 * Installs `globalThis.heapcensus` (the IIFE build calls it itself): the whole browser API
 * plus console verbs acting on the default `tracker`. Returns what it installed.
 */
export function installConsole(): ConsoleApi {
  const t = sdk.tracker;
  const api: ConsoleApi = {
    ...sdk,
    watchVitals,
    snapshot(label?: string, options?: SnapshotOptions) {
      const p = t.snapshot(label, options);
      p.then((s) => console.info(line(s)), () => undefined);
      return p;
    },
    summary() {
      const snaps = t.snapshots;
      if (snaps.length === 0) {
        const text = "heapcensus: no snapshots yet; take one with await heapcensus.snapshot('label')";
        console.info(text);
        return text;
      }
      if (snaps.length > TABLES) console.info(`heapcensus: ${snaps.length - TABLES} earlier snapshots are in the returned text`);
      snaps.slice(-TABLES).forEach((s, i, shown) => {
        if (i === shown.length - 1) console.group(line(s));
        else console.groupCollapsed(line(s));
        console.table(rows(s));
        console.groupEnd();
      });
      return t.stats().summary();
    },
    stats(options: ConsoleStatsOptions = {}) {
      const { className, limit = 20, sort = 'size' } = options;
      const stats = t.stats().sort(...(Array.isArray(sort) ? sort : [sort]));
      const text = stats.formatStats({ ...(className !== undefined ? { className } : {}), limit });
      console.log(text);
      return text;
    },
    start(ms = 1000) {
      t.startPeriodicSnapshots(ms);
      console.info(`heapcensus: a snapshot every ${ms} ms; heapcensus.stop() stops`);
    },
    stop: () => t.stopPeriodicSnapshots(),
    download: (filename?: string) => t.download(filename),
    report() {
      try {
        openReport([t.toDump()], ['this page, live']);
        console.info('heapcensus: the report opens in a new tab (allow pop-ups for this page if none appeared)');
      } catch (e) {
        console.warn(`heapcensus.report(): ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    help() {
      console.log(HELP);
      return HELP;
    },
  };
  (globalThis as { heapcensus?: ConsoleApi }).heapcensus = api;
  return api;
}
