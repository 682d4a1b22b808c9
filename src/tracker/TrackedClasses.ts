import { SdkError } from '../SdkError.js';
import { MAX_PROTO_CHAIN } from '../sizer/protoKind.js';
import type { TrackOptions } from '../types.js';
import { classState, registerClassState, staticName, type ClassState } from './classState.js';
import { nameOption, resolutionOf } from './TrackerOptions.js';

/** The hook a tracked class's constructor calls once it returned (see `registerClassState`). */
export type ConstructHook = (instance: object, newTarget: Function, state: ClassState) => void;

/**
 * The classes one tracker tracks: their state (options, wrapper, attached or not), and for a
 * `new.target` the nearest attached tracked class, which alone registers the instance.
 */
export class TrackedClasses {
  /** The attached classes. */
  private readonly _attached = new Set<ClassState>();
  /** new.target -> nearest attached tracked class; reset whenever a class is tracked or detached. */
  private _owners = new WeakMap<Function, ClassState | null>();

  /** `tracker` keys the class states (a class may be tracked by several trackers); `hook` runs on construction. */
  constructor(
    private readonly _tracker: object,
    private readonly _hook: ConstructHook,
  ) {}

  /** Tracks `Ctor` (or updates its options); returns the wrapper class. `named` gets the name when given explicitly. */
  track<C extends abstract new (...args: never[]) => object>(Ctor: C, options: TrackOptions, named: Set<string>): C {
    if (typeof Ctor !== 'function' || typeof (Ctor as { prototype?: unknown }).prototype !== 'object') {
      throw new TypeError(`trackClass expects a class, got ${Ctor === null ? 'null' : typeof Ctor}`);
    }
    nameOption(options.name, 'trackClass');
    const existing = classState(this._tracker, Ctor);
    const ownName = staticName(Ctor);
    const resolved = {
      name: options.name ?? existing?.options.name ?? ownName ?? 'Anonymous',
      resolution: resolutionOf(options.resolution, 'trackClass'),
      keep: options.keep === true,
      trace: options.trace === true,
    };
    if (typeof resolved.name !== 'string' || resolved.name === '') resolved.name = 'Anonymous';
    if (typeof options.name === 'string' && options.name !== ownName) named.add(resolved.name);
    this._owners = new WeakMap();
    if (existing !== undefined) {
      existing.options = resolved;
      existing.detached = false;
      this._attached.add(existing);
      return existing.wrapper as C;
    }
    const state = registerClassState(this._tracker, Ctor, resolved, this._hook);
    this._attached.add(state);
    return state.wrapper as C;
  }

  /** Detaches one class (the tracked class or the class it wraps); an SdkError when it is not attached. */
  detach(Ctor: abstract new (...args: never[]) => object): void {
    const state = classState(this._tracker, Ctor);
    if (state === undefined || state.detached) {
      const name = typeof Ctor === 'function' ? staticName(Ctor) ?? 'anonymous class' : String(Ctor);
      throw new SdkError('E_NOT_TRACKED', `detachClass: ${name} is not tracked by this tracker`);
    }
    state.detached = true;
    this._attached.delete(state);
    this._owners = new WeakMap();
  }

  /** Detaches every class. */
  detachAll(): void {
    for (const state of this._attached) state.detached = true;
    this._attached.clear();
    this._owners = new WeakMap();
  }

  /** Names of the attached classes. */
  /** The attached classes' states, in attach order. */
  states(): IterableIterator<ClassState> {
    return this._attached.values();
  }

  names(): string[] {
    return [...this._attached].map((c) => c.options.name);
  }

  /** Marks the attached classes of these names as returning objects tracked already. */
  markReused(names: ReadonlySet<string>): void {
    for (const state of this._attached) if (names.has(state.options.name)) state.reused = true;
  }

  /** The nearest attached tracked class of this tracker on `ctor`'s prototype chain. */
  ownerOf(ctor: Function): ClassState | undefined {
    let owner = this._owners.get(ctor);
    if (owner === undefined) {
      owner = null;
      // Bounded: a Proxy new.target whose getPrototypeOf trap returns itself would loop forever.
      let depth = 0;
      for (let c: unknown = ctor; typeof c === 'function' && ++depth <= MAX_PROTO_CHAIN; c = Object.getPrototypeOf(c)) {
        const s = classState(this._tracker, c as Function);
        if (s !== undefined && !s.detached && s.wrapper === c) {
          owner = s;
          break;
        }
      }
      this._owners.set(ctor, owner);
    }
    return owner ?? undefined;
  }
}
