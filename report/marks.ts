import { truncate } from '../src/stats/format.js';
import type { Mark } from '../src/types.js';

/** Web-vitals reported in milliseconds; CLS is a unitless score. */
const MS_VITALS = new Set(['LCP', 'FCP', 'INP', 'TTFB', 'FID']);
/** The ratings web-vitals gives; anything else a mark carries is shown as plain text. */
const RATINGS = new Set(['good', 'needs-improvement', 'poor']);

/** A mark as the report shows it: name, value with its unit, rating (when it has one). */
export interface MarkText {
  name: string;
  /** `756 ms`, `1.23 s`, `0.012` (CLS), or the value as given; undefined without one. */
  value: string | undefined;
  /** `good`, `needs-improvement` or `poor` (web-vitals), or undefined. */
  rating: 'good' | 'needs-improvement' | 'poor' | undefined;
  /** Other detail entries, `key: value` (web-vitals' `id` and `navigationType` are left out). */
  rest: string;
}

/** A millisecond duration for a person: `756 ms`, `1.23 s`. */
export function formatMs(ms: number): string {
  return Math.abs(ms) < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** How a mark reads: web-vitals get their unit and rating; other marks keep their value and detail. */
export function markText(m: Mark): MarkText {
  const vital = MS_VITALS.has(m.name) || m.name === 'CLS';
  const v = m.value;
  const value = v === undefined ? undefined : MS_VITALS.has(m.name) ? formatMs(v) : m.name === 'CLS' ? v.toFixed(3) : String(+v.toFixed(3));
  const r = m.detail?.['rating'];
  const rating = r !== undefined && RATINGS.has(r) ? (r as MarkText['rating']) : undefined;
  const skip = new Set(vital ? ['rating', 'id', 'navigationType'] : rating !== undefined ? ['rating'] : []);
  const rest = m.detail === undefined ? '' : Object.entries(m.detail).filter(([k]) => !skip.has(k)).slice(0, 10).map(([k, x]) => `${truncate(k, 20)}: ${truncate(x, 40)}`).join(', ');
  return { name: truncate(m.name, 60), value, rating, rest };
}

/** The short label a chart draws for a mark: `FCP 756 ms`. */
export function markLabel(m: Mark): string {
  const t = markText(m);
  return truncate(t.value === undefined ? t.name : `${t.name} ${t.value}`, 32);
}
