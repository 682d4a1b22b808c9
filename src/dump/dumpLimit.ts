import { formatBytes } from '../stats/format.js';
import { SdkError } from '../SdkError.js';

/**
 * The default limit on a dump's size: its JSON text, or what its gzip data inflates to
 * (256 MiB; a million instances x 10 snapshots is about 126 MiB). See docs/dump-format.md.
 */
export const DEFAULT_MAX_DUMP_BYTES = 256 * 2 ** 20;

/** The E_DUMP_TOO_LARGE error: `what` ("the gzip data inflates to") is more than `limit` bytes. */
export function dumpTooLarge(what: string, limit: number): SdkError {
  return new SdkError('E_DUMP_TOO_LARGE', `heapcensus dump too large: ${what} more than ${formatBytes(limit)}, the limit (maxBytes ${limit})`);
}

/** Checks a `maxBytes` option (a positive whole number of bytes, or Infinity); returns it or the default. */
export function maxBytesOf(value: unknown, who = 'loadDump'): number {
  if (value === undefined) return DEFAULT_MAX_DUMP_BYTES;
  if (typeof value !== 'number') throw new TypeError(`${who}: maxBytes must be a number of bytes, got ${typeof value}`);
  if (!(value >= 1) || (value !== Infinity && !Number.isInteger(value))) throw new RangeError(`${who}: maxBytes must be a whole number of bytes >= 1 (or Infinity), got ${String(value)}`);
  return value;
}
