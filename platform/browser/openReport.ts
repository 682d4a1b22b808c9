import type { Dump } from '../../src/dump/Dump.js';
import { embedDumps } from '../../src/dump/embedDumps.js';
import { SdkError } from '../../src/SdkError.js';
import { reportHtml } from '../../src/dump/reportHtml.js';

/** How long the report's Blob URL stays valid: the new tab has long loaded it by then. */
const REVOKE_AFTER_MS = 60_000;

/**
 * Opens the report page in a new tab with `dumps` (one: overview; two: before and after)
 * embedded, from a Blob URL: nothing is uploaded or fetched. The page ships inside the bundle
 * that imports this function (dist/report.html, ~125 KB). `names` label the dumps on the page.
 * Throws E_OPTION for 0 or 3+ dumps.
 */
export function openReport(dumps: Dump[], names?: string[]): void {
  if (reportHtml === '') throw new SdkError('E_PLATFORM', 'openReport: this build carries no report page (import it from a heapcensus bundle built by rollup, not from the TypeScript sources)');
  const url = URL.createObjectURL(new Blob([embedDumps(reportHtml, dumps, names === undefined ? {} : { names })], { type: 'text/html;charset=utf-8' }));
  // noopener: the report never gets a handle on the page it profiles.
  // With noopener, window.open returns null even on success, so a blocked popup cannot be told apart.
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
