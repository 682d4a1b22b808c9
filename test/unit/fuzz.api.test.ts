/**
 * Whatever the public API accepts, the dump must hold (issue 16, round two): random sequences of
 * calls (classes and objects tracked under arbitrary names and options, marks with arbitrary
 * arguments, snapshots with arbitrary labels, drops, GC and sweeps) either throw a TypeError,
 * RangeError or SdkError at the call, or leave a tracker whose dump round-trips through
 * JSON and loadDump, and whose Stats format without throwing. Fixed seed (test/setup/fuzzSeed.ts).
 * Runs in both decorator projects: @Tracked is one of the calls.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { loadDump } from '../../src/dump/loadDump.js';
import { SdkError } from '../../src/SdkError.js';
import { Stats } from '../../src/stats/Stats.js';
import { createTracked } from '../../src/tracker/Tracked.js';
import { collectGarbage, fakePlatform } from './helpers/fakePlatform.js';

/** Strings of every kind: any code point (lone surrogates included), controls, keys like __proto__, now and then a long one. */
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 2, arbitrary: fc.constantFrom('', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '\u202eevil', '\ud800', '\udc00x', 'a\u0000b', '1e400', '-0') },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 100_000 }).map((n) => 'x'.repeat(n)) },
);
/** Names for classes and objects: often one that is also an Object.prototype name. */
const className = fc.oneof(
  { weight: 3, arbitrary: text },
  { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf') },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.anything() },
);
/** Anything at all, for the arguments that should be refused. */
const junk = fc.oneof(fc.anything(), fc.constantFrom(NaN, Infinity, -Infinity, null, Symbol('s'), () => 1, 10n));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.constant(undefined), junk);

type Op =
  | { kind: 'class'; name: unknown; resolution: unknown; trace: boolean; keep: boolean; decorate: boolean }
  | { kind: 'new'; which: number; count: number; hold: boolean }
  | { kind: 'object'; name: unknown; shape: number; hold: boolean }
  | { kind: 'mark'; name: unknown; value: unknown; detail: unknown }
  | { kind: 'snapshot'; label: unknown; sync: boolean }
  | { kind: 'drop'; keep: number }
  | { kind: 'gc' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('class' as const), name: className, resolution: fc.oneof(fc.integer({ min: 0, max: 3 }), junk), trace: fc.boolean(), keep: fc.boolean(), decorate: fc.boolean() }),
  fc.record({ kind: fc.constant('new' as const), which: fc.nat(), count: fc.integer({ min: 1, max: 6 }), hold: fc.boolean() }),
  fc.record({ kind: fc.constant('object' as const), name: className, shape: fc.integer({ min: 0, max: 3 }), hold: fc.boolean() }),
  fc.record({
    kind: fc.constant('mark' as const),
    name: fc.oneof(text, junk),
    value: fc.oneof(fc.double(), fc.constant(undefined), junk),
    detail: fc.oneof(fc.constant(undefined), fc.dictionary(text, text, { maxKeys: 4 }), fc.dictionary(text, fc.anything(), { maxKeys: 3 }), junk),
  }),
  fc.record({ kind: fc.constant('snapshot' as const), label: fc.oneof(text, fc.double(), fc.constant(undefined), junk), sync: fc.boolean() }),
  fc.record({ kind: fc.constant('drop' as const), keep: fc.nat() }),
  fc.constant({ kind: 'gc' as const }),
);

/** Errors the API may throw at a call for bad arguments; anything else fails the property. */
function allowed(e: unknown): boolean {
  return e instanceof TypeError || e instanceof RangeError || e instanceof SdkError;
}

