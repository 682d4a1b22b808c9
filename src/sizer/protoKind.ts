import type { Intrinsics } from './intrinsics.js';

/** Object kinds the sizer tells apart (numbers, so the hot path compares small integers). */
export const K = {
  ordinary: 0, map: 1, set: 2, weak: 3, date: 4, regexp: 5, error: 6, promise: 7,
  arrayBuffer: 8, sharedArrayBuffer: 9, typedArray: 10, dataView: 11, number: 12, string: 13,
  boolean: 14, bigint: 15, symbol: 16, weakRef: 17, finalizationRegistry: 18, host: 19,
} as const;

/**
 * Most prototypes any walk up a chain visits. Ordinary chains end far sooner; only a Proxy
 * (whose getPrototypeOf trap can return itself, forever) reaches it. Where proxies cannot be
 * told apart (browsers) that trap is user code, so it runs at most this many times per walk.
 */
export const MAX_PROTO_CHAIN = 64;

/** One of the values of `K`. */
export type Kind = (typeof K)[keyof typeof K];

/**
 * The kind an object with prototype `proto` probably is, from the first well-known prototype
 * on its chain (the caller verifies brands with intrinsic getters). A chain of native
 * constructors unknown to ES (DOM, host wrappers) gives `K.host`. Never runs user code
 * unless `isProxy` is absent and a prototype is an undetectable Proxy (its getPrototypeOf
 * trap may run; errors, and chains longer than MAX_PROTO_CHAIN, give `K.host`).
 */
export function protoKind(proto: object | null, I: Intrinsics, isProxy?: (v: object) => boolean): Kind {
  const P = I.protos;
  let native = false;
  try {
    let depth = 0;
    for (let p = proto; p !== null; p = I.getProto(p)) {
      if (isProxy?.(p) || ++depth > MAX_PROTO_CHAIN) return K.host;
      switch (p) {
        case P.object: return native ? K.host : K.ordinary;
        case P.map: return K.map;
        case P.set: return K.set;
        case P.weakMap: case P.weakSet: return K.weak;
        case P.date: return K.date;
        case P.regexp: return K.regexp;
        case P.error: return K.error;
        case P.promise: return K.promise;
        case P.arrayBuffer: return K.arrayBuffer;
        case P.typedArray: return K.typedArray;
        case P.dataView: return K.dataView;
        case P.number: return K.number;
        case P.string: return K.string;
        case P.boolean: return K.boolean;
        case P.bigint: return K.bigint;
        case P.symbol: return K.symbol;
        case P.func: return native ? K.host : K.ordinary;
        default:
          if (p === P.sharedArrayBuffer) return K.sharedArrayBuffer;
          if (p === P.weakRef) return K.weakRef;
          if (p === P.finalizationRegistry) return K.finalizationRegistry;
      }
      if (!native) native = isNativeConstructor(p, I);
    }
  } catch {
    return K.host;
  }
  return native ? K.host : K.ordinary;
}

/** True when `proto.constructor` is an own data property holding a native (non-JS) function. */
function isNativeConstructor(proto: object, I: Intrinsics): boolean {
  const d = I.getDesc(proto, 'constructor');
  if (d === undefined || !I.hasOwn(d, 'value') || typeof d.value !== 'function') return false;
  const src = I.fnToString(d.value as object);
  return src.endsWith('{ [native code] }') && !src.startsWith('class');
}
