import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { createTracked } from '../../src/tracker/Tracked.js';
import { saveDump } from '../../platform/node/saveDump.js';
import { loadDump } from '../../src/dump/loadDump.js';
import { collectGarbage, fakePlatform, manualTimers } from './helpers/fakePlatform.js';

/**
 * Faults: throwing constructors, failing dump writes, failing snapshots and a failing platform.
 * The SDK must keep the app running, keep good data intact and report what went wrong.
 */
const mode = process.env.HEAPCENSUS_DECORATORS;

/** Disk faults injected into saveDump's file system calls (the real calls run otherwise). */
const fault = vi.hoisted(() => ({ write: undefined as NodeJS.ErrnoException | undefined, sync: undefined as NodeJS.ErrnoException | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof real.open = async (...args: Parameters<typeof real.open>) => {
    const fh = await real.open(...args);
    const { write, sync } = fault;
    if (write === undefined && sync === undefined) return fh;
    return new Proxy(fh, {
      get(target, key) {
        if (key === 'writeFile' && write !== undefined) {
          // Disk full half way: some bytes reach the temporary file, then ENOSPC.
          return async (data: Uint8Array) => {
            await target.write(data.subarray(0, data.length >> 1));
            throw write;
          };
        }
        if (key === 'sync' && sync !== undefined) return async () => { throw sync; };
        const v = Reflect.get(target, key) as unknown;
        return typeof v === 'function' ? (v as Function).bind(target) : v;
      },
    });
  };
  return { ...real, open, default: { ...real, open } };
});

const errno = (code: string, message: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: ${message}`), { code });

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'heapcensus-faults-'));
});
afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

function setup(overrides: Parameters<typeof fakePlatform>[0] = {}) {
  const platform = fakePlatform(overrides);
  const tracker = new ClassTracker({ platform });
  const Tracked = createTracked(() => tracker);
  return { platform, tracker, Tracked };
}

describe(`faults: constructors (${mode} decorators)`, () => {
  it('a throwing constructor registers nothing, and the next one registers normally', () => {
    const { tracker, Tracked, platform } = setup();
    let fail = true;
    @Tracked()
    class Bomb {
      value = 1;
      constructor() {
        if (fail) throw new RangeError('boom');
      }
    }
    expect(() => new Bomb()).toThrow(RangeError);
    expect(() => new Bomb()).toThrow('boom');
    expect(tracker.index.get('Bomb') ?? []).toHaveLength(0);
    expect(tracker.history.get('Bomb') ?? []).toHaveLength(0);
    fail = false;
    const ok = new Bomb();
    expect(tracker.find(ok)?.name).toBe('Bomb');
    expect(tracker.index.get('Bomb')).toHaveLength(1);
    expect(platform.errors).toEqual([]);
  });

  it('a tracked subclass that throws after super() registers nothing under either class', () => {
    const { tracker, Tracked } = setup();
    @Tracked()
    class Base {
      a = 1;
    }
    @Tracked()
    class Sub extends Base {
      constructor() {
        super();
        throw new Error('sub failed');
      }
    }
    expect(() => new Sub()).toThrow('sub failed');
    expect(tracker.index.get('Base') ?? []).toHaveLength(0);
    expect(tracker.index.get('Sub') ?? []).toHaveLength(0);
    expect(new Base()).toBeInstanceOf(Base);
    expect(tracker.index.get('Base')).toHaveLength(1);
  });

  it('field initializers that throw register nothing', () => {
    const { tracker, Tracked } = setup();
    const explode = (): number => {
      throw new Error('initializer');
    };
    @Tracked()
    class Init {
      x = explode();
    }
    expect(() => new Init()).toThrow('initializer');
    expect(tracker.index.size).toBe(0);
  });

  it('known limit: an UNdecorated subclass throwing after super() leaves a record of its half-built instance, which dies when collected', async () => {
    const { tracker, Tracked } = setup();
    @Tracked()
    class Base {
      a = 1;
    }
    class Plain extends Base {
      constructor() {
        super(); // Base's tracked constructor has returned here: the instance is registered
        throw new Error('plain failed');
      }
    }
    expect(() => new Plain()).toThrow('plain failed');
    await collectGarbage(4);
    const records = tracker.index.get('Base') ?? [];
    expect(records.every((r) => !r.alive())).toBe(true);
    expect(tracker.snapshotSync().classes['Base']?.active ?? 0).toBe(0);
  });

  it('registration errors never reach user code: a platform clock that throws, an onError that throws', () => {
    let broken = false;
    const { tracker, Tracked, platform } = setup({
      now: () => {
        if (broken) throw new Error('clock failed');
        return performance.now();
      },
    });
    @Tracked({ trace: true })
    class Fine {
      v = 1;
    }
    broken = true;
    const f = new Fine();
    expect(f.v).toBe(1);
    expect(f).toBeInstanceOf(Fine);
    expect(platform.errors).toHaveLength(1);
    expect(String(platform.errors[0])).toContain('clock failed');
    expect(tracker.find(f)).toBeUndefined();
    // onError itself throwing is swallowed too.
    platform.onError = () => {
      throw new Error('hook failed');
    };
    expect(() => new Fine()).not.toThrow();
    broken = false;
    expect(tracker.find(new Fine())).toBeDefined();
  });

  it('a hostile Error.prepareStackTrace (throws, returns non-strings) does not break traced registration', () => {
    const { tracker, Tracked, platform } = setup();
    @Tracked({ trace: true })
    class Traced {
      v = 1;
    }
    const old = Error.prepareStackTrace;
    try {
      for (const hook of [() => { throw new Error('prepare'); }, () => 42, () => ({ toString: () => 'x' })]) {
        Error.prepareStackTrace = hook;
        const t = new Traced();
        expect(tracker.find(t)).toBeDefined();
      }
    } finally {
      Error.prepareStackTrace = old;
    }
    expect(platform.errors).toEqual([]);
  });
});

describe.skipIf(mode === 'standard')('faults: snapshots', () => {
  it('periodic snapshots survive a snapshot that fails (clock), a total that throws and a late total that rejects, and report each', async () => {
    let failNow = 0;
    let failTotal = 0;
    const timers = manualTimers();
    const { tracker, platform } = setup({
      setInterval: timers.setInterval,
      now: () => {
        if (failNow > 0) {
          failNow--;
          throw new Error('clock glitch');
        }
        return performance.now();
      },
    });
    const base = platform.memoryTotal;
    platform.memoryTotal = () => {
      if (failTotal > 0) {
        failTotal--;
        throw new Error('total glitch');
      }
      return base();
    };
    let rejectOnce = true;
    platform.preciseTotal = () => {
      if (!rejectOnce) return undefined;
      rejectOnce = false;
      return Promise.reject(new Error('late total failed'));
    };
    const keep = { a: [1, 2, 3] };
    tracker.trackObject(keep);
    // The test fires the periodic timer itself: two ticks per phase.
    const ticks = async (n: number) => {
      for (let i = 0; i < n; i++) await timers.fire();
    };
    tracker.startPeriodicSnapshots(5);
    await ticks(2);
    failTotal = 1;
    await ticks(2);
    failNow = 1;
    await ticks(2);
    tracker.stopPeriodicSnapshots();
    const messages = platform.errors.map((e) => String(e));
    expect(messages.filter((m) => m.includes('total glitch'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('clock glitch'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('late total failed'))).toHaveLength(1);
    expect(platform.errors).toHaveLength(3);
    // Six ticks, one of which failed (the clock): five snapshots.
    const n = tracker.snapshots.length;
    expect(n).toBe(5);
    // The snapshot whose total failed is kept, with its source named.
    expect(tracker.snapshots.some((s) => s.total.source === 'none')).toBe(true);
    for (const s of tracker.snapshots) expect(s.classes['Object']!.active).toBe(1);
    // Ids stay unique and in order; the data still makes a loadable dump.
    expect(new Set(tracker.snapshots.map((s) => s.id)).size).toBe(n);
    expect(loadDump(JSON.stringify(tracker.toDump())).snapshots).toHaveLength(n);
    // An explicit snapshot after all that works.
    await expect(tracker.snapshot('after')).resolves.toMatchObject({ label: 'after' });
    expect(keep.a).toEqual([1, 2, 3]);
  });

  it('a snapshot that fails does not block the queue: the next awaited snapshot resolves', async () => {
    let fail = false;
    const { tracker } = setup({
      now: () => {
        if (fail) {
          fail = false;
          throw new Error('once');
        }
        return performance.now();
      },
    });
    tracker.trackObject({ x: 1 });
    fail = true;
    await expect(tracker.snapshot('bad')).rejects.toThrow('once');
    await expect(tracker.snapshot('good')).resolves.toMatchObject({ label: 'good' });
    expect(tracker.snapshots.map((s) => s.label)).toEqual(['good']);
  });
});

describe.skipIf(mode === 'standard')('faults: writeDump', () => {
  const dump = (label: string) => {
    const t = new ClassTracker({ platform: fakePlatform() });
    t.trackObject({ a: 1 });
    t.snapshotSync(label);
    return t.toDump();
  };
  const noTemps = (d: string): void => expect(readdirSync(d).filter((f) => f.endsWith('.tmp'))).toEqual([]);

  it('a failed write (path is a directory, folder missing, path under a file, name too long) rejects with the reason; the previous dump is intact', async () => {
    const good = join(dir, 'good.json');
    await saveDump(good, dump('previous'));
    const before = readFileSync(good, 'utf8');
    const sub = join(dir, 'adir');
    mkdirSync(join(sub, 'inner'), { recursive: true });
    const cases: Array<[string, RegExp]> = [
      [sub, /EISDIR|ENOTEMPTY|EEXIST|directory/i],
      [join(dir, 'missing', 'x.json'), /ENOENT|no such file/i],
      [join(good, 'below.json'), /ENOTDIR|not a directory/i],
      [join(dir, `${'n'.repeat(300)}.json`), /ENAMETOOLONG|name too long/i],
      [join(dir, `${'n'.repeat(300)}.json.gz`), /ENAMETOOLONG|name too long/i],
    ];
    for (const [path, why] of cases) {
      const err = await saveDump(path, dump('new')).then(() => undefined, (e: unknown) => e);
      expect(err, path).toBeInstanceOf(Error);
      expect((err as Error).message).toContain('writeDump: could not write');
      expect((err as Error).message).toMatch(why);
      expect(((err as Error).cause as NodeJS.ErrnoException).code).toBeDefined();
    }
    expect(readFileSync(good, 'utf8')).toBe(before);
    expect(loadDump(readFileSync(good)).snapshots[0]!.label).toBe('previous');
    noTemps(dir);
    noTemps(sub);
  });

  it('a long but valid file name (250 bytes) is written: the temporary name never exceeds the limit', async () => {
    const long = join(dir, `${'l'.repeat(245)}.json`);
    await expect(saveDump(long, dump('long'))).resolves.toBe(long);
    expect(loadDump(readFileSync(long)).snapshots[0]!.label).toBe('long');
    const uni = join(dir, `${'é'.repeat(100)}.json.gz`); // 200 bytes of UTF-8
    await expect(saveDump(uni, dump('uni'))).resolves.toBe(uni);
    noTemps(dir);
  });

  it('disk full half way through (ENOSPC), or a failing fsync (EIO), over an existing dump: rejects, old dump intact, no temporary file left', async () => {
    for (const name of ['full.json', 'full.json.gz']) {
      const path = join(dir, name);
      await saveDump(path, dump('previous'));
      const before = readFileSync(path);
      for (const f of [{ write: errno('ENOSPC', 'no space left on device') }, { sync: errno('EIO', 'i/o error') }]) {
        Object.assign(fault, { write: undefined, sync: undefined }, f);
        try {
          await expect(saveDump(path, dump('new'))).rejects.toThrow(/writeDump: could not write .*(ENOSPC|EIO)/);
        } finally {
          Object.assign(fault, { write: undefined, sync: undefined });
        }
        expect(readFileSync(path).equals(before)).toBe(true);
        noTemps(dir);
      }
      await saveDump(path, dump('after'));
      expect(loadDump(readFileSync(path), { gunzip: (b) => new Uint8Array(gunzipSync(b)) }).snapshots[0]!.label).toBe('after');
    }
  });

  it('an existing file that is not a dump at the target is replaced atomically only on success', async () => {
    const path = join(dir, 'other.json');
    writeFileSync(path, 'not a dump');
    fault.write = errno('ENOSPC', 'no space left on device');
    await expect(saveDump(path, dump('x'))).rejects.toThrow(/ENOSPC/);
    fault.write = undefined;
    expect(readFileSync(path, 'utf8')).toBe('not a dump');
    await saveDump(path, dump('x'));
    expect(loadDump(readFileSync(path)).snapshots[0]!.label).toBe('x');
  });
});
