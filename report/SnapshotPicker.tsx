import type { DumpSnapshot } from '../src/Dump.js';
import { truncate } from '../src/format.js';

/** A `<select>` of a dump's snapshots by position (labels as option text). */
export function SnapshotPicker({ snapshots, value, onChange, label }: { snapshots: readonly DumpSnapshot[]; value: number; onChange: (index: number) => void; label: string }) {
  return (
    <select aria-label={label} value={String(value)} onChange={(e) => onChange(Number((e.currentTarget as HTMLSelectElement).value))}>
      {snapshots.map((s, i) => (
        <option key={s.id} value={String(i)}>
          {`#${s.id} ${s.label === '' ? '(no label)' : truncate(s.label, 60)}`}
        </option>
      ))}
    </select>
  );
}
