import type { Intrinsics } from './intrinsics.js';

/** 2^64: BigInts below it in magnitude have one 64-bit digit (0n has none). */
const DIGIT = 0x10000000000000000n;

/** BigInts of up to this many hex digits (1024 bits, 309 decimal digits) are shown in decimal. */
const DECIMAL_HEX_DIGITS = 256;

/**
 * How many 64-bit digits V8 stores for `v`, in time linear in its length: from the length of
 * its hex text (radix-16 conversion is linear; shifting 64 bits at a time is quadratic).
 */
export function bigintDigits(v: bigint, I: Intrinsics): number {
  if (v === 0n) return 0;
  if (v < DIGIT && v > -DIGIT) return 1;
  const hex = I.bigintToString(v, 16);
  return Math.ceil((hex.length - (v < 0n ? 1 : 0)) / 16);
}

/**
 * `v` as a literal (`123n`), in decimal while short; longer ones in hex (`0x1f…n`, `-0x…n`),
 * whose conversion is linear, where decimal conversion of a huge BigInt is not.
 */
export function bigintText(v: bigint, I: Intrinsics): string {
  const hex = I.bigintToString(v, 16);
  if (hex.length <= DECIMAL_HEX_DIGITS) return `${I.bigintToString(v, 10)}n`;
  return v < 0n ? `-0x${hex.slice(1)}n` : `0x${hex}n`;
}
