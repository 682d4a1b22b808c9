import type { Dump } from '../../src/dump/Dump.js';
import { SdkError } from '../../src/SdkError.js';

/**
 * Downloads a dump as a file (a `.gz` name compresses with CompressionStream).
 * Resolves to the file name offered to the user.
 */
export async function saveDump(name: string, dump: Dump): Promise<string> {
  if (typeof name !== 'string' || name.trim() === '') throw new TypeError(`download: the file name must be a non-empty string, got ${JSON.stringify(name)}`);
  let blob = new Blob([JSON.stringify(dump)], { type: 'application/json' });
  if (name.endsWith('.gz')) {
    if (typeof CompressionStream !== 'function') {
      throw new SdkError('E_PLATFORM', `download('${name}'): this browser has no CompressionStream to gzip with; use a .json name`);
    }
    const stream = blob.stream().pipeThrough(new CompressionStream('gzip'));
    blob = new Blob([await new Response(stream).arrayBuffer()], { type: 'application/gzip' });
  }
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  // body is null while a script in <head> runs.
  (document.body ?? document.documentElement).append(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Revoke only after the browser has started reading the blob, or the download can fail.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }
  return name;
}
