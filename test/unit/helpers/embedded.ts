import { gunzipSync } from 'node:zlib';
import { GZIP_DATA_OPEN } from '../../../src/embedDumps.js';

const JSON_OPEN = '<script type="application/json" id="heapcensus-data">';

/** The text between a report page's data-slot tags, exactly as written (either encoding). */
export function slotText(html: string): string {
  const gz = html.indexOf(GZIP_DATA_OPEN);
  const at = gz >= 0 ? gz + GZIP_DATA_OPEN.length : html.indexOf(JSON_OPEN) + JSON_OPEN.length;
  if (at < JSON_OPEN.length) throw new Error('no heapcensus data slot in this page');
  return html.slice(at, html.indexOf('</script>', at));
}

/** The dumps embedded in a report page, decoded as the page does (gzip + base64, or JSON). */
export function embeddedDumps(html: string): unknown[] {
  const text = slotText(html);
  const json = html.includes(GZIP_DATA_OPEN) ? gunzipSync(Buffer.from(text, 'base64')).toString('utf8') : text;
  return JSON.parse(json) as unknown[];
}
