import { concatBytes } from '../src/dump/concatBytes.js';
import { DEFAULT_MAX_DUMP_BYTES, dumpTooLarge } from '../src/dump/dumpLimit.js';
import { SdkError } from '../src/SdkError.js';

/**
 * Input is fed to the DecompressionStream this many bytes at a time: it inflates a whole written
 * chunk at once, so a 1 MB chunk of a gzip bomb would be 1 GB of output before we could count it.
 * 8 KiB inflates to at most about 8 MiB (DEFLATE's ratio is at most ~1032:1).
 */
const SLICE = 8192;

/**
 * Inflates gzip bytes (or a gzip Blob, read as a stream) with the browser's DecompressionStream,
 * fed in small slices and read chunk by chunk, stopping with E_DUMP_TOO_LARGE once the output
 * passes `maxBytes` (a gzip bomb costs the limit, not what it would inflate to); other errors are
 * SdkErrors calling the input `what`.
 */
export async function gunzip(input: Uint8Array | Blob, what = 'the gzip data', maxBytes = DEFAULT_MAX_DUMP_BYTES): Promise<Uint8Array> {
  if (typeof DecompressionStream !== 'function') {
    throw new SdkError('E_PLATFORM', 'this browser cannot decompress gzip (no DecompressionStream): open the uncompressed .json instead');
  }
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  let stop = false;
  // The writer waits on backpressure, so it runs at most a slice or two ahead of what is read.
  const feeding = feed(input instanceof Blob ? input : new Blob([input as BlobPart]), writer, () => stop);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (e) {
        // DecompressionStream words both cases alike ("Junk found after end of compressed data",
        // "incomplete data"): name both.
        const why = e instanceof Error && e.message !== '' ? ` (${e.message.slice(0, 80)})` : '';
        throw new SdkError('E_DUMP_TRUNCATED', `truncated or corrupt heapcensus dump: ${what} cannot be decompressed${why}`);
      }
      if (step.done) break;
      total += step.value.length;
      if (total > maxBytes) throw dumpTooLarge(`${what} inflates to`, maxBytes);
      chunks.push(step.value);
    }
  } catch (e) {
    stop = true;
    void reader.cancel().catch(() => undefined);
    throw e;
  } finally {
    await feeding;
  }
  return concatBytes(chunks, total);
}

/** Writes `blob` into the decompressor in SLICE-byte pieces, then closes it; errors surface on the reading side. */
async function feed(blob: Blob, writer: WritableStreamDefaultWriter<BufferSource>, stopped: () => boolean): Promise<void> {
  try {
    const src = blob.stream().getReader();
    for (;;) {
      const { done, value } = await src.read();
      if (done) break;
      for (let o = 0; o < value.length; o += SLICE) {
        await writer.ready;
        if (stopped()) {
          void src.cancel().catch(() => undefined);
          return;
        }
        void writer.write(value.subarray(o, o + SLICE)).catch(() => undefined);
      }
    }
    await writer.close();
  } catch {
    // The reader sees the decompressor's error (or has stopped reading): nothing to add here.
  }
}
