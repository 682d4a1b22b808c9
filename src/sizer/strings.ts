/**
 * Strings longer than this many chars are never read by the sizer or the previews: reading
 * any char of a concatenated string (a V8 rope) other than through a comparison flattens it,
 * copying it into one new string the app then keeps, as large as the string itself.
 */
export const READ_LIMIT = 4096;

/**
 * Whether V8 probably stores `s` with two bytes per char. Strings up to READ_LIMIT chars are
 * scanned; longer ones are judged by their first char alone (a rope is two-byte when any part
 * is, so a long string with Latin-1 first and wider chars later counts one-byte, half its size).
 */
export function isTwoByte(s: string): boolean {
  const n = s.length;
  // A comparison whose first chars differ reads them from the rope without flattening it
  // (only a first char of exactly U+0100 takes the flattening path).
  if (n > READ_LIMIT) return !(s < '\u0100');
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) > 0xff) return true;
  return false;
}
