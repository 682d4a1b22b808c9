/**
 * How long Chromium's renderer main threads ran and how long they waited for a CPU (Linux
 * /proc schedstat), read before and after a measured stretch: on a loaded machine a slice is
 * long on the clock while its thread waits, and these two figures tell how much of the wall
 * time that was. Not a figure with a target; context for the longest-task figures.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Run and run-queue wait time (ns) of each renderer process's main thread (its tid is its pid). */
export type Sched = Map<number, { run: number; wait: number }>;

/** The renderer main threads' schedstat now (empty where /proc has none). */
export function rendererSched(): Sched {
  const out: Sched = new Map();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map(Number);
      out.set(Number(pid), { run: run!, wait: wait! });
    } catch {
      // the process ended, or no schedstat
    }
  }
  return out;
}

/** Between two readings, the renderer main thread that ran the most: ms it ran and ms it waited for a CPU. */
export function schedDelta(before: Sched, after: Sched): { ran: number; waited: number } {
  let best = { ran: 0, waited: 0 };
  for (const [pid, b] of after) {
    const a = before.get(pid);
    if (a === undefined) continue;
    const ran = (b.run - a.run) / 1e6;
    if (ran > best.ran) best = { ran, waited: (b.wait - a.wait) / 1e6 };
  }
  return best;
}
