/**
 * Built-in functions the sizer calls, captured once on first use so that code which later
 * replaces `Map.prototype.forEach` or a `size` getter cannot run inside a snapshot.
 */
export interface Intrinsics {
  ownKeys: (o: object) => Array<string | symbol>;
  /** `Object.getOwnPropertyNames` and `Object.getOwnPropertySymbols`: together the keys of `ownKeys`, in its order, far faster in V8. */
  ownNames: (o: object) => string[];
  ownSymbols: (o: object) => symbol[];
  getDesc: (o: object, k: PropertyKey) => PropertyDescriptor | undefined;
  getProto: (o: object) => object | null;
  hasOwn: (o: object, k: PropertyKey) => boolean;
  isArray: (v: unknown) => v is unknown[];
  /**
   * `Object.prototype.__lookupGetter__` (uncurried), or undefined where it was removed: on a
   * key the object owns it returns that property's getter (undefined for a data property)
   * without calling it, and allocates no descriptor.
   */
  lookupGetter: ((o: object, k: PropertyKey) => unknown) | undefined;
  /** `Function.prototype.call.bind(f)` of each getter/method: `fn(receiver, ...args)`. */
  mapSize: (m: object) => number;
  mapForEach: (m: object, cb: (v: unknown, k: unknown) => void) => void;
  setSize: (s: object) => number;
  setForEach: (s: object, cb: (v: unknown) => void) => void;
  dateGetTime: (d: object) => number;
  dateToISO: (d: object) => string;
  regexpSource: (r: object) => string;
  regexpIgnoreCase: (r: object) => boolean;
  regexpSticky: (r: object) => boolean;
  abByteLength: (b: object) => number;
  sabByteLength: ((b: object) => number) | undefined;
  taByteLength: (t: object) => number;
  taByteOffset: (t: object) => number;
  taBuffer: (t: object) => object;
  taLength: (t: object) => number;
  dvBuffer: (d: object) => object;
  numberValueOf: (n: object) => number;
  stringValueOf: (s: object) => string;
  booleanValueOf: (b: object) => boolean;
  bigintValueOf: (b: object) => bigint;
  /** BigInt.prototype.toString: linear in the length for radix 16, slower than linear for 10. */
  bigintToString: (b: bigint, radix: number) => string;
  symbolValueOf: (s: object) => symbol;
  fnToString: (f: object) => string;
  /** Well-known prototypes, for classification. */
  protos: {
    object: object; array: object; map: object; set: object; weakMap: object; weakSet: object;
    date: object; regexp: object; error: object; promise: object; arrayBuffer: object;
    sharedArrayBuffer: object | undefined; typedArray: object; dataView: object;
    number: object; string: object; boolean: object; bigint: object; symbol: object;
    weakRef: object | undefined; finalizationRegistry: object | undefined; func: object;
  };
}

let cached: Intrinsics | undefined;

/** The captured built-ins (captured at the first call). */
export function intrinsics(): Intrinsics {
  return (cached ??= capture());
}

