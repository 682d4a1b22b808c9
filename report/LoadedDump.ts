import type { Dump } from '../src/dump/Dump.js';
import { dumpReader, type DumpReader } from '../src/dump/dumpReader.js';

/** A validated dump as the report holds it: where it came from and the core's reader over it. */
export interface LoadedDump {
  /** File name, or "embedded data". */
  source: string;
  dump: Dump;
  reader: DumpReader;
}

/** Wraps a validated dump for the views. */
export function loadedDump(source: string, dump: Dump): LoadedDump {
  return { source, dump, reader: dumpReader(dump) };
}
