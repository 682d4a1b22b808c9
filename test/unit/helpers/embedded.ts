import { gunzipSync } from 'node:zlib';
import { GZIP_DATA_OPEN, JSON_DATA_OPEN } from '../../../src/dump/embedDumps.js';

/** The text between a report page's data-slot tags, exactly as written (either encoding). */
export function slotText(html: string): string {
  const gz = html.indexOf(GZIP_DATA_OPEN);
  const at = gz >= 0 ? gz + GZIP_DATA_OPEN.length : html.indexOf(JSON_DATA_OPEN) + JSON_DATA_OPEN.length;
  if (at < JSON_DATA_OPEN.length) throw new Error('no heapcensus data slot in this page');
  return html.slice(at, html.indexOf('</script>', at));
}

/** The data slot's content, decoded as the page does (gzip + base64, or JSON). */
function slotData(html: string): unknown {
  const text = slotText(html);
  return JSON.parse(html.includes(GZIP_DATA_OPEN) ? gunzipSync(Buffer.from(text, 'base64')).toString('utf8') : text) as unknown;
}

/** The dumps embedded in a report page (a plain array, or the `dumps` of `{ names, dumps }`). */
export function embeddedDumps(html: string): unknown[] {
  const data = slotData(html);
  return Array.isArray(data) ? data : (data as { dumps: unknown[] }).dumps;
}

/** The names embedded with the dumps, if any. */
export function embeddedNames(html: string): string[] | undefined {
  const data = slotData(html);
  return Array.isArray(data) ? undefined : (data as { names: string[] }).names;
}
