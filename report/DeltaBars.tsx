import { useMemo } from 'preact/hooks';
import { formatBytes, formatChange, truncate } from '../src/stats/format.js';
import type { ClassDiff } from '../src/stats/StatsDiff.js';
import { byCodeUnit, topN } from '../src/stats/topN.js';

/** Classes the diverging bar chart draws: the largest byte changes. */
export const DELTA_BARS = 15;

const signed = (n: number): string => (n > 0 ? `+${formatBytes(n)}` : formatBytes(n));

/**
 * A diverging bar chart of per-class byte deltas: growth to the right (red), shrinkage to the
 * left (green), bars scaled to the largest change, the `DELTA_BARS` largest changes, each class a
 * link to its page. Plain elements: names are text, and it reads without a canvas.
 */
export function DeltaBars({ classes, onClass }: { classes: readonly ClassDiff[]; onClass: (name: string) => void }) {
  const { rows, changed } = useMemo(() => {
    const moved = classes.filter((c) => c.bytesDelta !== 0);
    // Partial selection: a compare of 100,000 classes sorts none of them.
    return { rows: topN(moved, DELTA_BARS, (a, b) => Math.abs(b.bytesDelta) - Math.abs(a.bytesDelta) || byCodeUnit(a.name, b.name)), changed: moved.length };
  }, [classes]);
  if (rows.length === 0) return <p class="empty">No class changed its bytes.</p>;
  let top = 0;
  for (const c of rows) top = Math.max(top, Math.abs(c.bytesDelta));
  const more = changed - rows.length;
  return (
    <div class="deltabars" role="list" aria-label="bytes change per class">
      {rows.map((c) => {
        const w = `${(Math.abs(c.bytesDelta) / top) * 100}%`;
        const up = c.bytesDelta > 0;
        return (
          <div class="dbar" role="listitem" key={c.name} data-delta-class={c.name} data-v={c.bytesDelta}>
            <button type="button" class="link dname mono" title={c.name} onClick={() => onClass(c.name)}>
              {truncate(c.name, 48)}
            </button>
            <span class="dneg">{!up && <span class="fill down-fill" style={{ width: w }} />}</span>
            <span class="dpos">{up && <span class="fill up-fill" style={{ width: w }} />}</span>
            <span class={`dval ${up ? 'up' : 'down'}`}>
              {signed(c.bytesDelta)} <span class="meta">({formatChange(c.before.bytes, c.after.bytes)})</span>
            </span>
          </div>
        );
      })}
      {more > 0 && <p class="meta">{`and ${more} more classes changed (in the table below)`}</p>}
    </div>
  );
}
