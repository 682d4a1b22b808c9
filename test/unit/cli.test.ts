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
});
