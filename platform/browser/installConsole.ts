import type { Snapshot } from '../../src/types.js';
import * as sdk from './sdk.js';

/** What `installConsole()` puts on `globalThis.heapcensus`: the browser API plus console verbs. */
export type ConsoleApi = typeof sdk & {
  /** Takes a snapshot on the default tracker; resolves to it. */
  snapshot(label?: string): Promise<Snapshot>;
  /** Prints the summary (a table per snapshot) and returns its text. */
  summary(): string;
  /** Prints per-instance statistics and returns their text. */
  stats(options?: { className?: string; limit?: number }): string;
  /** Starts periodic snapshots every `ms` (default 1000). */
  start(ms?: number): void;
  /** Stops periodic snapshots. */
  stop(): void;
  /** Downloads the default tracker's dump. */
  download(filename?: string): Promise<string>;
  /** Opens the report on the live data. */
  report(): void;
  /** Prints the list of console verbs. */
  help(): string;
};

const HELP = `heapcensus console verbs (default tracker):
  heapcensus.snapshot('label')   take a snapshot (returns a promise)
  heapcensus.summary()           per-snapshot table of classes: active, bytes, average, pct
  heapcensus.stats({className, limit})   per-instance sizes, traces, referent trees
  heapcensus.start(ms) / stop()  periodic snapshots
  heapcensus.download('x.json.gz')       save the dump (gzip when the name ends in .gz)
  heapcensus.report()            open the report on the live data
  heapcensus.help()              this text`;

/**
 * Installs `globalThis.heapcensus` (the IIFE build calls it itself): the whole browser API
 * plus console verbs acting on the default `tracker`. Returns what it installed.
 */
export function installConsole(): ConsoleApi {
  const t = sdk.tracker;
  const api: ConsoleApi = {
    ...sdk,
    snapshot: (label?: string) => t.snapshot(label),
    summary() {
      const stats = t.stats();
      const last = t.snapshots.at(-1);
      if (last !== undefined) {
        console.table(
          Object.fromEntries(Object.entries(last.classes).map(([name, c]) => [name, { active: c.active, bytes: c.bytes, average: Math.round(c.average), 'pct %': Number(c.pct.toFixed(2)) }])),
        );
      }
      const text = stats.summary();
      console.log(text);
      return text;
    },
    stats(options = {}) {
      const text = t.stats().formatStats(options);
      console.log(text);
      return text;
    },
    start: (ms = 1000) => t.startPeriodicSnapshots(ms),
    stop: () => t.stopPeriodicSnapshots(),
    download: (filename?: string) => t.download(filename),
    report() {
      console.warn('heapcensus.report(): the bundled report is not part of this version yet; use heapcensus.download() and the CLI meanwhile.');
    },
    help() {
      console.log(HELP);
      return HELP;
    },
  };
  (globalThis as { heapcensus?: ConsoleApi }).heapcensus = api;
  return api;
}
