import { gzipSync } from 'node:zlib';
import type { Dump } from '../../src/dump/Dump.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * Writes a dump to `path` atomically (see writeFileAtomic), so a failed write never
 * replaces a good dump. A `.gz` suffix compresses with gzip. Resolves to the absolute path.
 */
export async function saveDump(path: string, dump: Dump): Promise<string> {
  if (typeof path !== 'string' || path === '') throw new TypeError('writeDump: path must be a non-empty string');
  const json = JSON.stringify(dump);
  return writeFileAtomic(path, path.endsWith('.gz') ? gzipSync(json) : Buffer.from(json, 'utf8'), 'writeDump');
}
