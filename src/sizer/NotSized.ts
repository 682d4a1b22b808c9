import { defineMetadata, getOwnMetadata } from 'reflect-metadata/no-conflict';
import { SdkError } from '../SdkError.js';
import { MAX_PROTO_CHAIN } from './protoKind.js';

/** reflect-metadata key under which a prototype lists its `@NotSized()` fields. */
const NOT_SIZED = 'heapcensus:notSized';

/** Merged `@NotSized()` keys per prototype, rebuilt when a new field is marked. */
let cache = new WeakMap<object, ReadonlySet<PropertyKey> | null>();

/** A TC39 decorator context, told apart from a legacy decorator's arguments by its `kind`. */
export interface AnyDecoratorContext {
  kind: string;
  name?: string | symbol;
  metadata?: Record<PropertyKey, unknown>;
  addInitializer?(fn: (this: unknown) => void): void;
}

/** True when `c` is a standard (TC39) decorator context rather than a legacy property key or descriptor. */
export const isContext = (c: unknown): c is AnyDecoratorContext =>
  typeof c === 'object' && c !== null && typeof (c as AnyDecoratorContext).kind === 'string';

function markNotSized(proto: object, key: PropertyKey): void {
  const own = getOwnMetadata(NOT_SIZED, proto) as PropertyKey[] | undefined;
  if (own?.includes(key)) return;
  defineMetadata(NOT_SIZED, own ? [...own, key] : [key], proto);
  cache = new WeakMap();
}

/**
 * Field decorator: what the field references is not counted in its owner's size
 * (e.g. a back-reference to a shared cache). Works as a standard and a legacy decorator.
 * @example class Doc { @NotSized() cache = sharedCache }
 */
export function NotSized() {
  return function notSized(target: unknown, ctx?: unknown): void {
    if (isContext(ctx)) {
      if (ctx.kind !== 'field' && ctx.kind !== 'accessor') {
        throw new SdkError('E_TARGET', `@NotSized() decorates fields, not a ${ctx.kind} (${String(ctx.name)})`);
      }
      const key = ctx.name as PropertyKey;
      // Without Symbol.metadata (Node 20) the context offers no per-class store, so the
      // first instance records the key on its prototype; later instances find it there.
      ctx.addInitializer?.(function (this: unknown) {
        const proto = typeof this === 'object' && this !== null ? Object.getPrototypeOf(this) : null;
        if (proto !== null && notSizedKeys(this as object)?.has(key) !== true) markNotSized(proto, key);
      });
      return;
    }
    if ((typeof target === 'object' || typeof target === 'function') && target !== null &&
        (typeof ctx === 'string' || typeof ctx === 'symbol')) {
      markNotSized(target, ctx);
      return;
    }
    throw new SdkError('E_TARGET', '@NotSized() can only decorate a class field');
  };
}

/**
 * The `@NotSized()` keys that apply to `obj` (its prototype chain merged), or undefined.
 * Uses only Object.getPrototypeOf: the caller makes sure `obj` is not a Proxy.
 */
export function notSizedKeys(obj: object): ReadonlySet<PropertyKey> | undefined {
  const proto = Object.getPrototypeOf(obj) as object | null;
  if (proto === null) return undefined;
  let hit = cache.get(proto);
  if (hit === undefined) {
    let merged: Set<PropertyKey> | null = null;
    let depth = 0;
    for (let p: object | null = proto; p !== null && ++depth <= MAX_PROTO_CHAIN; p = Object.getPrototypeOf(p) as object | null) {
      const own = getOwnMetadata(NOT_SIZED, p) as PropertyKey[] | undefined;
      if (own) for (const k of own) (merged ??= new Set()).add(k);
    }
    hit = merged;
    cache.set(proto, hit);
  }
  return hit ?? undefined;
}
