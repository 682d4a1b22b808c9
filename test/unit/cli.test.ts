import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { runCli } from './helpers/runCli.js';
import { makeDump, tutorialDump } from './helpers/makeDump.js';
import { embeddedDumps, embeddedNames } from './helpers/embedded.js';

let dir = '';
const file = (name: string): string => join(dir, name);

const cli = runCli;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'heapcensus-cli-'));
  const before = tutorialDump();
  const after = tutorialDump();
  after.snapshots.at(-1)!.classes['SCons.Node.FS.File'] = { active: 2302, bytes: 8.82 * 1024 * 1024, average: 3.92 * 1024, pct: 27 };
  writeFileSync(file('before.json'), JSON.stringify(before));
  writeFileSync(file('after.json.gz'), gzipSync(JSON.stringify(after)));
  const objs = makeDump({
    instances: [{ name: 'Foo', preview: '<Foo>' }, { name: 'Bar', preview: '<Bar>' }, { name: 'Foo', preview: '<Foo2>' }],
    snapshots: [{ label: 's', sizes: { 1: 10, 2: 500, 3: 20 } }],
  });
  writeFileSync(file('objs.json'), JSON.stringify(objs));
  const text = JSON.stringify(before);
  writeFileSync(file('truncated.json'), text.slice(0, text.length / 2));
  writeFileSync(file('newer.json'), JSON.stringify({ ...before, version: 99 }));
  writeFileSync(file('foreign.json'), JSON.stringify({ name: 'not-a-dump' }));
  writeFileSync(file('corrupt.json'), JSON.stringify({ ...before, names: 'x' }));
});

