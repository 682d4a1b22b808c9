import { defineMetadata } from 'reflect-metadata/no-conflict';

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
  const state: ClassState = { tracker, wrapper: Base, original: Ctor, options, detached: false };
  const Tracked = class extends Base {
    constructor(...args: unknown[]) {
      super(...args);
      onConstruct(this, new.target, state);
    }
  };
  Object.defineProperty(Tracked, 'name', { value: Ctor.name, configurable: true });
  Object.defineProperty(Tracked, 'length', { value: Ctor.length, configurable: true });
  state.wrapper = Tracked;
  remember(Tracked, state);
  remember(Ctor, state);
  defineMetadata(TRACKED_METADATA, options, Tracked);
  return state;
}
