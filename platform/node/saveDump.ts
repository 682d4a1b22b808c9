import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Dump } from '../../src/dump/Dump.js';
import { jsonChunks } from '../../src/dump/jsonChunks.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * Writes a dump to `path` atomically (see writeFileAtomic), so a failed write never
 * replaces a good dump. A `.gz` suffix compresses with gzip. The JSON is serialized and
 * compressed as it is written, a chunk at a time: neither the whole text nor the whole file is
 * ever held (the dump must not change until the promise settles). Resolves to the absolute path.
 */
export async function saveDump(path: string, dump: Dump): Promise<string> {
  if (typeof path !== 'string' || path === '') throw new TypeError('writeDump: path must be a non-empty string');
  return writeFileAtomic(path, path.endsWith('.gz') ? gzipped(jsonChunks(dump)) : utf8(jsonChunks(dump)), 'writeDump');
}

/** The chunks as UTF-8 bytes. */
async function* utf8(chunks: Iterable<string>): AsyncGenerator<Uint8Array, void, undefined> {
  for (const c of chunks) yield Buffer.from(c, 'utf8');
}

/** The chunks' UTF-8 bytes, gzip-compressed as they come (zlib's default level, as gzipSync). */
async function* gzipped(chunks: Iterable<string>): AsyncGenerator<Uint8Array, void, undefined> {
  const gz = createGzip();
  const done = pipeline(Readable.from(chunks), gz);
  // A reader that stops early destroys the stream: that rejection is expected, not unhandled.
  done.catch(() => undefined);
  try {
    for await (const b of gz) yield b as Buffer;
    await done;
  } finally {
    gz.destroy();
  }
}