function capture(): Intrinsics {
  // uncurry(f)(self, ...args) === f.call(self, ...args), with nothing looked up at call time.
  const uncurry = Function.prototype.bind.bind(Function.prototype.call) as <A extends unknown[], R>(
    f: (...a: A) => R,
  ) => (self: unknown, ...a: A) => R;
  const getter = (proto: object, key: string) => {
    const get = Object.getOwnPropertyDescriptor(proto, key)?.get;
    if (!get) throw new TypeError(`heapcensus: no intrinsic getter ${key}`);
    return uncurry(get as () => unknown);
  };
  const typedArray = Object.getPrototypeOf(Uint8Array.prototype) as object;
  const g = globalThis as { SharedArrayBuffer?: { prototype: object }; WeakRef?: { prototype: object };
    FinalizationRegistry?: { prototype: object } };
  const sab = g.SharedArrayBuffer?.prototype;
  const lg = Object.getOwnPropertyDescriptor(Object.prototype, '__lookupGetter__')?.value as unknown;
  const lookupGetter = typeof lg === 'function' ? (lg as (k: PropertyKey) => unknown) : undefined;
  return {
    ownKeys: Reflect.ownKeys as Intrinsics['ownKeys'],
    ownNames: Object.getOwnPropertyNames,
    ownSymbols: Object.getOwnPropertySymbols,
    getDesc: Reflect.getOwnPropertyDescriptor,
    getProto: Reflect.getPrototypeOf,
    hasOwn: Object.hasOwn,
    isArray: Array.isArray,
    lookupGetter: lookupGetter === undefined ? undefined : (uncurry(lookupGetter) as Intrinsics['lookupGetter']),
    mapSize: getter(Map.prototype, 'size') as Intrinsics['mapSize'],
    mapForEach: uncurry(Map.prototype.forEach) as Intrinsics['mapForEach'],
    setSize: getter(Set.prototype, 'size') as Intrinsics['setSize'],
    setForEach: uncurry(Set.prototype.forEach) as Intrinsics['setForEach'],
    dateGetTime: uncurry(Date.prototype.getTime) as Intrinsics['dateGetTime'],
    dateToISO: uncurry(Date.prototype.toISOString) as Intrinsics['dateToISO'],
    regexpSource: getter(RegExp.prototype, 'source') as Intrinsics['regexpSource'],
    regexpIgnoreCase: getter(RegExp.prototype, 'ignoreCase') as Intrinsics['regexpIgnoreCase'],
    regexpSticky: getter(RegExp.prototype, 'sticky') as Intrinsics['regexpSticky'],
    abByteLength: getter(ArrayBuffer.prototype, 'byteLength') as Intrinsics['abByteLength'],
    sabByteLength: sab ? (getter(sab, 'byteLength') as Intrinsics['abByteLength']) : undefined,
    taByteLength: getter(typedArray, 'byteLength') as Intrinsics['taByteLength'],
    taByteOffset: getter(typedArray, 'byteOffset') as Intrinsics['taByteOffset'],
    taBuffer: getter(typedArray, 'buffer') as Intrinsics['taBuffer'],
    taLength: getter(typedArray, 'length') as Intrinsics['taLength'],
    dvBuffer: getter(DataView.prototype, 'buffer') as Intrinsics['dvBuffer'],
    numberValueOf: uncurry(Number.prototype.valueOf) as Intrinsics['numberValueOf'],
    stringValueOf: uncurry(String.prototype.valueOf) as Intrinsics['stringValueOf'],
    booleanValueOf: uncurry(Boolean.prototype.valueOf) as Intrinsics['booleanValueOf'],
    bigintValueOf: uncurry(BigInt.prototype.valueOf) as Intrinsics['bigintValueOf'],
    bigintToString: uncurry(BigInt.prototype.toString) as Intrinsics['bigintToString'],
    symbolValueOf: uncurry(Symbol.prototype.valueOf) as Intrinsics['symbolValueOf'],
    fnToString: uncurry(Function.prototype.toString) as Intrinsics['fnToString'],
    protos: {
      object: Object.prototype, array: Array.prototype, map: Map.prototype, set: Set.prototype,
      weakMap: WeakMap.prototype, weakSet: WeakSet.prototype, date: Date.prototype,
      regexp: RegExp.prototype, error: Error.prototype, promise: Promise.prototype,
      arrayBuffer: ArrayBuffer.prototype, sharedArrayBuffer: sab, typedArray,
      dataView: DataView.prototype, number: Number.prototype, string: String.prototype,
      boolean: Boolean.prototype, bigint: BigInt.prototype, symbol: Symbol.prototype,
      weakRef: g.WeakRef?.prototype, finalizationRegistry: g.FinalizationRegistry?.prototype,
      func: Function.prototype,
    },
  };
}
