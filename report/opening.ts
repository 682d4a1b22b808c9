import type { DumpStages } from '../src/dump/validateDump.js';
import { loadedDump, type LoadedDump } from './LoadedDump.js';

/** A dump being opened: where it came from and its checks (`validateDumpInStages`). */
export interface Pending {
  source: string;
  stages: DumpStages;
  /** True when the stages' errors name the dump already (embedded dumps): no source prefix. */
  named?: boolean;
  /** Set by `overviews`: the overview and the whole dump share it (`LoadedDump.opening`). */
  opening?: number;
}

let openings = 0;

/** Rows checked per `step` call between looks at the clock. */
const STEP_ROWS = 16_384;
/** Milliseconds of checking per task before the page gets a turn (input, paint). */
const SLICE_MS = 10;

/** The dumps' overviews, to draw while their rows are checked (`complete` false). */
export function overviews(pending: readonly Pending[]): LoadedDump[] {
  return pending.map((p) => loadedDump(p.source, p.stages.overview, false, (p.opening ??= ++openings)));
}

/**
 * Checks the rest of each dump (its rows) in slices of about SLICE_MS, yielding to the page
 * between them, and resolves to the whole dumps; rejects with the first problem (an SdkError
 * naming the dump's place), prefixed with the source unless `named`. Marks `heapcensus:rows-checked`
 * on the page's performance timeline (after `heapcensus:read` and `heapcensus:overview-checked`). `cancelled` stops it quietly (resolves undefined).
 */
export async function finish(pending: readonly Pending[], cancelled: () => boolean = () => false): Promise<LoadedDump[] | undefined> {
  const out: LoadedDump[] = [];
  // The overview first: the checks start once it is painted.
  await afterPaint();
  if (cancelled()) return undefined;
  for (const p of pending) {
    let t0 = performance.now();
    for (;;) {
      let whole;
      try {
        whole = p.stages.step(STEP_ROWS);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        throw new Error(p.named === true ? msg : `${p.source}: ${msg}`);
      }
      if (whole !== undefined) {
        out.push(loadedDump(p.source, whole, true, (p.opening ??= ++openings), p.stages.overview));
        break;
      }
      if (performance.now() - t0 >= SLICE_MS) {
        await yieldToPage();
        if (cancelled()) return undefined;
        t0 = performance.now();
      }
    }
  }
  performance.mark('heapcensus:rows-checked');
  return out;
}

/** Resolves after the next frame is painted (or soon, in a tab that paints no frames: a hidden one). */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      void yieldToPage().then(resolve);
    });
  });
}

/** Resolves in a new task (a message to itself: not clamped like nested timers), after the page's pending input and paint. */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}
