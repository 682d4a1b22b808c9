import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { intrinsics } from '../../src/sizer/intrinsics.js';
import { layoutFor } from '../../src/sizer/Layout.js';
import { preview, sizeOf } from '../../src/sizer/index.js';
import { READ_LIMIT, isTwoByte } from '../../src/sizer/strings.js';

/**
 * Values whose size is large: huge BigInts and concatenated strings (ropes). Sizing them must
 * take time in proportion to their length at most, and never grow the app's memory by it.
 */
const mode = process.env.HEAPCENSUS_DECORATORS;

describe('BigInts', () => {
  const L8 = layoutFor(8);
  const L4 = layoutFor(4);
  /** V8's digits: 64-bit words of the magnitude. */
  const digits = (v: bigint): number => {
    let x = v < 0n ? -v : v;
    let d = 0;
    while (x > 0n) {
      x >>= 64n;
      d++;
    }
    return d;
  };

  it('are sized as header + 8 bytes per 64-bit digit, at every digit boundary, positive and negative', () => {
    const values: bigint[] = [0n, 1n, -1n];
    for (const bits of [63, 64, 65, 127, 128, 129, 1000, 4095, 4096, 4097, 64 * 1000]) {
      const p = 1n << BigInt(bits);
      values.push(p, p - 1n, p + 1n, -p, -(p - 1n), -(p + 1n));
    }
    for (const v of values) {
      expect(sizeOf(v, { taggedSize: 8 }), v.toString(16)).toBe(L8.bigint(digits(v)));
      expect(sizeOf(v, { taggedSize: 4 }), v.toString(16)).toBe(L4.bigint(digits(v)));
    }
  });

  it('a 256 KB BigInt: the right size, counted through radix-16 text (linear), never the decimal one or 64-bit shifts', () => {
    const big = (1n << BigInt(256 * 1024 * 8 - 1)) + 12345n;
    const I = intrinsics();
    const real = I.bigintToString;
    const radixes: number[] = [];
    I.bigintToString = (b, radix) => {
      radixes.push(radix);
      return real(b, radix);
    };
    try {
      expect(sizeOf(big, { taggedSize: 8 })).toBe(L8.bigint(32 * 1024));
      expect(radixes).toEqual([16]);
      radixes.length = 0;
      const text = preview(big, 80);
      expect(text.length).toBeLessThanOrEqual(80);
      expect(text).toMatch(/^0x80+\.\.\.\.0+3039n$/);
      expect(radixes).toEqual([16]);
      radixes.length = 0;
      expect(preview(-12345678901234567890n, 80)).toBe('-12345678901234567890n');
      expect(radixes).toEqual([16, 10]);
    } finally {
      I.bigintToString = real;
    }
  });
});

describe('long strings are never read', () => {
  it('one-byte / two-byte: scanned up to READ_LIMIT chars, judged by the first char beyond', () => {
    expect(isTwoByte('a'.repeat(READ_LIMIT - 1) + '\u2603')).toBe(true);
    expect(isTwoByte('a'.repeat(READ_LIMIT) + '\u2603')).toBe(false); // documented: first char only
    expect(isTwoByte('\u2603' + 'a'.repeat(READ_LIMIT))).toBe(true);
    expect(isTwoByte('\u0100' + 'a'.repeat(READ_LIMIT))).toBe(true);
    expect(isTwoByte('\u00ff' + 'a'.repeat(READ_LIMIT))).toBe(false);
    expect(sizeOf('\u2603'.repeat(2 * READ_LIMIT), { taggedSize: 8 })).toBe(layoutFor(8).string(2 * READ_LIMIT, true));
    expect(preview('x'.repeat(READ_LIMIT + 1), 80)).toBe(`'…' (${READ_LIMIT + 1} chars)`);
    expect(preview('x'.repeat(READ_LIMIT), 80)).toMatch(/^'x+\.\.\.\.x+…'$/);
  });

  // A child process: the heap must be measured without the test runner's allocations around it.
  it.skipIf(mode === 'standard')('sizing, snapshotting and previewing a 64 MB rope leaves the heap as it was (within 10% of the string)', () => {
    const dist = join(process.cwd(), 'dist', 'node.js');
    expect(existsSync(dist), 'dist/node.js is missing: run `npm run build`').toBe(true);
    const script = `
      import v8 from 'node:v8';
      import { tracker, sizeOf, asized, preview } from ${JSON.stringify(dist)};
      const used = () => { for (let i = 0; i < 4; i++) gc(); return v8.getHeapStatistics().used_heap_size; };
      const out = {};
      for (const [name, unit] of [['one', 'z'], ['two', '\\u2603'], ['mixed', 'ab']]) {
        // A rope: 64 M chars of repeat() (itself a tree of ropes), then a tail.
        const s = unit.repeat(Math.round(64e6 / unit.length)) + String(Math.random());
        const holder = { s, nested: { again: s }, m: new Map([[s, s]]), e: Object.assign(new Error('x'), { message: s }) };
        const before = used();
        const size = sizeOf(holder);
        asized(holder, { detail: 3 });
        preview(holder);
        tracker.trackObject(holder, { resolution: 3 });
        tracker.snapshotSync(name);
        tracker.toDump();
        const grew = used() - before;
        out[name] = { grew, length: s.length, size };
        tracker.clear();
      }
      process.stdout.write(JSON.stringify(out));`;
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 20 });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, { grew: number; length: number; size: number }>;
    for (const [name, { grew, length, size }] of Object.entries(out)) {
      expect(grew, `${name}: the heap grew by ${grew} bytes`).toBeLessThan(length / 10);
      // The size counts the string once, at one or two bytes per char.
      const perChar = name === 'two' ? 2 : 1;
      expect(size, name).toBeGreaterThan(perChar * length);
      expect(size, name).toBeLessThan(perChar * length + 10_000);
    }
  });
});
