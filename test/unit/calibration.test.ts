import { types } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sizeOf } from '../../src/sizer/index.js';
import { corpus } from './helpers/calibrationCorpus.js';
import { calibrationTable } from './helpers/calibrationStats.js';
import { ownedInSnapshot } from './helpers/heapOwnership.js';

/**
 * Calibrates the layout model (taggedSize 8) against a real V8 heap snapshot of Node 20:
 * each shape's model size vs the bytes it owns in the snapshot. Targets: median absolute
 * error <= 5%, >= 80% of shapes within +-20%. Results are printed and kept in docs/sizing.md.
 */

describe('calibration against a V8 heap snapshot (Node 20, taggedSize 8)', () => {
  it('stays within the error targets', async () => {
    if (process.config.variables.v8_enable_pointer_compression) return; // the model below is taggedSize 8
    const shapes = corpus();
    const owned = await ownedInSnapshot(shapes.map(([, v]) => v));
    const rows = shapes.map(([name, v], i) => ({
      name,
      model: sizeOf(v, { taggedSize: 8, isProxy: (o) => types.isProxy(o) }),
      actual: owned[i]!.bytes,
      parts: owned[i]!.parts,
    }));
    const { median, within, table } = calibrationTable(rows);
    process.stdout.write(`\n${table}\n`);
    if (process.env.HEAPCENSUS_CALIBRATION_PARTS) {
      for (const r of rows) process.stdout.write(`${r.name}: ${JSON.stringify([...r.parts])}\n`);
    }
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(median).toBeLessThanOrEqual(5);
    expect(within).toBeGreaterThanOrEqual(0.8);
  });
});
