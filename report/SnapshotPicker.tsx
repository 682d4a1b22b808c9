import type { DumpSnapshot } from '../src/dump/Dump.js';
import { truncate } from '../src/stats/format.js';

/** Above this many snapshots the picker is a position field, not a `<select>` of one option each. */
export const PICKER_OPTIONS = 200;

const optionText = (s: DumpSnapshot): string => `#${s.id} ${s.label === '' ? '(no label)' : truncate(s.label, 60)}`;

/**
 * A `<select>` of a dump's snapshots by position (labels as option text); for more than
 * `PICKER_OPTIONS` snapshots, a position field (1-based) with previous / next buttons and the
 * chosen snapshot's label, so that an hour of snapshots is not thousands of options.
 */
export function SnapshotPicker({ snapshots, value, onChange, label }: { snapshots: readonly DumpSnapshot[]; value: number; onChange: (index: number) => void; label: string }) {
  if (snapshots.length <= PICKER_OPTIONS) {
    return (
      <select aria-label={label} value={String(value)} onChange={(e) => onChange(Number((e.currentTarget as HTMLSelectElement).value))}>
        {snapshots.map((s, i) => (
          <option key={s.id} value={String(i)}>
            {optionText(s)}
          </option>
        ))}
      </select>
    );
  }
  const n = snapshots.length;
  const go = (i: number): void => {
    if (Number.isInteger(i)) onChange(Math.max(0, Math.min(n - 1, i)));
  };
  const current = snapshots[value];
  return (
    <span class="picker">
      <button type="button" class="page" aria-label={`${label}: previous`} disabled={value <= 0} onClick={() => go(value - 1)}>
        ‹
      </button>
      <input
        type="number"
        aria-label={label}
        min={1}
        max={n}
        step={1}
        value={String(value + 1)}
        onInput={(e) => {
          // An emptied field (while typing) changes nothing; anything else is clamped.
          const v = (e.currentTarget as HTMLInputElement).value.trim();
          if (v !== '') go(Number(v) - 1);
        }}
      />
      <span class="meta"> of {n} </span>
      <button type="button" class="page" aria-label={`${label}: next`} disabled={value >= n - 1} onClick={() => go(value + 1)}>
        ›
      </button>{' '}
      <span class="picked">{current === undefined ? '' : optionText(current)}</span>
    </span>
  );
}
