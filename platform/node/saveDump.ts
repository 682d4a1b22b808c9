import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Dump } from '../../src/Dump.js';

/**
 * Writes a dump to `path` atomically: a temporary file in the same folder, flushed,
 * then renamed over the target, so a failed write never replaces a good dump.
 * A `.gz` suffix compresses with gzip. Resolves to the absolute path written.
 */
export async function saveDump(path: string, dump: Dump): Promise<string> {
  if (typeof path !== 'string' || path === '') throw new TypeError('writeDump: path must be a non-empty string');
  const target = resolve(path);
  const json = JSON.stringify(dump);
  const bytes = target.endsWith('.gz') ? gzipSync(json) : Buffer.from(json, 'utf8');
  // The temporary name is clipped so that any target name the file system accepts (255 bytes) fits.
  const tmp = join(dirname(target), `.${basename(target).slice(0, 64)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let written = false;
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
    written = true;
    return target;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`writeDump: could not write ${target}: ${reason}`, { cause: e });
  } finally {
    if (!written) await unlink(tmp).catch(() => undefined);
  }
}
