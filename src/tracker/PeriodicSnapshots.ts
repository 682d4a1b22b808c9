import type { Platform } from '../platform.js';
import { SdkError } from '../SdkError.js';

/** A tracker's periodic snapshots: one platform timer at a time, which never keeps a Node process alive. */
export class PeriodicSnapshots {
  /** The interval in ms, or undefined when not running. */
  ms: number | undefined;
  private _cancel: (() => void) | undefined;

  /** `take` starts one snapshot (and reports its failure itself). */
  constructor(
    private readonly _platform: Platform,
    private readonly _take: () => void,
  ) {}

  /** Takes a snapshot every `ms` milliseconds from now on (or changes the interval). */
  start(ms: number): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) throw new RangeError(`startPeriodicSnapshots: interval must be a positive number of ms, got ${String(ms)}`);
    const schedule = this._platform.setInterval;
    if (schedule === undefined) throw new SdkError('E_PLATFORM', `periodic snapshots need timers, which the ${this._platform.name} platform does not provide`);
    this._cancel?.();
    this.ms = ms;
    this._cancel = schedule.call(this._platform, this._take, ms);
  }

  /** Stops the timer (no-op when none runs). */
  stop(): void {
    this._cancel?.();
    this._cancel = undefined;
    this.ms = undefined;
  }
}
