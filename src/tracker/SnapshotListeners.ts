import type { Snapshot } from '../types.js';
import type { SnapshotListener } from './TrackerOptions.js';

/** The listeners of `tracker.onSnapshot`: each hears of every snapshot; what one throws goes to `report`. */
export class SnapshotListeners {
  private readonly _listeners = new Set<SnapshotListener>();

  constructor(private readonly _report: (e: unknown) => void) {}

  /** Adds `listener` (a TypeError for anything but a function); returns the function that removes it. */
  add(listener: SnapshotListener): () => void {
    if (typeof listener !== 'function') throw new TypeError(`onSnapshot expects a function, got ${listener === null ? 'null' : typeof listener}`);
    this._listeners.add(listener);
    return () => {
      this._listeners.delete(listener);
    };
  }

  /** Tells every listener of `snap`, taken in `durationMs`. */
  tell(snap: Snapshot, durationMs: number): void {
    for (const listener of this._listeners) {
      try {
        listener(snap, durationMs);
      } catch (e) {
        this._report(e);
      }
    }
  }
}
