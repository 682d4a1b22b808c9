import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = () => void;
let cached: Gc | null | undefined;

/**
 * Node's `gc()` without `--expose-gc`: the global one when Node was started with the flag, else
 * one from a fresh context made while the flag is briefly set (V8 installs `gc` in contexts
 * created under it; it collects the whole isolate). Undefined when neither works.
 */
export function nodeGc(): Gc | undefined {
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === 'function') return global as Gc;
  if (cached === undefined) {
    cached = null;
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
      if (typeof gc === 'function') cached = gc as Gc;
    } catch {
      // A runtime that refuses V8 flags (some embedders): reported as "cannot collect".
    } finally {
      try {
        setFlagsFromString('--no-expose-gc');
      } catch {
        // Nothing to undo.
      }
    }
  }
  return cached ?? undefined;
}

/** Turns of the event loop between full GCs: FinalizationRegistry callbacks run in their own tasks. */
const ROUNDS = 3;

/**
 * Forces full garbage collections and lets finalizers run (a task between rounds, so objects a
 * finalizer released go in the next round); resolves to false when this Node cannot collect.
 */
export async function fullGc(): Promise<boolean> {
  const gc = nodeGc();
  if (gc === undefined) return false;
  for (let i = 0; i < ROUNDS; i++) {
    gc();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return true;
}

/** The notice when `fullGc` cannot: what to do about it. */
export const NODE_GC_UNAVAILABLE = 'this Node refused to enable gc() (v8.setFlagsFromString): start it with --expose-gc';
