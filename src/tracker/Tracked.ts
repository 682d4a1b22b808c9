import type { ClassTracker } from './ClassTracker.js';
import { TRACKED_METADATA } from './classState.js';
import { isContext } from '../sizer/NotSized.js';
import { SdkError } from '../SdkError.js';
import type { TrackOptions } from '../types.js';

/** Options of `@Tracked()`: the tracking options plus the tracker to register with. */
export interface TrackedOptions extends TrackOptions {
  /** The tracker instances register with (default: the module's default `tracker`). */
  tracker?: ClassTracker;
}

/** The class decorator `@Tracked()` returns; usable as a standard or a legacy decorator. */
export type TrackedDecorator = <C extends abstract new (...args: never[]) => object>(target: C, context?: ClassDecoratorContext<C>) => C;

/**
 * Builds `Tracked` bound to a default tracker (each package entry passes its own).
 * The decorator tells the two decorator modes apart only by its second argument.
 */
export function createTracked(defaultTracker: () => ClassTracker): (options?: TrackedOptions) => TrackedDecorator {
  return function Tracked(options: TrackedOptions = {}): TrackedDecorator {
    return (target, context) => {
      const ok = isContext(context) ? context.kind === 'class' : context === undefined;
      if (!ok || typeof target !== 'function') {
        throw new SdkError('E_TARGET', `@Tracked() can only decorate a class${isContext(context) ? `, not a ${context.kind} (${String(context.name)})` : ''}`);
      }
      const { tracker = defaultTracker(), ...opts } = options;
      if (opts.name === undefined && isContext(context) && typeof context.name === 'string') opts.name = context.name;
      const meta = isContext(context) ? context.metadata : undefined;
      if (meta !== undefined && meta !== null) meta[TRACKED_METADATA] = { ...opts };
      return tracker.trackClass(target, opts);
    };
  };
}
