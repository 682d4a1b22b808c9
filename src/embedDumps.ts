import type { Dump } from './Dump.js';
import { SdkError } from './SdkError.js';

/** The report page's empty data slot, exactly as dist/report.html carries it. */
export const REPORT_DATA_SLOT = '<script type="application/json" id="heapcensus-data"></script>';

/**
 * Returns the report page `html` with one or two `dumps` (before, after) stamped into its data
 * slot as a JSON array. Every `<` is written as `\u003c`, so no string in a dump can close the
 * script element or open a comment (a dump is untrusted input). Throws E_OPTION on a bad call.
 */
export function embedDumps(html: string, dumps: readonly Dump[]): string {
  if (!Array.isArray(dumps) || dumps.length < 1 || dumps.length > 2) {
    throw new SdkError('E_OPTION', `the report embeds one or two dumps (one: overview; two: before and after), got ${Array.isArray(dumps) ? dumps.length : typeof dumps}`);
  }
  const at = html.indexOf(REPORT_DATA_SLOT);
  if (at < 0 || html.indexOf(REPORT_DATA_SLOT, at + 1) >= 0) {
    throw new SdkError('E_OPTION', 'this is not the heapcensus report page: its empty data slot <script id="heapcensus-data"> was not found exactly once (rebuild dist/report.html)');
  }
  // U+2028/2029 are valid in JSON and in script text; escaping them too keeps the slot plain ASCII-safe.
  const json = JSON.stringify(dumps).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const open = REPORT_DATA_SLOT.slice(0, REPORT_DATA_SLOT.indexOf('</script>'));
  return `${html.slice(0, at)}${open}${json}</script>${html.slice(at + REPORT_DATA_SLOT.length)}`;
}
