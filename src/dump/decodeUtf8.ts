/** The part of `TextDecoder` used here; ES2022 has no such global type, hosts mostly do. */
interface MinimalTextDecoder {
  decode(bytes: Uint8Array): string;
}
type TextDecoderCtor = new (label: string, options: { fatal: boolean }) => MinimalTextDecoder;

/** Why bytes are not UTF-8: `incomplete` is true when the input just ends inside a character. */
export class Utf8Error extends Error {
  constructor(readonly offset: number, readonly incomplete: boolean) {
    super(incomplete ? `input ends inside a UTF-8 character at byte ${offset}` : `invalid UTF-8 at byte ${offset}`);
    this.name = 'Utf8Error';
  }
}

/**
 * Decodes UTF-8 strictly (a leading BOM is dropped). Uses the host's `TextDecoder` when there is
 * one and a small decoder otherwise; throws `Utf8Error` with the offset of the first bad byte.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = start === 0 ? bytes : bytes.subarray(start);
  const TD = (globalThis as { TextDecoder?: TextDecoderCtor }).TextDecoder;
  if (typeof TD === 'function') {
    try {
      return new TD('utf-8', { fatal: true }).decode(body);
    } catch {
      // Fall through: the slow path finds and names the bad byte.
    }
  }
  return slowDecode(body, start);
}

function slowDecode(b: Uint8Array, base: number): string {
  const parts: string[] = [];
  const units: number[] = [];
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    let cp: number;
    let len: number;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
      cp = c & 0x1f;
      len = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      cp = c & 0x0f;
      len = 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
      cp = c & 0x07;
      len = 4;
    } else {
      throw new Utf8Error(base + i, false);
    }
    for (let k = 1; k < len; k++) {
      if (i + k >= n) throw new Utf8Error(base + i, true);
      const cc = b[i + k]!;
      if ((cc & 0xc0) !== 0x80) throw new Utf8Error(base + i, false);
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and values beyond U+10FFFF are not UTF-8.
    if ((len === 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (len === 4 && (cp < 0x10000 || cp > 0x10ffff))) {
      throw new Utf8Error(base + i, false);
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else {
      units.push(cp);
    }
    i += len;
    if (units.length >= 8192) {
      parts.push(fromUnits(units));
      units.length = 0;
    }
  }
  if (units.length > 0) parts.push(fromUnits(units));
  return parts.join('');
}

/** UTF-16 code units to a string, one at a time: never an array spread into arguments (issue 16). */
function fromUnits(units: readonly number[]): string {
  let s = '';
  for (const u of units) s += String.fromCharCode(u);
  return s;
}
