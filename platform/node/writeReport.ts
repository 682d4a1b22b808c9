import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Dump } from '../../src/dump/Dump.js';
import type { EmbedOptions } from '../../src/dump/embedDumps.js';
import { embedDumps } from '../../src/dump/embedDumps.js';
import { reportHtml } from '../../src/dump/reportHtml.js';
import { SdkError } from '../../src/SdkError.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * The report page's text. The bundles in dist/ carry it (rollup inlines dist/report.html into
 * src/dump/reportHtml.ts), so writeReport needs no file at run time and works inside a user's own
 * esbuild or webpack bundle. Only when running from tsc's output (build/platform/node/, as the
 * tests do) is the placeholder empty: then the page is read from the package's dist/.
 */
async function reportPage(): Promise<string> {
  if (reportHtml !== '') return reportHtml;
  // A path built at run time, not `new URL(literal, import.meta.url)`, which bundlers would try to resolve.
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', '..', '..', 'dist', 'report.html'), join(here, '..', '..', 'dist', 'report.html')];
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) throw new SdkError('E_PLATFORM', `writeReport: the report page was not found (looked for ${candidates.join(', ')}); run "npm run build"`);
  return readFile(found, 'utf8');
}

/**
 * Writes the self-contained HTML report with `dumps` embedded (one: overview; two: before
 * and after compared; gzip-compressed, so the page stays small) to `path`, atomically (a
 * temporary file renamed over the target). `names` label the dumps on the page (the CLI
 * passes the file names). Resolves to the absolute path written.
 */
export async function writeReport(dumps: Dump[], path: string, options: Pick<EmbedOptions, 'names'> = {}): Promise<string> {
  if (typeof path !== 'string' || path === '') throw new TypeError('writeReport: path must be a non-empty string');
  const html = embedDumps(await reportPage(), dumps, { ...options, gzipBase64: (text) => gzipSync(text).toString('base64') });
  return writeFileAtomic(path, html, 'writeReport');
}
