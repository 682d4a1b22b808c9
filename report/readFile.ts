import type { Dump } from '../src/Dump.js';
import { loadDump } from '../src/loadDump.js';
import { gunzip } from './gunzip.js';

/**
 * Reads a `.json` or `.json.gz` dump the user picked or dropped. Gzip (detected by its magic
 * bytes, not the name) is inflated with the browser's DecompressionStream. Rejects with an
 * SdkError naming what is wrong (loadDump's messages).
 */
export async function readFile(file: Blob): Promise<Dump> {
  let bytes: Uint8Array = new Uint8Array(await file.arrayBuffer());
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = await gunzip(bytes);
  return loadDump(bytes);
}
