import { SdkError } from '../src/SdkError.js';

/**
 * Inflates gzip bytes with the browser's DecompressionStream; an SdkError names what went
 * wrong, calling the input `what` ("the gzip data", "the embedded gzip data").
 */
export async function gunzip(bytes: Uint8Array, what = 'the gzip data'): Promise<Uint8Array> {
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
    throw new SdkError('E_DUMP_TRUNCATED', `truncated or corrupt heapcensus dump: ${what} cannot be decompressed${why}`);
  }
}
