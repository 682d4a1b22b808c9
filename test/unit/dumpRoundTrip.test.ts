import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, chmodSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ClassTracker, Stats, Tracked, loadDump, readDump } from '../../platform/node/index.js';
import { collectGarbage } from './helpers/fakePlatform.js';

const mode = process.env.HEAPCENSUS_DECORATORS;

/** A tracker with two classes, traces, trees, a dead instance and three snapshots (AC-24's shape). */
async function populated() {
  const tracker = new ClassTracker();
  @Tracked({ tracker, resolution: 4, trace: true })
  class Foo {
    data = Array.from({ length: 1000 }, (_, i) => i);
    label = 'a foo';
  }
  @Tracked({ tracker })
  class Bar {
    bar = 'bar';
    nested = { deep: [1.5, 'two', { three: 3 }] };
  }
  const keep: object[] = [new Foo(), new Bar(), new Bar()];
  await tracker.snapshot('Footest');
  (() => void new Bar())();
  await collectGarbage();
  tracker.snapshotSync('after a Bar died');
  keep.push(new Foo());
  await tracker.snapshot('late Foo');
  return { tracker, keep };
}

describe(`dump round trip (${mode} decorators)`, () => {
  it('prints the same stats from a loaded dump as live, character for character (AC-24)', async () => {
    const { tracker, keep } = await populated();
    const live = tracker.stats();
    const text = JSON.stringify(tracker.toDump());
    const loaded = Stats.from(loadDump(text));
    expect(loaded.summary()).toBe(live.summary());
    expect(loaded.formatStats()).toBe(live.formatStats());
    expect(loaded.sort('size').formatStats({ limit: 2 })).toBe(live.sort('size').formatStats({ limit: 2 }));
    expect(live.formatStats({ className: 'Foo' })).toContain('dumpRoundTrip.test.ts');
    expect(live.trackedClasses).toEqual(['Bar', 'Foo']);
    expect(keep.length).toBe(4);
  });

  it('keeps ids, names, lifetimes, traces, trees and history through JSON', async () => {
    const { tracker } = await populated();
    const dump = loadDump(JSON.stringify(tracker.toDump()));
    expect(dump).toEqual(JSON.parse(JSON.stringify(tracker.toDump(), (k, v) => (k === 'created' ? dump.created : v))));
    const fooId = tracker.index.get('Foo')![0]!.id;
    expect(dump.snapshots[0]!.refs?.[String(fooId)]?.map((r) => r[0])).toEqual(expect.arrayContaining(['.data', '.label']));
    expect(dump.history.Bar!.map((p) => p[1])).toEqual([1, 2, 3, 2]);
  });

  it('writes .json and .json.gz atomically and reads them back', async () => {
    const { tracker } = await populated();
    const dir = mkdtempSync(join(tmpdir(), 'heapcensus-'));
    const plain = await tracker.writeDump(join(dir, 'run.json'));
    const gz = await tracker.writeDump(join(dir, 'run.json.gz'));
    expect(JSON.parse(readFileSync(plain, 'utf8')).format).toBe('heapcensus-dump');
    expect(JSON.parse(gunzipSync(readFileSync(gz)).toString('utf8')).format).toBe('heapcensus-dump');
    expect(Stats.from(readDump(gz)).summary()).toBe(Stats.from(readDump(plain)).summary());
    expect(readdirSync(dir).sort()).toEqual(['run.json', 'run.json.gz']);
  });

  it('never replaces a good dump with a failed write', async () => {
    const { tracker } = await populated();
    const dir = mkdtempSync(join(tmpdir(), 'heapcensus-'));
    const target = join(dir, 'good.json');
    writeFileSync(target, 'previous good dump');
    // The target is a directory: the write fails and reports why.
    mkdirSync(join(dir, 'adir'));
    await expect(tracker.writeDump(join(dir, 'adir'))).rejects.toThrow(/writeDump: could not write/);
    // The folder is read-only: the temporary file cannot even be created.
    if (process.getuid?.() !== 0) {
      chmodSync(dir, 0o500);
      await expect(tracker.writeDump(target)).rejects.toThrow(/could not write/);
      chmodSync(dir, 0o700);
    }
    // A missing folder.
    await expect(tracker.writeDump(join(dir, 'missing', 'x.json'))).rejects.toThrow(/could not write/);
    expect(readFileSync(target, 'utf8')).toBe('previous good dump');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
