import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * findLeaks in a Node started without --expose-gc (the vitest projects have the flag, so these
 * run the built package in a child process without it): it enables gc() for itself, and leaves
 * the flag as it found it; where V8 flags are refused, the result says so instead of guessing.
 */
const dist = join(process.cwd(), 'dist', 'node.js');

function run(script: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  expect(r.error).toBeUndefined();
  return r;
}

const scenario = `
  import vm from 'node:vm';
  const { ClassTracker, findLeaks } = await import(${JSON.stringify(dist)});
  const tracker = new ClassTracker();
  const Leaky = tracker.trackClass(class Leaky {});
  const Temp = tracker.trackClass(class Temp {});
  const held = [];
  const leak = await findLeaks(() => { held.push(new Leaky()); new Temp(); }, { tracker, iterations: 3 });
  const clean = await findLeaks(() => { new Temp(); }, { tracker, iterations: 3, classes: ['Temp'] });
  console.log(JSON.stringify({
    gcFlag: typeof globalThis.gc, newContextGc: vm.runInNewContext('typeof gc'),
    leak: { ok: leak.ok, collected: leak.collected, names: leak.leaks.map((l) => l.name), temp: leak.series.Temp },
    clean: { ok: clean.ok, text: String(clean) },
  }));
`;

describe('findLeaks without --expose-gc', () => {
  it('collects garbage anyway, and leaves gc() unexposed', () => {
    expect(existsSync(dist), 'dist/node.js is missing: run `npm run build` (npm test does)').toBe(true);
    const r = run(`if (typeof globalThis.gc !== 'undefined') throw new Error('started with gc');\n${scenario}`);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      gcFlag: 'undefined',
      newContextGc: 'undefined',
      leak: { ok: false, collected: true, names: ['Leaky'], temp: [0, 0, 0, 0] },
      clean: { ok: true, text: 'findLeaks: no leak in 1 class over 3 iterations (after 1 warm-up)' },
    });
  });

  it('in the browser build, with no gc() to call, reports itself inconclusive and names heapcensus/playwright', () => {
    const r = run(`
      const { ClassTracker } = await import(${JSON.stringify(dist)});
      const { findLeaks } = await import(${JSON.stringify(join(process.cwd(), 'dist', 'browser.js'))});
      const tracker = new ClassTracker();
      const Leaky = tracker.trackClass(class Leaky {});
      const held = [];
      const result = await findLeaks(() => { held.push(new Leaky()); }, { tracker, iterations: 2 });
      console.log(JSON.stringify({ ok: result.ok, collected: result.collected, notice: result.notice }));
    `);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      collected: false,
      notice: 'garbage could not be collected, so live and dead instances cannot be told apart: this page cannot force a GC: drive it with findPageLeaks from heapcensus/playwright (DevTools protocol), or start Chromium with --js-flags=--expose-gc',
    });
  });

  it('reports itself inconclusive, with the way out, where V8 flags are refused', () => {
    const r = run(`
      import v8 from 'node:v8';
      import { syncBuiltinESMExports } from 'node:module';
      v8.setFlagsFromString = () => { throw new Error('flags are locked'); };
      syncBuiltinESMExports();
      const { ClassTracker, findLeaks } = await import(${JSON.stringify(dist)});
      const tracker = new ClassTracker();
      const Leaky = tracker.trackClass(class Leaky {});
      const held = [];
      const result = await findLeaks(() => { held.push(new Leaky()); }, { tracker, iterations: 2 });
      console.log(JSON.stringify({ ok: result.ok, collected: result.collected, leaks: result.leaks.length, text: String(result) }));
    `);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      collected: false,
      leaks: 0,
      text: 'findLeaks: inconclusive over 2 iterations (after 1 warm-up): garbage could not be collected, so live and dead instances cannot be told apart: this Node refused to enable gc() (v8.setFlagsFromString): start it with --expose-gc',
    });
  });
});
