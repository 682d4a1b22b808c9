import type { Dump } from '../src/dump/Dump.js';
import { dumpReader, type DumpReader } from '../src/dump/dumpReader.js';

/**
 * A validated dump as the report holds it: where it came from and the core's reader over it.
 * While `complete` is false it is a dump's overview (`DumpStages.overview`: no instance or size
 * rows, no referent trees) whose rows are still being checked: only the overview may show it.
 */
export interface LoadedDump {
  /** File name, or "embedded data". */
  source: string;
  dump: Dump;
  reader: DumpReader;
  complete: boolean;
  /** Which opening it came from: a dump's overview and the whole dump that replaces it share it. */
  opening: number;
  /**
   * What the overview draws: the overview dump (`DumpStages.overview`), the same object before and
   * after the rows are checked, so the overview's charts are not built twice.
   */
  overview: Dump;
}

/** Wraps a validated dump (or, with `complete` false, a dump's overview) for the views. */
export function loadedDump(source: string, dump: Dump, complete = true, opening = 0, overview = dump): LoadedDump {
  return { source, dump, reader: dumpReader(dump), complete, opening, overview };
}
