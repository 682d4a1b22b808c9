import { describe, expect, it } from 'vitest';
import { ClassTracker } from '../../platform/node/index.js';
import { layoutFor } from '../../src/sizer/Layout.js';
import { KEYLIKE_STRING_MAX, SHARED_STRING_MAX, Sizer } from '../../src/sizer/Sizer.js';

/**
 * Which equal strings are charged once (issue 9). The sizer sees values, not heap objects, so
 * its rule is a bet on V8: strings of up to 10 characters, identifier-like ones of up to 32 and
 * those equal to a property key are mostly shared (literals, internalized) and are charged
 * once per snapshot; any other string is charged once in each root (instance) holding it, as separate
 * runtime-built copies are. docs/sizing.md has the measured errors of the rule.
 */
const decoder = new TextDecoder();
const encoder = new TextEncoder();
/** A new flat heap string equal to `s` (the way JSON.parse or a network read makes them). */
const copy = (s: string): string => decoder.decode(encoder.encode(s));
const L = layoutFor(8);

/** Total bytes of `roots` measured one after another by one sizer (one snapshot). */
function total(roots: readonly object[]): number {
  const sizer = new Sizer({ taggedSize: 8 });
  let bytes = 0;
  for (const r of roots) bytes += sizer.measure(r).size;
  return bytes;
}

describe('the string rule (model)', () => {
  it('charges a long string once in every root holding it, and short or identifier-like ones once', () => {
    const text = 'x'.repeat(1000);
    const long = Array.from({ length: 100 }, () => ({ s: copy(text) }));
    expect(total(long)).toBe(100 * (L.object + 4 * L.T + L.string(1000, false)) - 100 * 3 * L.T);

    const short = 'pending'.slice(0, SHARED_STRING_MAX);
    const shortOnes = Array.from({ length: 100 }, () => ({ s: copy(short) }));
    const enumOnes = Array.from({ length: 100 }, () => ({ s: copy('in-progress-item') }));
    const perObject = total([{ s: 1 }]);
    expect(total(shortOnes)).toBe(100 * perObject + L.string(short.length, false));
    expect(total(enumOnes)).toBe(100 * perObject + L.string(16, false));
    // Identifier-like beyond KEYLIKE_STRING_MAX, or with other characters: every root.
    const longId = 'a'.repeat(KEYLIKE_STRING_MAX + 1);
    expect(total(Array.from({ length: 10 }, () => ({ s: copy(longId) })))).toBe(10 * (perObject + L.string(longId.length, false)));
    expect(total(Array.from({ length: 10 }, () => ({ s: copy('not an identifier') })))).toBe(10 * (perObject + L.string(17, false)));
    // Two-byte strings are charged as two-byte in every root.
    expect(total(Array.from({ length: 10 }, () => ({ s: copy('été, à midi, ☀') })))).toBe(10 * (perObject + L.string(14, true)));
  });

  it('charges a string equal to a property key once (keys are internalized)', () => {
    const key = 'a key with spaces, longer than ten';
    const dictionary = { [key]: 1 };
    const holders = Array.from({ length: 50 }, () => ({ s: copy(key) }));
    const perObject = total([{ s: 1 }]);
    expect(total([dictionary, ...holders]) - total([dictionary])).toBe(50 * perObject + L.string(key.length, false));
  });
});

describe('the string rule against exact mode (Node heap snapshot)', () => {
  it('a mixed workload is within 10% of exact, per class and in total', async () => {
    const tracker = new ClassTracker();
    const NOTE = 'Deliver to the front desk; call on arrival. ';
    const records = JSON.parse(
      JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ name: `customer number ${i}`, tier: i % 3 === 0 ? 'gold' : 'silver', since: new Date(1.6e12 + i * 864e5).toISOString() }))),
    ) as object[];
    const made = {
      // Distinct ids, literal statuses, and a runtime-built note equal in every other order
      // (flat copies: ropes are another matter, see docs/sizing.md).
      Order: Array.from({ length: 300 }, (_, i) => ({ id: `order-${i}`, status: i % 2 === 0 ? 'pending' : 'shipped', note: copy(NOTE.repeat(4) + '!'.repeat(i % 2)) })),
      // JSON.parse: values of up to 10 characters are internalized, longer ones are copies.
      Customer: records,
      // A literal enum and a runtime-built label equal in every tag.
      Tag: Array.from({ length: 300 }, (_, i) => ({ kind: 'user-defined-tag', label: copy(`tag label ${i % 3}`) })),
    };
    for (const [name, objs] of Object.entries(made)) for (const o of objs) tracker.trackObject(o, { name });
    const exact = await tracker.snapshot('exact', { sizing: 'exact' });
    const model = tracker.snapshotSync('model');
    for (const name of Object.keys(made)) {
      const e = exact.classes[name]!.bytes;
      const m = model.classes[name]!.bytes;
      expect(Math.abs(m - e) / e, `${name}: model ${m} B, exact ${e} B`).toBeLessThan(0.1);
    }
    expect(Math.abs(model.trackedTotal - exact.trackedTotal) / exact.trackedTotal).toBeLessThan(0.1);
    tracker.clear();
  });
});
