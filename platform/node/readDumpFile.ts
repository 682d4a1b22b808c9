import { readFileSync, statSync } from 'node:fs';
import type { Dump } from '../../src/dump/Dump.js';
import { dumpTooLarge, maxBytesOf } from '../../src/dump/dumpLimit.js';
import { loadDump } from '../../src/dump/loadDump.js';
import { nodePlatform } from './nodePlatform.js';

/**
 * Reads and validates a dump file (`.json` or `.json.gz`) with a size limit (`maxBytes`, default
 * 256 MiB): a larger file is refused before it is read, a gzip bomb stops inflating at the limit
 * (E_DUMP_TOO_LARGE). File-system errors (ENOENT, EISDIR, ...) are thrown as they are.
 */
export function readDumpFile(path: string, options: { maxBytes?: number } = {}): Dump {
  const max = maxBytesOf(options.maxBytes, 'readDump');
  // Compressed data is never larger than what it inflates to (beyond a few header bytes).
  const size = statSync(path).size;
  if (size > max) throw dumpTooLarge(`the file is ${size} bytes,`, max);
  return loadDump(readFileSync(path), { gunzip: nodePlatform().gunzip!, maxBytes: max });
}
