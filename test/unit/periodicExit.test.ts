import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = join(process.cwd(), 'dist', 'node.js');

describe('periodic snapshots in Node', () => {
  it('never keep the process alive', () => {
    expect(existsSync(dist), 'dist/node.js is missing: run `npm run build` (npm test does)').toBe(true);
    // The interval's 10 ms timer fires before the 100 ms one, so at least one periodic snapshot
    // is taken. Then: the timers that keep the event loop alive (getActiveResourcesInfo lists
    // only those) are the same with the periodic timer running as after stopping it.
    const script = `
      import { tracker } from ${JSON.stringify(dist)};
      tracker.trackObject({ a: 1 }, { keep: true });
      tracker.startPeriodicSnapshots(10);
      setTimeout(() => {
        const keepingAlive = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
        const running = keepingAlive();
        tracker.stopPeriodicSnapshots();
        console.log('snapshots:', tracker.snapshots.length, 'timers keeping the process alive:', running, keepingAlive());
      }, 100);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/snapshots: [1-9]/);
    const [, running, stopped] = /timers keeping the process alive: (\d+) (\d+)/.exec(r.stdout) ?? [];
    expect(running).toBeDefined();
    expect(running).toBe(stopped);
  });
});
