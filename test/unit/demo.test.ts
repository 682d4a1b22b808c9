import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dump } from '../../src/dump/Dump.js';
import { embeddedDumps } from './helpers/embedded.js';

/**
 * `npm start`'s demo (demo/node/tutorial.ts, as `tsc -b` builds it into build/), run as the
 * script runs it, in a fresh directory. The demo compiles its own decorators (standard), so
 * it runs in the legacy project only.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe.skipIf(process.env.HEAPCENSUS_DECORATORS === 'standard')('the Node demo (npm start)', () => {
  let cwd = '';
  let stdout = '';
  const read = (name: string): Dump => JSON.parse(gunzipSync(readFileSync(join(cwd, 'out', name))).toString('utf8')) as Dump;

  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'heapcensus-demo-'));
    const r = spawnSync(process.execPath, ['--expose-gc', join(root, 'build/demo/node/tutorial.js')], { cwd, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    stdout = r.stdout;
  });

  it('embeds in its report exactly the dumps it wrote beside it', () => {
    const before = read('heapcensus-before.json.gz');
    const after = read('heapcensus-after.json.gz');
    // The dumps were written while each run's objects were alive: none of them has died.
    const { fields, rows } = before.instances;
    const [name, death] = [fields.indexOf('name'), fields.indexOf('death')];
    const deaths: unknown[] = [];
    for (let r = 0; r < rows.length; r += fields.length) {
      if (before.names[rows[r + name] as number] === 'SCons.Node.FS.File') deaths.push(rows[r + death]);
    }
    expect(deaths).toEqual(new Array(2804).fill(null));
    const html = readFileSync(join(cwd, 'out', 'heapcensus-report.html'), 'utf8');
    expect(embeddedDumps(html)).toEqual([before, after]);
  });

  it('starts both runs on comparable heaps (each in a process of its own)', () => {
    const [first, second] = [read('heapcensus-before.json.gz'), read('heapcensus-after.json.gz')].map((d) => d.snapshots[0]!.total.bytes);
    // Both runs start with the same few objects; before each run had its own process, the
    // second started with the first one's garbage (35 MB against 6.8 MB).
    expect(second! / first!).toBeGreaterThan(0.5);
    expect(second! / first!).toBeLessThan(2);
  });

  it('prints the class rows that the README shows as its sample output', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const sample = /```\n(---- SUMMARY[\s\S]*?)```/.exec(readme)?.[1];
    expect(sample).toBeDefined();
    const rows = sample!.split('\n').filter((l) => l.startsWith('  '));
    expect(rows.length).toBeGreaterThan(0);
    // Class, active, bytes and average are exact on every Node; the heap total (and so pct) varies a
    // little from run to run, and more between V8 versions (Node 24's heap in use is ~35% larger):
    // on the Node the README names, its total must be within 25% of this run's.
    const lines = stdout.split('\n');
    const header = sample!.split('\n')[1]!;
    const label = header.slice(0, 40).trim();
    const printed = lines.find((l) => l.startsWith(label));
    expect(printed, label).toBeDefined();
    const node = /from `npm start` on Node (\d+)/.exec(readme)?.[1];
    expect(node, 'the README names the Node version of its sample').toBeDefined();
    if (process.versions.node.split('.')[0] === node) {
      const mb = (l: string) => Number(/active\s+([\d.]+) MB/.exec(l)?.[1]);
      expect(mb(header) / mb(printed!)).toBeGreaterThan(0.8);
      expect(mb(header) / mb(printed!)).toBeLessThan(1.25);
    }
    for (const row of rows) {
      const head = row.replace(/\s+\S+%$/, '');
      expect(lines.some((l) => l.startsWith(head)), row).toBe(true);
    }
  });
});
