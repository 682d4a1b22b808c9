import type { Dump } from '../src/dump/Dump.js';
import { DEFAULT_MAX_DUMP_BYTES, dumpTooLarge } from '../src/dump/dumpLimit.js';
import { loadDump } from '../src/dump/loadDump.js';
import { decodeUtf8 } from './decodeUtf8.js';
import { gunzip } from './gunzip.js';


/**
 * Reads a `.json` or `.json.gz` dump the user picked or dropped. Gzip (detected by its magic
 * bytes, not the name) is streamed through the browser's DecompressionStream up to the size
 * limit (256 MiB); a larger plain file is refused before it is read. Rejects with an SdkError
 * naming what is wrong (loadDump's messages, or E_DUMP_TOO_LARGE).
 */
export async function readFile(file: Blob): Promise<Dump> {
  const max = DEFAULT_MAX_DUMP_BYTES;
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return loadDump(await gunzip(file, 'the gzip data', max), { maxBytes: max, decodeUtf8 });
  if (file.size > max) throw dumpTooLarge(`the file is ${file.size} bytes,`, max);
  return loadDump(new Uint8Array(await file.arrayBuffer()), { maxBytes: max, decodeUtf8 });
}
