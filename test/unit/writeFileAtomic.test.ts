import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NEW_FILE_MODE, writeFileAtomic } from '../../platform/node/writeFileAtomic.js';

/**
 * Writing dumps and reports to what is not a plain new file: devices, FIFOs, symbolic links,
 * files with a narrow mode, folders holding temporary files of a killed write, failing paths.
 */
const mode = process.env.HEAPCENSUS_DECORATORS;
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'heapcensus-wfa-'));
});
afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

const temps = (d: string): string[] => readdirSync(d).filter((f) => f.endsWith('.tmp'));
/** A pid no process can have (above the largest pid_max, 2^22). */
const DEAD_PID = 2 ** 22 + 1;

/** Writes `data` into a FIFO made in the temp folder while `cat` reads it; returns what was read. */
async function throughFifo(name: string, data: string): Promise<{ read: string; isFifo: boolean }> {
  const fifo = join(dir, name);
  execFileSync('mkfifo', [fifo]);
  const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
  let read = '';
  reader.stdout.on('data', (d: Buffer) => (read += d.toString('utf8')));
  const closed = new Promise<void>((r) => reader.on('close', () => r()));
  let failed: unknown;
  await writeFileAtomic(fifo, data, 'writeDump').catch((e: unknown) => (failed = e));
  const isFifo = lstatSync(fifo).isFIFO();
  // A write that never opened the FIFO leaves cat waiting for a writer: end it.
  if (reader.exitCode === null && (failed !== undefined || !isFifo)) reader.kill();
  await closed;
  if (failed !== undefined) throw failed;
  return { read, isFifo };
}

