import { defineMetadata } from 'reflect-metadata/no-conflict';
import { MAX_PROTO_CHAIN } from '../sizer/protoKind.js';

/** Resolved tracking options of a class. */
export interface ClassOptions {
  name: string;
  resolution: number;
  keep: boolean;
  trace: boolean;
}

/** A class tracked by one tracker: the subclass that registers, the class it wraps, its options. */
export interface ClassState {
  tracker: object;
  wrapper: Function;
  original: Function;
  options: ClassOptions;
  detached: boolean;
  /**
   * True once its constructor returned an object already tracked (a singleton, a pool): its
   * instances are then indexed by object as they register, so a returned one is not counted twice.
   */
  reused: boolean;
}

/** reflect-metadata key holding a tracked class's options (readable with `Reflect.getMetadata`). */
export const TRACKED_METADATA = 'heapcensus:tracked';

/** Every tracked class, keyed by both the wrapper and the class it wraps; one entry per tracker. */
const states = new WeakMap<Function, ClassState[]>();

/** The state of `ctor` (a tracked class or the class it wraps) for `tracker`, if any. */
export function classState(tracker: object, ctor: Function): ClassState | undefined {
  const list = typeof ctor === 'function' ? states.get(ctor) : undefined;
  if (list === undefined) return undefined;
  for (const s of list) if (s.tracker === tracker) return s;
  return undefined;
}

/**
 * A class's `name` read the way `Ctor.name` finds it, by own descriptors up its constructor
 * chain (bounded), without running a static `name` getter: undefined for a getter or an empty name.
 */
export function staticName(Ctor: Function): string | undefined {
  let depth = 0;
  for (let c: unknown = Ctor; typeof c === 'function' && ++depth <= MAX_PROTO_CHAIN; c = Object.getPrototypeOf(c)) {
    const d = Object.getOwnPropertyDescriptor(c, 'name');
    if (d === undefined) continue;
    return Object.hasOwn(d, 'value') && typeof d.value === 'string' && d.value !== '' ? d.value : undefined;
  }
  return undefined;
}

function remember(key: Function, state: ClassState): void {
  const list = states.get(key);
  if (list === undefined) states.set(key, [state]);
  else list.push(state);
}

/**
 * Makes the tracked subclass of `Ctor`: same name and statics (inherited), `instanceof`
 * both ways, and a constructor that hands the finished instance to `onConstruct`.
 */
export function registerClassState(
  tracker: object,
  Ctor: Function,
  options: ClassOptions,
  onConstruct: (instance: object, newTarget: Function, state: ClassState) => void,
): ClassState {
  const Base = Ctor as new (...args: unknown[]) => object;
  const state: ClassState = { tracker, wrapper: Base, original: Ctor, options, detached: false, reused: false };
  const Tracked = class extends Base {
    constructor(...args: unknown[]) {
      super(...args);
      onConstruct(this, new.target, state);
    }
  };
  // Own data `name` and `length` are copied; getters are not run: without its own, the
  // subclass inherits them from Ctor, as Ctor does from its base.
  for (const key of ['name', 'length'] as const) {
    const d = Object.getOwnPropertyDescriptor(Ctor, key);
    if (d !== undefined && Object.hasOwn(d, 'value')) Object.defineProperty(Tracked, key, { value: d.value as unknown, configurable: true });
    else delete (Tracked as { name?: unknown; length?: unknown })[key];
  }
  state.wrapper = Tracked;
  remember(Tracked, state);
  remember(Ctor, state);
  defineMetadata(TRACKED_METADATA, options, Tracked);
  return state;
}
