import type { Dump } from '../../src/Dump.js';

/**
 * Downloads a dump as a file (a `.gz` name compresses with CompressionStream).
 * Resolves to the file name offered to the user.
 */
export async function saveDump(name: string, dump: Dump): Promise<string> {
  const json = JSON.stringify(dump);
  let blob = new Blob([json], { type: 'application/json' });
  if (name.endsWith('.gz')) {
    const stream = blob.stream().pipeThrough(new CompressionStream('gzip'));
    blob = new Blob([await new Response(stream).arrayBuffer()], { type: 'application/gzip' });
  }
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.rel = 'noopener';
    a.style.display = 'none';
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // Revoke after the click has been handled, or the download can fail.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return name;
}