// Files are the platform's business: one decorator mode is enough.
describe.skipIf(mode === 'standard')('writeFileAtomic: what the path names', () => {
  test('a FIFO is written through (a reader gets the data) and stays a FIFO; no temporary file', async () => {
    const { read, isFifo } = await throughFifo('pipe', 'dump bytes\n'.repeat(20_000));
    expect(isFifo).toBe(true);
    expect(read).toBe('dump bytes\n'.repeat(20_000));
    expect(temps(dir)).toEqual([]);
  });

  test('character devices are written through: /dev/null stays a device, /dev/full reports ENOSPC naming /dev/full', async () => {
    // Guard: the write-through path is proven on a FIFO first, so a regression cannot replace the real /dev/null.
    expect((await throughFifo('guard', 'x')).isFifo).toBe(true);
    const before = statSync('/dev/null');
    expect(before.isCharacterDevice()).toBe(true);
    await expect(writeFileAtomic('/dev/null', 'nothing', 'writeReport')).resolves.toBe('/dev/null');
    const after = lstatSync('/dev/null');
    expect(after.isCharacterDevice()).toBe(true);
    expect(after.rdev).toBe(before.rdev);
    expect(after.ino).toBe(before.ino);
    if (existsSync('/dev/full')) {
      const err = (await writeFileAtomic('/dev/full', 'x', 'writeDump').catch((e: unknown) => e)) as Error;
      expect(err.message).toBe('writeDump: could not write /dev/full: ENOSPC: no space left on device');
      expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true);
    }
    expect(readdirSync('/dev').filter((f) => f.includes('heapcensus'))).toEqual([]);
  });

  test('/proc/self/fd/1 (where /dev/stdout links to), a pipe, in a child process: the data goes down the pipe', () => {
    const dist = join(process.cwd(), 'dist', 'node.js');
    expect(existsSync(dist), 'dist/node.js is missing: run `npm run build`').toBe(true);
    const script = `
      import { tracker } from ${JSON.stringify(dist)};
      tracker.trackObject({ a: 1 });
      tracker.snapshotSync('piped');
      await tracker.writeDump('/proc/self/fd/1');`;
    // Through `| cat`, so that the child's stdout is a pipe (Node would give it a socket).
    const r = spawnSync('sh', ['-c', '"$0" --input-type=module -e "$1" | cat', process.execPath, script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { snapshots: Array<{ label: string }> }).snapshots[0]!.label).toBe('piped');
  });

  test('a symbolic link is followed: its target is replaced atomically, the link stays (relative, chained, dangling)', async () => {
    const sub = join(dir, 'links');
    mkdirSync(sub);
    writeFileSync(join(sub, 'real.json'), 'old');
    symlinkSync('real.json', join(sub, 'link.json'));
    symlinkSync(join(sub, 'link.json'), join(sub, 'link2.json'));
    await writeFileAtomic(join(sub, 'link2.json'), 'new', 'writeDump');
    expect(lstatSync(join(sub, 'link.json')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(sub, 'link2.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(sub, 'real.json'), 'utf8')).toBe('new');
    // A link to a file not there yet: the file is created where the link points.
    symlinkSync('later.json', join(sub, 'dangling.json'));
    await writeFileAtomic(join(sub, 'dangling.json'), 'created', 'writeDump');
    expect(lstatSync(join(sub, 'dangling.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(sub, 'later.json'), 'utf8')).toBe('created');
    // A loop of links is an error naming the path.
    symlinkSync('loop-b', join(sub, 'loop-a'));
    symlinkSync('loop-a', join(sub, 'loop-b'));
    await expect(writeFileAtomic(join(sub, 'loop-a'), 'x', 'writeDump')).rejects.toThrow(`writeDump: could not write ${join(sub, 'loop-a')}: ELOOP`);
    expect(temps(sub)).toEqual([]);
  });

  test('modes: a new file is created 0600; an existing file keeps its mode (0600, 0640, 0644)', async () => {
    const fresh = join(dir, 'fresh.json');
    await writeFileAtomic(fresh, 'a', 'writeDump');
    expect(statSync(fresh).mode & 0o777).toBe(NEW_FILE_MODE & ~process.umask());
    expect(NEW_FILE_MODE).toBe(0o600);
    for (const m of [0o600, 0o640, 0o644, 0o400]) {
      const p = join(dir, `kept-${m.toString(8)}.json`);
      writeFileSync(p, 'old');
      chmodSync(p, m);
      await writeFileAtomic(p, 'new', 'writeDump');
      expect(statSync(p).mode & 0o777, m.toString(8)).toBe(m);
      expect(readFileSync(p, 'utf8')).toBe('new');
    }
  });

  test('a killed write\'s temporary file (its process gone) is removed by the next write of that file; a live process\'s is kept', async () => {
    const sub = join(dir, 'orphans');
    mkdirSync(sub);
    const orphan = join(sub, `.d.json.heapcensus-${DEAD_PID}.tmp`);
    const own = join(sub, `.d.json.heapcensus-${process.pid}.tmp`); // this process, an earlier write that died half way
    const live = join(sub, '.d.json.heapcensus-1.tmp'); // pid 1 is alive: maybe a write in progress
    const other = join(sub, `.e.json.heapcensus-${DEAD_PID}.tmp`); // another target's: left to its own writes
    for (const p of [orphan, own, live, other]) writeFileSync(p, Buffer.alloc(1 << 20, 1));
    await writeFileAtomic(join(sub, 'd.json'), 'good', 'writeDump');
    expect(readFileSync(join(sub, 'd.json'), 'utf8')).toBe('good');
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(own)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
    await writeFileAtomic(join(sub, 'e.json'), 'good', 'writeDump');
    expect(temps(sub).sort()).toEqual(['.d.json.heapcensus-1.tmp']);
  });

  test('a link planted under the temporary name is removed, never written through', async () => {
    const sub = join(dir, 'planted');
    mkdirSync(sub);
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(sub, `.t.json.heapcensus-${process.pid}.tmp`));
    await writeFileAtomic(join(sub, 't.json'), 'dump', 'writeDump');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(join(sub, 't.json'), 'utf8')).toBe('dump');
    expect(readdirSync(sub)).toEqual(['t.json']);
  });

  test('concurrent writes of one file in one process: each completes, the last call wins, no temporary file left', async () => {
    const p = join(dir, 'busy.json');
    // Sizes vary so that the writes' own steps take different times; the order must not depend on them.
    for (let round = 0; round < 12; round++) {
      const bodies = Array.from({ length: 8 }, (_, i) => `r${round}v${i}`.repeat(((i * 7 + round) % 8) * 20_000 + 1));
      const order: number[] = [];
      await Promise.all(bodies.map((body, i) => writeFileAtomic(p, body, 'writeDump').then(() => order.push(i))));
      expect(readFileSync(p, 'utf8')).toBe(bodies[7]);
      expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    }
    // A failed write does not stop the ones queued after it.
    const results = await Promise.allSettled([writeFileAtomic(p, 'a', 'writeDump'), writeFileAtomic(join(dir, 'busy.json', 'x'), 'b', 'writeDump'), writeFileAtomic(p, 'c', 'writeDump')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(readFileSync(p, 'utf8')).toBe('c');
    expect(temps(dir)).toEqual([]);
  });

  test('failures name the path given, never the temporary file (missing folder, path under a file, read-only folder)', async () => {
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'x');
    const cases: Array<[string, RegExp]> = [
      [join(dir, 'missing', 'x.json'), /ENOENT/],
      [join(file, 'below.json'), /ENOTDIR/],
      [join(dir, 'links'), /EISDIR/],
    ];
    if (process.getuid?.() !== 0) {
      const ro = join(dir, 'readonly');
      mkdirSync(ro, { mode: 0o500 });
      cases.push([join(ro, 'x.json'), /EACCES/]);
    }
    // /proc refuses new files even for root.
    cases.push(['/proc/heapcensus-test.json', /ENOENT|EACCES|EPERM|EROFS/]);
    for (const [path, why] of cases) {
      const err = (await writeFileAtomic(path, 'x', 'writeDump').catch((e: unknown) => e)) as Error;
      expect(err, path).toBeInstanceOf(Error);
      expect(err.message.startsWith(`writeDump: could not write ${path}: `), err.message).toBe(true);
      expect(err.message).toMatch(why);
      expect(err.message).not.toMatch(/heapcensus-\d+|\.tmp/);
      expect(String((err.cause as Error).message)).not.toMatch(/heapcensus-\d+|\.tmp/);
    }
  });
});
