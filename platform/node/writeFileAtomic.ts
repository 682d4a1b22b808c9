import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Writes `data` to `path` atomically: a temporary file in the same folder, flushed, then
 * renamed over the target, so a failed write never replaces a good file. Errors name
 * `what` (e.g. `writeDump`) and the target. Resolves to the absolute path written.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, what: string): Promise<string> {
  if (typeof path !== 'string' || path === '') throw new TypeError(`${what}: path must be a non-empty string`);
  const target = resolve(path);
  // The temporary name is clipped so that any target name the file system accepts (255 bytes) fits.
  const tmp = join(dirname(target), `.${basename(target).slice(0, 64)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let written = false;
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
    written = true;
    return target;
  } catch (e) {
    throw new Error(`${what}: could not write ${target}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  } finally {
    if (!written) await unlink(tmp).catch(() => undefined);
  }
}