async function run(ops: Op[]): Promise<void> {
  const tracker = new ClassTracker({ platform: fakePlatform(), deadRecordLimit: 3, historyLimit: 6 });
  const Tracked = createTracked(() => tracker);
  const classes: Array<new () => object> = [];
  let held: object[] = [];
  const call = async (fn: () => unknown): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      if (!allowed(e)) throw e;
    }
  };
  for (const o of ops) {
    switch (o.kind) {
      case 'class':
        await call(() => {
          const opts = { name: o.name, resolution: o.resolution, trace: o.trace, keep: o.keep } as never;
          const Base = class Thing {
            data = [1, 'two', { three: 3 }];
            label = o.name;
          };
          classes.push(o.decorate ? Tracked(opts)(Base) : tracker.trackClass(Base, opts));
        });
        break;
      case 'new':
        if (classes.length > 0) {
          const C = classes[o.which % classes.length]!;
          for (let i = 0; i < o.count; i++) {
            const x = new C();
            if (o.hold) held.push(x);
          }
        }
        break;
      case 'object':
        await call(() => {
          const obj = [{ a: 1 }, [1, 2, 3], new Map([['k', 'v']]), function named() {}][o.shape]!;
          tracker.trackObject(obj, { name: o.name } as never);
          if (o.hold) held.push(obj);
        });
        break;
      case 'mark':
        await call(() => tracker.mark(o.name as never, o.value as never, o.detail as never));
        break;
      case 'snapshot':
        await call(() => (o.sync ? tracker.snapshotSync(o.label as never) : tracker.snapshot(o.label as never)));
        break;
      case 'drop':
        held = held.slice(0, held.length === 0 ? 0 : o.keep % held.length);
        break;
      case 'gc':
        await collectGarbage(1);
        tracker.sweep();
        break;
    }
  }
  // Every accepted call must leave a dump that loads back as it was written, and formats.
  const textOut = JSON.stringify(tracker.toDump());
  const back = loadDump(textOut);
  expect(JSON.parse(JSON.stringify(back))).toEqual(JSON.parse(textOut));
  // Nothing accepted is lost on the way: every name with an instance on record has its history.
  const { fields, rows } = back.instances;
  const oName = fields.indexOf('name');
  for (let r = oName; r < rows.length; r += fields.length) {
    const name = back.names[rows[r] as number]!;
    expect(Object.prototype.hasOwnProperty.call(back.history, name), `history of ${JSON.stringify(name.slice(0, 40))}`).toBe(true);
  }
  const stats = Stats.from(back);
  stats.summary();
  stats.summary({ limit: Infinity });
  stats.sort().formatStats();
  if (back.snapshots.length > 0) stats.diff(stats).format();
  expect(tracker.stats().summary()).toBe(stats.summary());
  void held;
}

describe('fuzz: any sequence of public calls leaves a dump that loads', () => {
  it('round-trips through JSON and loadDump; Stats format it (fixed seed)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        await run(ops);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('refuses at the call what a dump cannot hold', () => {
    const tracker = new ClassTracker({ platform: fakePlatform() });
    expect(() => tracker.mark('x', NaN)).toThrow(RangeError);
    expect(() => tracker.mark('x', Infinity)).toThrow(/mark: value must be a finite number, got Infinity/);
    expect(() => tracker.mark('x', '3' as never)).toThrow(TypeError);
    expect(() => tracker.mark(7 as never)).toThrow(/mark: name must be a string/);
    expect(() => tracker.mark('x', 1, { rating: 3 } as never)).toThrow(/mark: detail\["rating"\] must be a string, got number/);
    expect(() => tracker.mark('x', 1, [] as never)).toThrow(/detail must be an object of strings, got an array/);
    expect(() => tracker.snapshotSync({} as never)).toThrow(/snapshotSync: label must be a string or a number, got object/);
    expect(() => tracker.trackClass(class A {}, { name: 5 as never })).toThrow(/trackClass: options.name must be a string, got number/);
    expect(() => tracker.trackObject({}, { name: null as never })).toThrow(/trackObject: options.name must be a string, got null/);
    // Nothing refused got in; what was accepted (a __proto__ key included) is in the dump as data.
    const m = tracker.mark('ok', 0, JSON.parse('{"__proto__":"x","rating":"good"}') as Record<string, string>);
    expect(Object.keys(m.detail!)).toEqual(['__proto__', 'rating']);
    const back = loadDump(JSON.stringify(tracker.toDump()));
    expect(back.marks).toHaveLength(1);
    expect(back.marks[0]!.detail!['__proto__']).toBe('x');
    expect(() => tracker.stats().summary()).not.toThrow();
  });

  it('a refused label rejects snapshot() without taking one', async () => {
    const tracker = new ClassTracker({ platform: fakePlatform() });
    await expect(tracker.snapshot(Symbol('s') as never)).rejects.toThrow(TypeError);
    expect(tracker.snapshots).toHaveLength(0);
    await tracker.snapshot(12);
    expect(tracker.snapshots[0]!.label).toBe('12');
  });
});
