import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Dump } from '../../src/Dump.js';
import type { EmbedOptions } from '../../src/embedDumps.js';
import { embedDumps } from '../../src/embedDumps.js';
import { SdkError } from '../../src/SdkError.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * Where dist/report.html is: next to the bundled module (dist/node.js, dist/cli.js), or, when
 * running from tsc's output (build/platform/node/), in the package's dist/ two levels up.
 */
function reportPagePath(): string {
  const candidates = [new URL('./report.html', import.meta.url), new URL('../../../dist/report.html', import.meta.url), new URL('../../dist/report.html', import.meta.url)];
  for (const u of candidates) {
    const p = fileURLToPath(u);
    if (existsSync(p)) return p;
  }
  throw new SdkError('E_PLATFORM', `writeReport: the report page was not found (looked for ${candidates.map((u) => fileURLToPath(u)).join(', ')}); run "npm run build"`);
}

/**
 * Writes the self-contained HTML report with `dumps` embedded (one: overview; two: before
 * and after compared; gzip-compressed, so the page stays small) to `path`, atomically (a
 * temporary file renamed over the target). `names` label the dumps on the page (the CLI
 * passes the file names). Resolves to the absolute path written.
 */
export async function writeReport(dumps: Dump[], path: string, options: Pick<EmbedOptions, 'names'> = {}): Promise<string> {
  if (typeof path !== 'string' || path === '') throw new TypeError('writeReport: path must be a non-empty string');
  const html = embedDumps(await readFile(reportPagePath(), 'utf8'), dumps, { ...options, gzipBase64: (text) => gzipSync(text).toString('base64') });
  return writeFileAtomic(path, html, 'writeReport');
}
