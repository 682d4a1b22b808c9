/**
 * Text formatting shared by Stats, the CLI and the report: byte sizes in binary units
 * labelled as in Pympler's tutorial (`4.17 MB`), timestamps, percentages, and safe clipping
 * of untrusted strings (names and previews come from dumps).
 */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'] as const;

/** Splits a byte count into a value and a binary unit: `[7.53, 'KB']` (value rounded as it will print). */
function scale(bytes: number): [value: number, unit: string, degree: number] {
  let v = Math.abs(bytes);
  let d = 0;
  // Round first so 1023.996 KB prints as 1.00 MB, never as 1024.00 KB.
  while (d < UNITS.length - 1 && (d === 0 ? Math.round(v) : Math.round(v * 100) / 100) >= 1024) {
    v /= 1024;
    d++;
  }
  return [v, UNITS[d]!, d];
}

/** Compact byte size: `0 B`, `999 B`, `7.53 KB`, `4.17 MB` (binary multiples); negative values get a `-`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const [v, unit, d] = scale(bytes);
  const num = d === 0 ? String(Math.round(v)) : v.toFixed(2);
  return `${signOf(bytes, num)}${num} ${unit}`;
}

/** Byte size padded to 10 characters as in Pympler's tables: `'   0     B'`, `'   7.53 KB'`. */
export function formatBytesPadded(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes).padStart(10);
  const [v, unit, d] = scale(bytes);
  const num = d === 0 ? String(Math.round(v)) : v.toFixed(2);
  return d === 0 ? `${(signOf(bytes, num) + num).padStart(4)}     ${unit}` : `${(signOf(bytes, num) + num).padStart(7)} ${unit}`;
}

/** A time in milliseconds as `hh:mm:ss.ss` (Pympler's `pp_timestamp`, from ms): 3725456 -> `01:02:05.46`. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return '--:--:--.--';
  const cs = Math.round(Math.abs(ms) / 10);
  const h = Math.floor(cs / 360000);
  const m = Math.floor(cs / 6000) % 60;
  const s = (cs % 6000) / 100;
  const sign = ms < 0 && cs > 0 ? '-' : '';
  return `${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(2).padStart(5, '0')}`;
}

/**
 * A percentage without the `%`, at most 4 characters: one decimal below 10 (`0.4`), `<0.1` for tiny
 * non-zero shares, whole numbers up to 9999 and `>999` beyond (so the column never overflows).
 */
export function formatPct(pct: number): string {
  if (!Number.isFinite(pct)) return 'n/a';
  if (pct === 0) return '0';
  if (pct < 0) return pct > -9.95 ? pct.toFixed(1) : pct > -999.5 ? String(Math.round(pct)) : '<-999';
  if (pct < 0.05) return '<0.1';
  if (pct < 9.95) return pct.toFixed(1);
  if (pct < 9999.5) return String(Math.round(pct));
  return '>999';
}

/**
 * Growth from `before` to `after` reads as a factor (`×2804`) once `after` is this many times
 * `before` or more: the base is then too small for a percentage to mean anything ("+280300%").
 */
export const FACTOR_FROM = 10;

/** True when `before` is a meaningful base for a percentage change to `after` (not zero, and `after` under `FACTOR_FROM` times it). */
export function isMeaningfulBase(before: number, after: number): boolean {
  return before !== 0 && !(before > 0 && after / before >= FACTOR_FROM);
}

/**
 * A signed relative change from `before` to `after`: `+6.8%`, `-6.8%`, `0.0%`; `new` from zero;
 * growth from a tiny base (`isMeaningfulBase` false) as a factor: `×12.5`, `×2804`. The CLI's
 * diff and the report both print changes through here.
 */
export function formatChange(before: number, after: number): string {
  if (before === after) return '0.0%';
  if (before === 0) return 'new';
  if (after === 0) return '-100%';
  if (!isMeaningfulBase(before, after)) {
    const f = after / before;
    return `×${f < 99.95 ? f.toFixed(1) : String(Math.round(f))}`;
  }
  const p = ((after - before) / Math.abs(before)) * 100;
  const a = Math.abs(p);
  const body = a < 0.05 ? '0.0' : a < 999.95 ? a.toFixed(1) : String(Math.round(a));
  return `${p < 0 ? '-' : '+'}${body}%`;
}

/** A signed count: `+3`, `-2`, `0`. */
export function formatDelta(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/**
 * Makes untrusted text safe for one terminal line: newlines become `|`; other control
 * characters (which could drive a terminal) and bidirectional controls (which reorder what is
 * shown, "Trojan Source") become `?`. Every line of terminal text goes through here.
 */
export function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n|[\r\n]/g, '|').replace(/[\u0000-\u001f]/g, '?').replace(UNSAFE_WIDE, '?');
}

/**
 * The unsafe characters beyond ASCII's C0: DEL, C1, line/paragraph separators, and bidi controls
 * (ALM U+061C, LRM/RLM U+200E-F, embeddings and overrides U+202A-E, isolates U+2066-9).
 */
const UNSAFE_WIDE = /[\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text (from `JSON.stringify`, which escapes C0 itself) with every other character `sanitize`
 * replaces written as a `\uXXXX` escape: the same data, and safe to print on a terminal.
 */
export function escapeUnsafeJson(json: string): string {
  return json.replace(UNSAFE_WIDE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `sanitize` applied to each line of `text`: keeps the line breaks, makes every line safe. */
export function sanitizeLines(text: string): string {
  return text.split('\n').map(sanitize).join('\n');
}

/** Clips `text` to `max` characters keeping its start (`abcdefg…` becomes `abcd...`), after `sanitize`. */
export function truncate(text: string, max: number): string {
  const s = sanitize(text);
  if (s.length <= max) return s;
  if (max <= 3) return '.'.repeat(Math.max(0, max));
  return `${cutEnd(s, max - 3)}...`;
}

/** Clips `text` to `max` characters keeping its end (`...efg`), after `sanitize`; for long class names. */
export function truncateLeft(text: string, max: number): string {
  const s = sanitize(text);
  if (s.length <= max) return s;
  if (max <= 3) return '.'.repeat(Math.max(0, max));
  let start = s.length - (max - 3);
  // Never start inside a surrogate pair.
  if (isLowSurrogate(s.charCodeAt(start))) start++;
  return `...${s.slice(start)}`;
}

/** Right-aligns `text` in `width` columns; text that does not fit becomes `#`s, so columns never shift. */
export function fitRight(text: string, width: number): string {
  return text.length > width ? '#'.repeat(width) : text.padStart(width);
}

/** Left-aligns `text` in exactly `width` columns, clipping it with `truncate` when too long. */
export function fitLeft(text: string, width: number): string {
  return truncate(text, width).padEnd(width);
}

/** `-` for a negative value that does not print as zero. */
function signOf(value: number, printed: string): string {
  return value < 0 && /[1-9]/.test(printed) ? '-' : '';
}

function cutEnd(s: string, n: number): string {
  let end = n;
  if (end > 0 && isLowSurrogate(s.charCodeAt(end))) end--;
  return s.slice(0, end);
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
