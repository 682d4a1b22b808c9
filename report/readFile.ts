import type { Dump } from '../src/Dump.js';
import { loadDump } from '../src/loadDump.js';
import { SdkError } from '../src/SdkError.js';

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

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (typeof DecompressionStream !== 'function') {
    throw new SdkError('E_PLATFORM', 'this browser cannot decompress gzip (no DecompressionStream): open the uncompressed .json instead');
  }
  try {
    const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    // DecompressionStream words both cases alike ("Junk found after end of compressed data",
    // "incomplete data"): name both.
    const why = e instanceof Error && e.message !== '' ? ` (${e.message.slice(0, 80)})` : '';
    throw new SdkError('E_DUMP_TRUNCATED', `truncated or corrupt heapcensus dump: the gzip data cannot be decompressed${why}`);
  }
}
