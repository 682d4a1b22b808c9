import type { Platform } from '../platform.js';

/** Sweeps take at most about 1/(1 + SWEEP_RATIO) of the time (5%): a GC after a recent sweep waits. */
const SWEEP_RATIO = 19;
/** Records swept between two looks at the clock in a sliced sweep. */
const SWEEP_BLOCK = 1024;
/** Work per slice of a sliced snapshot or sweep, between two yields to the host. */
export const SLICE_MS = 8;

/**
 * How long work yields between slices: to the page (browsers), else to the event loop through
 * a 0 ms timer (Node); undefined when the host offers neither (the work then runs at once).
 */
export function hostYield(p: Platform): (() => Promise<void>) | undefined {
  const later = p.setTimeout;
  return p.yieldToHost?.bind(p) ?? (later === undefined ? undefined : () => new Promise<void>((resolve) => void later.call(p, resolve, 0)));
}

/** What a SweepScheduler sweeps: the tracker's records, through these. */
export interface SweepTarget {
  /** The tracker's clock (ms since it started), to stamp deaths. */
  now(): number;
  /** Records now; slots are 0 to count - 1. */
  count(): number;
  /** Bumped whenever records move: a sliced sweep then starts over. */
  epoch(): number;
  /** Records the deaths among slots [from, to) at `time`; returns how many weak records live on. */
  sweepRange(from: number, to: number, time: number): number;
  /** After a whole sweep: fold what is due (`background`: the sweep a GC started, nobody waits for it). */
  swept(background: boolean): void;
  /** Reports an error caught in a callback (never thrown into user code). */
  report(error: unknown): void;
}

/**
 * Decides when the tracker sweeps its WeakRefs for deaths. Instead of one finalizer per
 * instance (72 bytes and ~0.4 µs each), one canary object is registered with a
 * FinalizationRegistry; each major GC (the only GCs that clear WeakRefs) collects it, and
 * its callback sweeps: at once, or later when the last sweep was recent and costly (at most
 * ~5% of the time), in slices that let the page or the event loop run in between.
 */
export class SweepScheduler {
  /** True while a canary waits for the next GC (read on the registration hot path). */
  armed = false;
  private _canary: FinalizationRegistry<number> | undefined;
  private _due = false;
  private _lastEnd = -Infinity;
  private _lastCost = 0;
  private _cancelTimer: (() => void) | undefined;
  /** Bumped by every full sweep and stop: a sliced sweep that sees it change stops. */
  private _run = 0;
  private readonly _platform: Platform;
  private readonly _target: SweepTarget;

  constructor(platform: Platform, target: SweepTarget) {
    this._platform = platform;
    this._target = target;
  }

  /** True when a GC has happened since the last sweep. */
  get due(): boolean {
    return this._due;
  }

  /** Registers a canary: its collection tells that a major GC ran. */
  arm(): void {
    this.armed = true;
    (this._canary ??= new FinalizationRegistry(() => this._onGc())).register({}, 0);
  }

  /** Cancels a pending or running sweep (the caller sees every death itself). */
  stop(): void {
    this._cancelTimer?.();
    this._cancelTimer = undefined;
    this._due = false;
    this._run++;
  }

  /** Stops and forgets the canary: its callback, if it still comes, finds nothing to do. */
  disarm(): void {
    this.stop();
    this._canary = undefined;
    this.armed = false;
  }

  /** Sweeps every record now, in one go. */
  sweepNow(): void {
    this.stop();
    const p = this._platform;
    const t0 = p.now();
    const weak = this._target.sweepRange(0, this._target.count(), this._target.now());
    this._finish(p.now() - t0, weak, false);
  }

  /** The canary was collected: sweep now, or later when the last sweep was recent and costly. */
  private _onGc(): void {
    this.armed = false;
    try {
      this._due = true;
      const wait = this._lastEnd + SWEEP_RATIO * this._lastCost - this._platform.now();
      const later = this._platform.setTimeout;
      if (wait <= 0 || later === undefined) {
        this._background().catch((e: unknown) => this._target.report(e));
      } else {
        this._cancelTimer ??= later.call(this._platform, () => {
          this._cancelTimer = undefined;
          if (this._due) this._background().catch((e: unknown) => this._target.report(e));
        }, wait);
        this.arm();
      }
    } catch (e) {
      this._target.report(e);
    }
  }

  /**
   * The sweep after a GC, in slices of about SLICE_MS (a million records take ~200 ms in
   * Chrome, more in Node when many die): between slices it yields to the host (browsers) or
   * waits for a timer (Node), so neither the page nor the event loop stalls. Without either,
   * at once. A full sweep (a read, a snapshot) meanwhile supersedes it.
   */
  private async _background(): Promise<void> {
    const p = this._platform;
    const yieldToHost = hostYield(p);
    if (yieldToHost === undefined) {
      this.sweepNow();
      return;
    }
    this._cancelTimer?.();
    this._cancelTimer = undefined;
    const run = ++this._run;
    const target = this._target;
    let epoch = target.epoch();
    let cost = 0;
    let weak = 0;
    let i = 0;
    for (;;) {
      const t0 = p.now();
      const time = target.now();
      do {
        const end = Math.min(target.count(), i + SWEEP_BLOCK);
        weak += target.sweepRange(i, end, time);
        i = end;
      } while (i < target.count() && p.now() - t0 < SLICE_MS);
      cost += p.now() - t0;
      if (i >= target.count()) break;
      await yieldToHost();
      if (run !== this._run) return;
      // Folding moved the records: start over (the dead ones are skipped).
      if (target.epoch() !== epoch) {
        epoch = target.epoch();
        i = 0;
        weak = 0;
      }
    }
    this._due = false;
    this._finish(cost, weak, true);
  }

  /** Ends a sweep that took `cost` ms of work: paces the next one, re-arms the canary, folds. */
  private _finish(cost: number, weak: number, background: boolean): void {
    this._lastEnd = this._platform.now();
    this._lastCost = cost;
    if (weak > 0) this.arm();
    this._target.swept(background);
  }
}
