import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = join(process.cwd(), 'dist', 'node.js');

describe('periodic snapshots in Node', () => {
  it('never keep the process alive', () => {
    expect(existsSync(dist), 'dist/node.js is missing: run `npm run build` (npm test does)').toBe(true);
    const script = `
      import { tracker } from ${JSON.stringify(dist)};
      tracker.trackObject({ a: 1 }, { keep: true });
      tracker.startPeriodicSnapshots(10);
      setTimeout(() => console.log('snapshots:', tracker.snapshots.length), 100);
    `;
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/snapshots: [1-9]/);
    // The script ends on its own soon after its last timer; a kept-alive loop would hit the timeout.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