describe('heapcensus CLI', () => {
  test('summary prints the table', async () => {
    const r = await cli('summary', file('before.json'));
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('---- SUMMARY');
    expect(r.out).toContain('after building targets:                  active     34.77 MB      average   pct');
  });

  test('summary reads .json.gz', async () => {
    const r = await cli('summary', file('after.json.gz'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('  SCons.Node.FS.File                       2302      8.82 MB      3.92 KB   27%');
  });

  test('stats with --class, --sort and --limit', async () => {
    const all = await cli('stats', file('objs.json'));
    expect(all.code).toBe(0);
    expect(all.out.match(/^\S+/gm)).toEqual(['Foo', 'Bar', 'Foo']);
    const sorted = await cli('stats', file('objs.json'), '--sort', 'size', '--limit', '1');
    expect(sorted.out.match(/^[A-Z]\S*/gm)).toEqual(['Bar']);
    expect(sorted.out).toContain('(2 more not shown)');
    const foo = await cli('stats', file('objs.json'), '--class', 'Foo', '--sort', 'classname,size');
    expect(foo.out).toContain('<Foo2>');
    expect(foo.out).not.toContain('<Bar>');
    expect(foo.out.indexOf('<Foo2>')).toBeLessThan(foo.out.indexOf('<Foo>'));
  });

  test('diff compares two dumps', async () => {
    const r = await cli('diff', file('before.json'), file('after.json.gz'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/SCons\.Node\.FS\.File +2302 -> 2302 \(0\) +10\.45 MB -> +8\.82 MB/);
    const l = await cli('diff', file('before.json'), file('after.json.gz'), '--label', 'before building targets:');
    expect(l.code).toBe(0);
    const missing = await cli('diff', file('before.json'), file('after.json.gz'), '--label', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no snapshot labelled "nope"/);
  });

  test('bad input: one line naming the file and the problem, exit 1', async () => {
    const cases: Array<[string, RegExp]> = [
      ['missing.json', /missing\.json: cannot read: no such file/],
      ['truncated.json', /truncated\.json: truncated heapcensus dump/],
      ['newer.json', /newer\.json: heapcensus dump version 99 is newer .*version 1/],
      ['foreign.json', /foreign\.json: not a heapcensus dump/],
      ['corrupt.json', /corrupt\.json: corrupt heapcensus dump: names: expected an array/],
    ];
    for (const [name, msg] of cases) {
      const r = await cli('summary', file(name));
      expect(r.code, name).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toMatch(msg);
      expect(r.err.trimEnd().split('\n'), name).toHaveLength(1);
    }
    const d = await cli('summary', dir);
    expect(d.code).toBe(1);
    expect(d.err).toMatch(/is a directory/);
  });

  test('usage errors exit 2', async () => {
    expect((await cli()).code).toBe(2);
    expect((await cli('frobnicate', 'x')).code).toBe(2);
    expect((await cli('summary')).code).toBe(2);
    expect((await cli('diff', file('before.json'))).code).toBe(2);
    expect((await cli('stats', file('objs.json'), '--sort', 'weight')).err).toMatch(/unknown sort key "weight"/);
    expect((await cli('stats', file('objs.json'), '--sort', 'weight')).code).toBe(2);
    expect((await cli('stats', file('objs.json'), '--limit', 'lots')).code).toBe(2);
    expect((await cli('stats', file('objs.json'), '--limit', '0')).code).toBe(2);
    expect((await cli('summary', file('before.json'), '--bogus')).code).toBe(2);
    expect((await cli('summary', file('before.json'), '--label', 'x')).code).toBe(2);
  });

  test('report writes the page with one dump (overview) or two (compare) embedded', async () => {
    const one = await cli('report', file('before.json'), '-o', file('one.html'));
    expect(one.code).toBe(0);
    expect(one.err).toBe('');
    expect(one.out).toContain(`report written: ${file('one.html')}`);
    const html1 = readFileSync(file('one.html'), 'utf8');
    expect(embeddedDumps(html1)).toHaveLength(1);
    const two = await cli('report', file('before.json'), file('after.json.gz'), '--output', file('two.html'));
    expect(two.code).toBe(0);
    const dumps = embeddedDumps(readFileSync(file('two.html'), 'utf8')) as Array<{ snapshots: Array<{ classes: Record<string, { active: number }> }> }>;
    expect(dumps).toHaveLength(2);
    expect(embeddedNames(readFileSync(file('two.html'), 'utf8'))).toEqual(['before.json', 'after.json.gz']);
    expect(dumps[1]!.snapshots.at(-1)!.classes['SCons.Node.FS.File']!.active).toBe(2302);
  });

  test('report without -o writes heapcensus-report.html in the current folder', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await cli('report', file('before.json'));
      expect(r.code).toBe(0);
      expect(existsSync(join(dir, 'heapcensus-report.html'))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  test('report: bad input exits 1 naming the file, usage errors exit 2', async () => {
    const bad = await cli('report', file('truncated.json'), '-o', file('bad.html'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/truncated\.json: truncated heapcensus dump/);
    expect(existsSync(file('bad.html'))).toBe(false);
    expect((await cli('report')).code).toBe(2);
    expect((await cli('report', file('before.json'), file('before.json'), file('before.json'))).code).toBe(2);
    expect((await cli('report', file('before.json'), '--class', 'X')).code).toBe(2);
    expect((await cli('summary', file('before.json'), '-o', file('x.html'))).code).toBe(2);
  });

  test('report -o naming an input dump (itself, by another path, through a link) is refused: exit 2 naming it, the dump intact', async () => {
    const { symlinkSync, statSync } = await import('node:fs');
    symlinkSync(file('after.json.gz'), file('after-link.html'));
    const keep = readFileSync(file('after.json.gz'));
    for (const [inputs, output] of [
      [[file('after.json.gz')], file('after.json.gz')],
      [[file('before.json'), file('after.json.gz')], join(dir, '.', 'sub', '..', 'after.json.gz').replace('/sub/..', '')],
      [[file('after.json.gz')], file('after-link.html')],
    ] as Array<[string[], string]>) {
      const r = await cli('report', ...inputs, '-o', output);
      expect(r.code, output).toBe(2);
      expect(r.err).toContain(`the output file ${output} is the input dump ${file('after.json.gz')}`);
      expect(r.out).toBe('');
    }
    expect(readFileSync(file('after.json.gz')).equals(keep)).toBe(true);
    expect(statSync(file('after.json.gz')).isFile()).toBe(true);
  });

  test('--help, -h and --version', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await cli(flag);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Usage: heapcensus/);
    }
    const v = await cli('--version');
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/^heapcensus \d+\.\d+\.\d+/);
  });

  test('--json: summary, stats and diff print one JSON document with stable keys on stdout', async () => {
    const sum = await cli('summary', file('before.json'), '--json');
    expect(sum.code).toBe(0);
    expect(sum.err).toBe('');
    const s = JSON.parse(sum.out);
    expect(Object.keys(s)).toEqual(['format', 'version', 'snapshots']);
    expect(s.format).toBe('heapcensus-summary');
    expect(Object.keys(s.snapshots[0])).toEqual(['id', 'label', 'time', 'sizing', 'trackedTotal', 'total', 'classes']);
    expect(s.snapshots.at(-1).classes['SCons.Node.FS.File']).toEqual({ active: 2302, bytes: expect.any(Number), average: expect.any(Number), pct: expect.any(Number) });

    const st = JSON.parse((await cli('stats', file('objs.json'), '--json', '--sort', 'size', '--limit', '2', '--class', 'Foo')).out);
    expect(Object.keys(st)).toEqual(['format', 'version', 'classes', 'matched', 'shown', 'instances', 'folded']);
    expect(st).toMatchObject({ format: 'heapcensus-stats', version: 1, classes: ['Foo'], matched: 2, shown: 2 });
    expect(st.instances.map((i: { preview: string }) => i.preview)).toEqual(['<Foo2>', '<Foo>']);
    expect(Object.keys(st.instances[0])).toEqual(['id', 'name', 'birth', 'death', 'preview', 'trace', 'sizes']);
    expect(st.instances[0].sizes).toEqual([{ snapshot: expect.any(Number), label: 's', size: 20, flat: expect.any(Number) }]);

    const d = JSON.parse((await cli('diff', file('before.json'), file('after.json.gz'), '--json')).out);
    expect(Object.keys(d)).toEqual(['format', 'version', 'before', 'after', 'trackedDelta', 'classes']);
    const file_ = d.classes.find((c: { name: string }) => c.name === 'SCons.Node.FS.File');
    expect(file_.before.active).toBe(2302);
    expect(file_.bytesDelta).toBeLessThan(0);
  });

  test('diff --fail-on-growth: exit 3 and one line per class that grew past the threshold and the floor', async () => {
    const grow = (bytes: Record<string, number>) => {
      const d = tutorialDump();
      const last = d.snapshots.at(-1)!;
      last.classes = {};
      for (const [name, b] of Object.entries(bytes)) last.classes[name] = { active: 10, bytes: b, average: b / 10, pct: 1 };
      last.trackedTotal = Object.values(last.classes).reduce((a, c) => a + c.bytes, 0);
      return d;
    };
    writeFileSync(file('g-before.json'), JSON.stringify(grow({ Big: 1_000_000, Tiny: 100, Steady: 500_000 })));
    writeFileSync(file('g-after.json'), JSON.stringify(grow({ Big: 1_200_000, Tiny: 900, Steady: 510_000, Fresh: 200_000 })));
    const r = await cli('diff', file('g-before.json'), file('g-after.json'), '--fail-on-growth', '10');
    expect(r.code).toBe(3);
    expect(r.out).toContain('tracked total');
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toEqual([
      'heapcensus: grew class "Big": 1000000 -> 1200000 bytes (+20.0%, over 10%)',
      'heapcensus: grew class "Fresh": 0 -> 200000 bytes (new, over 10%)',
      'heapcensus: grew tracked total: 1500100 -> 1910900 bytes (+27.4%, over 10%)',
    ]);
    // Tiny grew 800% but by 800 bytes, under the 64 KiB floor; Steady by 2%; the total by 27.4%.
    expect((await cli('diff', file('g-before.json'), file('g-after.json'), '--fail-on-growth', '30')).err).toMatch(/^heapcensus: grew class "Fresh"[^\n]*\n$/);
    const floor0 = await cli('diff', file('g-before.json'), file('g-after.json'), '--fail-on-growth', '5', '--min-growth', '0');
    expect(floor0.err).toMatch(/"Tiny": 100 -> 900 bytes \(\+800\.0%/);
    expect(floor0.err).not.toMatch(/Steady/);
    const none = await cli('diff', file('g-before.json'), file('g-after.json'), '--fail-on-growth', '1000', '--min-growth', '300000');
    expect(none.code).toBe(0);
    expect(none.err).toBe('');
    const j = JSON.parse((await cli('diff', file('g-before.json'), file('g-after.json'), '--fail-on-growth', '10', '--json')).out);
    expect(j.growth).toEqual({ thresholdPct: 10, minGrowthBytes: 65536, offenders: [
      { name: 'Big', before: 1_000_000, after: 1_200_000, pct: 20 },
      { name: 'Fresh', before: 0, after: 200_000, pct: null },
      { name: null, before: 1_500_100, after: 1_910_900, pct: expect.closeTo(27.38, 1) },
    ] });
  });

  test('stats --class with no such class names the classes there are and exits 1', async () => {
    const r = await cli('stats', file('objs.json'), '--class', 'NoSuchClass');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/objs\.json: no class named or containing "NoSuchClass" \(classes: "Bar", "Foo"\)/);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });

  test('numeric options: a clear message saying what is allowed', async () => {
    for (const bad of ['-3', '0', '1.5', 'lots', '', 'Infinity', '1e999']) {
      const r = await cli('stats', file('objs.json'), '--limit', bad);
      expect(r.code, bad).toBe(2);
      expect(r.err, bad).toContain(`--limit must be a whole number of instances (1 or more) or a fraction of them between 0 and 1 (e.g. 10 or 0.25), got ${JSON.stringify(bad)}`);
      expect(r.err).not.toMatch(/ambiguous/);
    }
    expect((await cli('stats', file('objs.json'), '--limit=0.5')).code).toBe(0);
    const pct = await cli('diff', file('before.json'), file('after.json.gz'), '--fail-on-growth', '-1');
    expect(pct.code).toBe(2);
    expect(pct.err).toContain('--fail-on-growth must be a percentage of 0 or more (e.g. 10 for 10%), got "-1"');
    const floor = await cli('diff', file('before.json'), file('after.json.gz'), '--fail-on-growth', '5', '--min-growth', 'x');
    expect(floor.err).toContain('--min-growth must be a number of bytes, 0 or more');
    expect((await cli('diff', file('before.json'), file('after.json.gz'), '--min-growth', '5')).err).toContain('--min-growth only applies with --fail-on-growth');
    expect((await cli('stats', file('objs.json'), '--limit', '1', '--limit', '2')).err).toContain('--limit given 2 times');
  });

  test('usage on stderr when arguments are missing; COMMAND --help; -v; unknown options named in one line', async () => {
    const none = await cli();
    expect(none).toMatchObject({ code: 2, out: '' });
    expect(none.err).toMatch(/^Usage: heapcensus <command>/);
    const noFile = await cli('diff', file('before.json'));
    expect(noFile).toMatchObject({ code: 2, out: '' });
    expect(noFile.err).toMatch(/^heapcensus: diff takes two dump files \(before and after\), got 1 file\nUsage: heapcensus diff <before> <after>/);
    const help = await cli('diff', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: heapcensus diff <before> <after> \[options\]/);
    expect(help.out).toContain('--fail-on-growth');
    expect(help.out).not.toContain('--sort');
    expect((await cli('stats', '-h')).out).toContain('--limit n');
    const v = await cli('-v');
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/^heapcensus \d+\.\d+\.\d+\n$/);
    const unknown = await cli('summary', file('before.json'), '--bogus', '-x', '--json');
    expect(unknown.code).toBe(2);
    expect(unknown.out).toBe('');
    expect(unknown.err).toBe('heapcensus: unknown options --bogus, -x\nRun "heapcensus --help" for usage.\n');
    expect((await cli('summary', file('before.json'), '--json=yes')).err).toContain('--json takes no value');
  });
});
