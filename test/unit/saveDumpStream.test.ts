import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { saveDump } from '../../platform/node/saveDump.js';
import { JSON_CHUNK } from '../../src/dump/jsonChunks.js';
import { fakePlatform } from './helpers/fakePlatform.js';

const mode = process.env.HEAPCENSUS_DECORATORS;

/** Every `writeFile` of a file handle opened through node:fs/promises: how many bytes each wrote. */
const writes = vi.hoisted(() => ({ sizes: [] as number[] }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof real.open = async (...args: Parameters<typeof real.open>) => {
    const fh = await real.open(...args);
    return new Proxy(fh, {
      get(target, key) {
        if (key === 'writeFile') {
          return async (data: Uint8Array | string) => {
            writes.sizes.push(typeof data === 'string' ? Buffer.byteLength(data) : data.length);
            return target.writeFile(data);
          };
        }
        const v = Reflect.get(target, key) as unknown;
        return typeof v === 'function' ? (v as Function).bind(target) : v;
      },
    });
  };
  return { ...real, open, default: { ...real, open } };
});

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'heapcensus-savedump-'));
});
afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

/** A dump of `n` instances over three snapshots (about 2.7 MB of JSON for 40,000). */
function bigDump(n: number) {
  const t = new ClassTracker({ platform: fakePlatform() });
  const keep: object[] = [];
  for (let i = 0; i < n; i++) keep.push(t.trackObject({ i, s: 'x'.repeat(i % 50) }, { name: i % 2 ? 'Odd' : 'Even' }));
  for (let s = 0; s < 3; s++) t.snapshotSync(`s${s}`);
  return { dump: t.toDump(), keep };
}

describe(`writeDump streams (${mode} decorators)`, () => {
  it('writes exactly JSON.stringify of the dump (.json and .json.gz) without ever serializing it whole, in chunks', async () => {
    const { dump, keep } = bigDump(40_000);
    const text = JSON.stringify(dump);
    expect(text.length).toBeGreaterThan(2 * JSON_CHUNK);
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      for (const name of ['d.json', 'd.json.gz']) {
        writes.sizes = [];
        const path = join(dir, name);
        await expect(saveDump(path, dump)).resolves.toBe(path);
        const bytes = readFileSync(path);
        expect((name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')).toBe(text);
        // Several writes, none of them the whole file.
        expect(writes.sizes.length).toBeGreaterThan(1);
        expect(Math.max(...writes.sizes)).toBeLessThan(bytes.length);
      }
      // The dump itself never went to JSON.stringify: no string of the whole text was made.
      expect(stringify.mock.calls.some((c) => c[0] === dump)).toBe(false);
    } finally {
      stringify.mockRestore();
    }
    expect(keep.length).toBe(40_000);
  });

  it('a dump that cannot be serialized (a cycle) rejects and leaves no file', async () => {
    const { dump } = bigDump(10);
    (dump.marks as unknown[]).push({ name: 'loop', time: 1, detail: dump });
    const path = join(dir, 'cycle.json.gz');
    await expect(saveDump(path, dump)).rejects.toThrow(/writeDump: could not write .*circular/);
    expect(() => readFileSync(path)).toThrow();
  });
});
