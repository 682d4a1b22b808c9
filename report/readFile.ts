import { DEFAULT_MAX_DUMP_BYTES, dumpTooLarge } from '../src/dump/dumpLimit.js';
import { loadDumpInStages } from '../src/dump/loadDump.js';
import type { DumpStages } from '../src/dump/validateDump.js';
import { decodeUtf8 } from './decodeUtf8.js';
import { gunzip } from './gunzip.js';


/**
 * Reads a `.json` or `.json.gz` dump the user picked or dropped. Gzip (detected by its magic
 * bytes, not the name) is streamed through the browser's DecompressionStream up to the size
 * limit (256 MiB); a larger plain file is refused before it is read. Rejects with an SdkError
 * naming what is wrong (loadDump's messages, or E_DUMP_TOO_LARGE). Resolves once the overview is
 * checked: the rows are checked by the stages' `step` (report/opening.ts `finish`).
 */
export async function readFile(file: Blob): Promise<DumpStages> {
  const max = DEFAULT_MAX_DUMP_BYTES;
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  let bytes: Uint8Array;
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    bytes = await gunzip(file, 'the gzip data', max);
  } else {
    if (file.size > max) throw dumpTooLarge(`the file is ${file.size} bytes,`, max);
    bytes = new Uint8Array(await file.arrayBuffer());
  }
  performance.mark('heapcensus:read');
  const stages = loadDumpInStages(bytes, { maxBytes: max, decodeUtf8 });
  performance.mark('heapcensus:overview-checked');
  return stages;
}
