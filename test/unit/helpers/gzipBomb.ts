import { constants, deflateRawSync } from 'node:zlib';

const MIB = 2 ** 20;

/**
 * A gzip member that inflates to `prefix` followed by `mib` MiB of the byte `fill` (spaces by
 * default: a valid dump as prefix stays valid JSON), built at test time from one compressed MiB
 * repeated (about 1 KB per MiB, 3 MB for 3 GiB). Its CRC-32 is left 0: a reader that inflated
 * to the end would report corruption, so E_DUMP_TOO_LARGE also proves it stopped at its limit.
 */
export function gzipBomb(mib: number, opts: { fill?: number; prefix?: string } = {}): Uint8Array {
  // A full flush ends each piece on a byte boundary with an empty dictionary, so pieces concatenate.
  const flush = { level: 9, finishFlush: constants.Z_FULL_FLUSH };
  const prefix = deflateRawSync(Buffer.from(opts.prefix ?? '', 'utf8'), flush);
  const seg = deflateRawSync(Buffer.alloc(MIB, opts.fill ?? 0x20), flush);
  const size = Buffer.byteLength(opts.prefix ?? '', 'utf8') + mib * MIB;
  const out = Buffer.alloc(10 + prefix.length + seg.length * mib + 5 + 8);
  Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]).copy(out, 0);
  let at = 10;
  at += prefix.copy(out, at);
  for (let i = 0; i < mib; i++) at += seg.copy(out, at);
  // The last block: stored, final, empty. Then CRC-32 (left 0) and ISIZE (size mod 2^32).
  at += Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]).copy(out, at);
  out.writeUInt32LE(0, at);
  out.writeUInt32LE(size % 2 ** 32, at + 4);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
