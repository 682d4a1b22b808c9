import type { Dump } from '../src/dump/Dump.js';
import { dumpReader, type DumpReader } from '../src/dump/dumpReader.js';
import { classNames } from './classNames.js';

/** A validated dump as the report holds it: where it came from, its readers and class names. */
export interface LoadedDump {
  /** File name, or "embedded data". */
  source: string;
  dump: Dump;
  reader: DumpReader;
  classes: string[];
}

/** Wraps a validated dump for the views. */
export function loadedDump(source: string, dump: Dump): LoadedDump {
  return { source, dump, reader: dumpReader(dump), classes: classNames(dump) };
}
