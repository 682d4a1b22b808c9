import type { DumpReader, InstanceView } from '../dump/dumpReader.js';
import { fitLeft, formatBytesPadded, formatTime, truncate, truncateLeft } from './format.js';
import { pctCell } from './formatSummary.js';
import type { RefNode } from '../types.js';

/** Referents below this share of the root (percent) are left out, as in Pympler's `_print_refs`. */
const MIN_PCT = 0.1;

/**
 * Pympler's `print_object` for one instance: a line with name, id and preview (dead ones marked),
 * the creation trace (innermost last, `file:line:col in fn`), birth, one line per snapshot that
 * sized it (time, size, label) with its referent tree, and its death time.
 */
export function formatInstance(inst: InstanceView, reader: DumpReader): string {
  const lines: string[] = [];
  const idCell = inst.death === undefined ? `#${inst.id}` : `#${inst.id} (dead)`;
  lines.push(`${truncateLeft(inst.name, 32).padEnd(32)} ${idCell.padEnd(10)} ${truncate(inst.preview ?? '', 35)}`);
  for (const f of inst.trace) {
    lines.push(`    ${truncate(`${f.file}:${f.line}:${f.column} in ${f.fn === '' ? '(anonymous)' : f.fn}`, 200)}`);
  }
  lines.push(`  ${formatTime(inst.birth).padEnd(30)} born`);
  const snaps = reader.dump.snapshots;
  let deathShown = inst.death === undefined;
  const died = (): void => {
    lines.push(`  ${formatTime(inst.death!).padEnd(30)} died`);
    deathShown = true;
  };
  // Only the snapshots that sized it: an instance in 3 of 20,000 snapshots costs 3 lines of work.
  for (const i of reader.sizedIn(inst.row)) {
    const s = reader.sizeIn(i, inst.row);
    if (s === undefined) continue;
    // Events in time order: the death goes before the first snapshot taken after it.
    if (!deathShown && snaps[i]!.time > inst.death!) died();
    const label = snaps[i]!.label === '' ? `snapshot #${snaps[i]!.id}` : snaps[i]!.label;
    lines.push(`  ${formatTime(snaps[i]!.time).padEnd(30)} ${formatBytesPadded(s.size)}  ${truncate(label, 35)}`);
    const refs = reader.refsIn(i, inst.id);
    if (refs !== undefined) formatRefs(refs, s.size, '    ', 1, lines);
  }
  if (!deathShown) died();
  return lines.map((l) => l.trimEnd()).join('\n');
}

/** Appends referent lines, largest first, with each one's share of the root's size and its level. */
export function formatRefs(refs: readonly RefNode[], total: number, prefix: string, level: number, out: string[]): void {
  const sorted = refs.map((r, i) => [r, i] as const).sort((a, b) => b[0].size - a[0].size || a[1] - b[1]);
  for (const [r] of sorted) {
    const pct = total > 0 ? (r.size * 100) / total : 0;
    if (r.size <= 0 || pct <= MIN_PCT) continue;
    const name = r.preview === undefined ? r.name : `${r.name}: ${r.preview}`;
    out.push(`${fitLeft(prefix + name, 50)} ${formatBytesPadded(r.size).padEnd(14)} ${pctCell(pct)} [${level}]`);
    formatRefs(r.refs, total, `${prefix}  `, level + 1, out);
  }
}
