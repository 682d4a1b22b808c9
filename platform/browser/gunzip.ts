/**
 * A small synchronous gzip (RFC 1952) / DEFLATE (RFC 1951) decoder, platform-free, so that
 * `loadDump(bytes)` stays synchronous in browsers (which only have the async
 * DecompressionStream). Table-driven Huffman decoding; every check zlib makes is made here,
 * and damage throws an Error naming it ("unexpected end of file" for a cut-off stream).
 */
import { concatBytes } from '../../src/dump/concatBytes.js';
import { dumpTooLarge } from '../../src/dump/dumpLimit.js';

const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** Order in which the code-length code lengths are stored (RFC 1951 3.2.7). */
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A decoding table: `table[bits & mask]` = symbol << 4 | code length (0: no such code). */
interface Huffman {
  table: Int32Array;
  bits: number;
}

let crcTable: Int32Array | undefined;
let fixed: { lit: Huffman; dist: Huffman } | undefined;

function crc32(data: Uint8Array, start: number, end: number): number {
  const t = (crcTable ??= makeCrcTable());
  let c = -1;
  for (let i = start; i < end; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function makeCrcTable(): Int32Array {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
}

const fail = (what: string): never => {
  throw new Error(`gunzip: ${what}`);
};

/**
 * Builds the table of a canonical Huffman code from its code lengths. Over-subscribed
 * codes are invalid; incomplete ones too, except a lone one-bit code (as zlib allows).
 */
function huffman(lengths: ArrayLike<number>, n: number, what: string): Huffman {
  const count = new Int32Array(16);
  let max = 0;
  for (let i = 0; i < n; i++) {
    const l = lengths[i]!;
    count[l]!++;
    if (l > max) max = l;
  }
  count[0] = 0;
  let left = 1;
  for (let l = 1; l <= 15; l++) {
    left = (left << 1) - count[l]!;
    if (left < 0) fail(`invalid ${what} code: over-subscribed`);
  }
  if (left > 0 && max > 1) fail(`invalid ${what} code: incomplete`);
  const bits = Math.max(max, 1);
  const table = new Int32Array(1 << bits);
  const next = new Int32Array(16);
  for (let l = 1, code = 0; l <= 15; l++) {
    code = (code + count[l - 1]!) << 1;
    next[l] = code;
  }
  for (let sym = 0; sym < n; sym++) {
    const l = lengths[sym]!;
    if (l === 0) continue;
    // DEFLATE sends codes most-significant bit first; the bit reader is LSB first, so reverse.
    let code = next[l]!++;
    let rev = 0;
    for (let k = 0; k < l; k++) {
      rev = (rev << 1) | (code & 1);
      code >>>= 1;
    }
    for (let j = rev; j < table.length; j += 1 << l) table[j] = (sym << 4) | l;
  }
  return { table, bits };
}

function fixedTables(): { lit: Huffman; dist: Huffman } {
  if (fixed === undefined) {
    const l = new Uint8Array(288);
    l.fill(8, 0, 144);
    l.fill(9, 144, 256);
    l.fill(7, 256, 280);
    l.fill(8, 280, 288);
    fixed = { lit: huffman(l, 288, 'literal/length'), dist: huffman(new Uint8Array(32).fill(5), 32, 'distance') };
    // (32 codes, so the fixed code is complete; symbols 30 and 31 are rejected when met.)
  }
  return fixed;
}

/** Decodes one raw DEFLATE stream from `data[start..]`; returns the output and where the stream ended (byte offset). */
function inflate(data: Uint8Array, start: number, sizeHint: number, budget: number, limit: number): { out: Uint8Array; end: number } {
  const end = data.length;
  let pos = start;
  let bitBuf = 0;
  let bitCnt = 0;
  // Zero bytes read past the end to fill the bit buffer; consuming any of them means truncation.
  let pad = 0;
  let out = new Uint8Array(Math.min(Math.max(1024, sizeHint), budget));
  let op = 0;

  const need = (n: number): void => {
    while (bitCnt < n) {
      let b = 0;
      if (pos < end) b = data[pos]!;
      else pad++;
      pos++;
      bitBuf |= b << bitCnt;
      bitCnt += 8;
    }
  };
  const drop = (n: number): void => {
    bitBuf >>>= n;
    bitCnt -= n;
    if (pad > 0 && bitCnt < pad * 8) fail('unexpected end of file');
  };
  const bits = (n: number): number => {
    if (n === 0) return 0;
    need(n);
    const v = bitBuf & ((1 << n) - 1);
    drop(n);
    return v;
  };
  const decode = (h: Huffman, what: string): number => {
    need(h.bits);
    const e = h.table[bitBuf & ((1 << h.bits) - 1)]!;
    const len = e & 15;
    if (len === 0) fail(`invalid ${what} code`);
    drop(len);
    return e >>> 4;
  };
  const room = (n: number): void => {
    if (op + n <= out.length) return;
    // A bomb stops here, at the limit, with nothing more allocated than the limit allows.
    if (op + n > budget) throw dumpTooLarge('the gzip data inflates to', limit);
    let size = Math.max(out.length * 2, 1024);
    while (size < op + n) size *= 2;
    size = Math.min(size, budget);
    const bigger = new Uint8Array(size);
    bigger.set(out.subarray(0, op));
    out = bigger;
  };

  let last = 0;
  while (last === 0) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      // Stored: skip to a byte boundary, then LEN and its complement, then LEN raw bytes.
      drop(bitCnt & 7);
      pos -= bitCnt >> 3;
      if (pos > end) fail('unexpected end of file');
      pad = 0;
      bitBuf = 0;
      bitCnt = 0;
      if (pos + 4 > end) fail('unexpected end of file');
      const len = data[pos]! | (data[pos + 1]! << 8);
      const nlen = data[pos + 2]! | (data[pos + 3]! << 8);
      pos += 4;
      if ((len ^ 0xffff) !== nlen) fail('invalid stored block lengths');
      if (pos + len > end) fail('unexpected end of file');
      room(len);
      out.set(data.subarray(pos, pos + len), op);
      op += len;
      pos += len;
      continue;
    }
    let lit: Huffman;
    let dist: Huffman;
    if (type === 1) {
      ({ lit, dist } = fixedTables());
    } else if (type === 2) {
      const nlit = bits(5) + 257;
      const ndist = bits(5) + 1;
      const ncl = bits(4) + 4;
      if (nlit > 286 || ndist > 30) fail('too many length or distance symbols');
      const clLens = new Uint8Array(19);
      for (let i = 0; i < ncl; i++) clLens[CL_ORDER[i]!] = bits(3);
      const cl = huffman(clLens, 19, 'code lengths');
      const lens = new Uint8Array(nlit + ndist);
      for (let i = 0; i < nlit + ndist; ) {
        const sym = decode(cl, 'code lengths');
        if (sym < 16) {
          lens[i++] = sym;
          continue;
        }
        let repeat: number;
        let value = 0;
        if (sym === 16) {
          if (i === 0) fail('invalid bit length repeat');
          value = lens[i - 1]!;
          repeat = 3 + bits(2);
        } else if (sym === 17) {
          repeat = 3 + bits(3);
        } else {
          repeat = 11 + bits(7);
        }
        if (i + repeat > nlit + ndist) fail('invalid bit length repeat');
        lens.fill(value, i, i + repeat);
        i += repeat;
      }
      if (lens[256] === 0) fail('invalid code -- missing end-of-block');
      lit = huffman(lens.subarray(0, nlit), nlit, 'literal/length');
      dist = huffman(lens.subarray(nlit), ndist, 'distance');
    } else {
      return fail('invalid block type');
    }
    for (;;) {
      const sym = decode(lit, 'literal/length');
      if (sym < 256) {
        if (op >= out.length) room(1);
        out[op++] = sym;
        continue;
      }
      if (sym === 256) break;
      const li = sym - 257;
      if (li >= 29) fail('invalid literal/length code');
      const len = LEN_BASE[li]! + bits(LEN_EXTRA[li]!);
      const di = decode(dist, 'distance');
      if (di >= 30) fail('invalid distance code');
      const d = DIST_BASE[di]! + bits(DIST_EXTRA[di]!);
      if (d > op) fail('invalid distance too far back');
      room(len);
      // Byte by byte: a copy may overlap its own output (a run).
      for (let k = 0, from = op - d; k < len; k++) out[op++] = out[from + k]!;
    }
  }
  // Whole bytes left in the bit buffer belong to what follows the stream.
  pos -= bitCnt >> 3;
  if (pos > end) fail('unexpected end of file');
  return { out: out.subarray(0, op), end: pos };
}

