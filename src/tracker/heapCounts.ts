import { nullRecord } from '../dump/nullRecord.js';
import type { ClassState } from './classState.js';
import type { Platform } from '../platform.js';
import { MAX_PROTO_CHAIN } from '../sizer/protoKind.js';
import type { HeapCount } from '../types.js';

/** An own data property's value, read without running a getter or a Proxy trap (undefined otherwise). */
function ownValue(obj: object, key: string, platform: Platform): unknown {
  if (platform.isProxy?.(obj) === true) return undefined;
  const d = Object.getOwnPropertyDescriptor(obj, key);
  return d !== undefined && Object.hasOwn(d, 'value') ? (d.value as unknown) : undefined;
}

/** The prototypes above `obj`, nearest first, bounded and stopping at a Proxy (whose trap would run). */
function* chain(obj: object, platform: Platform): Generator<object> {
  let depth = 0;
  for (let p = obj; ++depth <= MAX_PROTO_CHAIN; ) {
    if (platform.isProxy?.(p) === true) return;
    const next = Object.getPrototypeOf(p) as object | null;
    if (next === null) return;
    yield next;
    p = next;
  }
}

/**
 * Cross-checks an exact snapshot's live counts with the heap's own (issue 11): for each
 * attached class, `platform.countObjects(original)` counts every live object whose chain
 * holds the class's prototype; the tracked ones among `objects` (the snapshot's live tracked
 * instances) and the prototypes of the tracker's own wrappers and tracked subclasses are
 * set against it. Undefined where the platform cannot count (browsers, Node before 20.13).
 */
export function heapCounts(platform: Platform, classes: Iterable<ClassState>, objects: readonly object[]): Record<string, HeapCount> | undefined {
  const count = platform.countObjects;
  if (count === undefined) return undefined;
  const states = [...classes];
  // Each class's prototype, and the prototype objects the tracker made or knows of.
  const protos = new Map<object, number>();
  const known: object[] = [];
  states.forEach((s, i) => {
    const p = ownValue(s.original, 'prototype', platform);
    if (typeof p === 'object' && p !== null) protos.set(p, i);
    for (const f of [s.original, s.wrapper]) {
      const fp = ownValue(f, 'prototype', platform);
      if (typeof fp === 'object' && fp !== null && !known.includes(fp)) known.push(fp);
    }
  });
  const tracked = new Array<number>(states.length).fill(0);
  const prototypes = new Array<number>(states.length).fill(0);
  const tally = (obj: object, into: number[]): void => {
    for (const p of chain(obj, platform)) {
      const i = protos.get(p);
      if (i !== undefined) into[i]!++;
    }
  };
  for (const obj of objects) tally(obj, tracked);
  for (const p of known) tally(p, prototypes);
  const out = nullRecord<HeapCount>();
  states.forEach((s, i) => {
    if (!protos.has(ownValue(s.original, 'prototype', platform) as object)) return;
    const heap = Math.max(0, count.call(platform, s.original) - prototypes[i]!);
    const name = s.options.name;
    const have = out[name] ?? { heap: 0, tracked: 0, untracked: 0 };
    have.heap += heap;
    have.tracked += tracked[i]!;
    have.untracked = Math.max(0, have.heap - have.tracked);
    out[name] = have;
  });
  return out;
}
