import { describe, expect, it } from 'vitest';
import '../../testing/vitest.js';
import { buildModel } from '../../demo/node/buildModel.js';
import { watchSession } from '../../demo/node/watch.js';
import { ClassTracker, createTracked, findLeaks } from '../../platform/node/index.js';

/**
 * The Node demo's leak test (demo/node/watch.ts): watch-mode rebuilds whose progress listener is
 * never removed leak an Executor and two File nodes per rebuild; the fixed session does not. Run
 * as a user would, with the vitest matcher, in both decorator modes.
 */
const mode = process.env.HEAPCENSUS_DECORATORS;

function session(fixed: boolean): { tracker: ClassTracker; rebuild: (i: number) => Promise<void> } {
  const tracker = new ClassTracker();
  const s = watchSession(buildModel(createTracked(() => tracker), tracker, true), { fixed });
  return { tracker, rebuild: (i) => s.rebuild(`src${i}.c`) };
}

describe(`the Node demo's leak test (${mode} decorators)`, () => {
  it('fails on the leaking watch session, naming the classes, their growth and the listener that holds them', async () => {
    const { tracker, rebuild } = session(false);
    const failed = await expect(rebuild).not.toLeak({ tracker, iterations: 4, retainers: true, maxRetainers: 1 }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(failed?.message).toMatch(/^findLeaks: 2 classes leaked over 4 iterations/);
    expect(failed?.message).toContain('SCons.Node.FS.File: +2 per iteration');
    expect(failed?.message).toContain('SCons.Executor.Executor: +1 per iteration (alive 1 → 2 → 3 → 4 → 5)');
    expect(failed?.message).toContain("retained by: (Stack roots) → (pending async calls");
    expect(failed?.message).toMatch(/→ s\.events → EventEmitter listener 'progress' #1 → onProgress\(\) → context variable executor → SCons\.Executor\.Executor$/m);
  });

  it('passes on the fixed session', async () => {
    const { tracker, rebuild } = session(true);
    await expect(rebuild).not.toLeak({ tracker, iterations: 4 });
    await expect(tracker).toHaveAlive('SCons.Executor.Executor', 0);
  });

  it('findLeaks gives the same verdicts as plain results', async () => {
    const leaky = session(false);
    const fixed = session(true);
    expect((await findLeaks(leaky.rebuild, { tracker: leaky.tracker, iterations: 3 })).leaks.map((l) => l.name).sort()).toEqual(['SCons.Executor.Executor', 'SCons.Node.FS.File']);
    expect((await findLeaks(fixed.rebuild, { tracker: fixed.tracker, iterations: 3 })).ok).toBe(true);
  });
});