/** Reads one gzip member header at `p`; returns the offset of its DEFLATE data. */
function header(data: Uint8Array, p: number): number {
  const end = data.length;
  if (p + 10 > end) fail('unexpected end of file');
  if (data[p] !== 0x1f || data[p + 1] !== 0x8b) fail('incorrect header check (not gzip data)');
  if (data[p + 2] !== 8) fail('unknown compression method');
  const flags = data[p + 3]!;
  if (flags & 0xe0) fail('reserved header flags set');
  let q = p + 10;
  if (flags & 4) {
    if (q + 2 > end) fail('unexpected end of file');
    q += 2 + (data[q]! | (data[q + 1]! << 8));
  }
  for (const bit of [8, 16]) {
    if (flags & bit) {
      while (q < end && data[q] !== 0) q++;
      q++;
    }
  }
  if (flags & 2) {
    if (q + 2 <= end && (crc32(data, p, q) & 0xffff) !== (data[q]! | (data[q + 1]! << 8))) fail('header crc mismatch');
    q += 2;
  }
  if (q > end) fail('unexpected end of file');
  return q;
}

/**
 * Decompresses gzip data (one or more members) synchronously, checking each member's CRC-32
 * and length. Throws an Error naming the damage; a cut-off input says "unexpected end of file".
 * Output beyond `maxBytes` in all throws SdkError E_DUMP_TOO_LARGE as soon as it is reached.
 */
export function gunzip(data: Uint8Array, maxBytes = Infinity): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  let p = 0;
  do {
    const body = header(data, p);
    // ISIZE of a lone member, read from the end, sizes the output buffer (a hint only).
    const hint = p === 0 && data.length >= 18 ? (data[data.length - 4]! | (data[data.length - 3]! << 8) | (data[data.length - 2]! << 16) | (data[data.length - 1]! << 24)) >>> 0 : 0;
    const { out, end } = inflate(data, body, hint <= 256 * 2 ** 20 ? hint : 0, maxBytes - total, maxBytes);
    if (end + 8 > data.length) fail('unexpected end of file');
    const crc = (data[end]! | (data[end + 1]! << 8) | (data[end + 2]! << 16) | (data[end + 3]! << 24)) >>> 0;
    const size = (data[end + 4]! | (data[end + 5]! << 8) | (data[end + 6]! << 16) | (data[end + 7]! << 24)) >>> 0;
    if (crc32(out, 0, out.length) !== crc) fail('incorrect data check (CRC-32 mismatch)');
    if ((out.length >>> 0) !== size) fail('incorrect length check');
    parts.push(out);
    total += out.length;
    p = end + 8;
    // Another member may follow (concatenated gzip files); zero padding after the last is ignored.
    while (p < data.length && data[p] === 0) p++;
  } while (p < data.length);
  return concatBytes(parts, total);
}
