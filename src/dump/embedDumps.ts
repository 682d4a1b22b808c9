import type { Dump } from './Dump.js';
import { SdkError } from '../SdkError.js';

/** The report page's empty data slot, exactly as dist/report.html carries it. */
export const REPORT_DATA_SLOT = '<script type="application/json" id="heapcensus-data"></script>';

/** What `embedDumps` embeds besides the dumps, and how it may shrink them. */
export interface EmbedOptions {
  /** What the page calls each dump (file names, "before"/"after"); default "embedded dump 1", ... */
  names?: readonly string[];
  /**
   * Gzips the UTF-8 text it is given and returns the result base64-encoded (Node:
   * `(t) => zlib.gzipSync(t).toString('base64')`). The page then carries the dumps compressed,
   * typically a twentieth of the size; it inflates them with the browser's DecompressionStream.
   */
  gzipBase64?: (text: string) => string;
}

/** The opening tag of a data slot holding the dumps as JSON text. */
export const JSON_DATA_OPEN = REPORT_DATA_SLOT.slice(0, REPORT_DATA_SLOT.indexOf('</script>'));

/** The opening tag of a data slot holding gzip-compressed, base64-encoded dumps. */
export const GZIP_DATA_OPEN = '<script type="application/gzip" data-encoding="base64" id="heapcensus-data">';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Returns the report page `html` with one or two `dumps` (before, after), and their `names`
 * if given (then as `{ names, dumps }`), stamped into its data slot: as JSON in which every `<` is written as `\u003c` (so no string in a dump can
 * close the script element or open a comment: a dump is untrusted input), or, with
 * `gzipBase64`, compressed and base64-encoded. Throws E_OPTION on a bad call.
 */
export function embedDumps(html: string, dumps: readonly Dump[], options: EmbedOptions = {}): string {
  if (!Array.isArray(dumps) || dumps.length < 1 || dumps.length > 2) {
    throw new SdkError('E_OPTION', `the report embeds one or two dumps (one: overview; two: before and after), got ${Array.isArray(dumps) ? dumps.length : typeof dumps}`);
  }
  const at = html.indexOf(REPORT_DATA_SLOT);
  if (at < 0 || html.indexOf(REPORT_DATA_SLOT, at + 1) >= 0) {
    throw new SdkError('E_OPTION', 'this is not the heapcensus report page: its empty data slot <script id="heapcensus-data"> was not found exactly once (rebuild dist/report.html)');
  }
  const names = options.names;
  if (names !== undefined && (!Array.isArray(names) || names.length !== dumps.length || !names.every((n) => typeof n === 'string'))) {
    throw new SdkError('E_OPTION', `embedDumps: names must be one string per dump (${dumps.length})`);
  }
  const json = JSON.stringify(names === undefined ? dumps : { names, dumps });
  let open: string;
  let body: string;
  if (options.gzipBase64 === undefined) {
    open = JSON_DATA_OPEN;
    // U+2028/2029 are valid in JSON and in script text; escaping them too keeps the slot plain ASCII-safe.
    body = json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  } else {
    open = GZIP_DATA_OPEN;
    body = options.gzipBase64(json);
    // Whatever the callback returns goes into the page: only base64 text may.
    if (typeof body !== 'string' || !BASE64.test(body)) throw new SdkError('E_OPTION', 'embedDumps: gzipBase64 must return base64 text');
  }
  return `${html.slice(0, at)}${open}${body}</script>${html.slice(at + REPORT_DATA_SLOT.length)}`;
}
