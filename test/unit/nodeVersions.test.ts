import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Issue 11: `engines` and the README say what is supported and exactly what is tested: the
 * Node that runs `npm test` plus the pinned versions of scripts/node-matrix.mjs.
 */
const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

describe('Node versions: engines, README and the test matrix agree', () => {
  const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
  const readme = read('README.md');
  const paragraph = /\*\*Node versions\.\*\*([\s\S]*?)\n\n/.exec(readme)?.[1] ?? '';
  const matrix = /const VERSIONS = \[([^\]]*)\]/.exec(read('scripts/node-matrix.mjs'))?.[1] ?? '';
  const pinned = [...matrix.matchAll(/'(\d+\.\d+\.\d+)'/g)].map((m) => m[1]!);

  it('the README paragraph names engines as package.json has it', () => {
    expect(paragraph).not.toBe('');
    expect(pkg.engines.node).toBe('>=20');
    expect(paragraph).toContain(`\`"node": "${pkg.engines.node}"\``);
  });

  it('names each pinned version of the matrix exactly, and the Node running this test', () => {
    expect(pinned.length).toBeGreaterThanOrEqual(2);
    for (const v of pinned) expect(paragraph).toContain(v);
    const [major, minor] = process.versions.node.split('.');
    expect(paragraph).toContain(`${major}.${minor}`);
  });

  it('every tested major satisfies engines, and the lowest tested major is the engines floor', () => {
    const floor = Number(/^>=(\d+)$/.exec(pkg.engines.node)?.[1]);
    const majors = [...pinned, process.versions.node].map((v) => Number(v.split('.')[0]));
    for (const m of majors) expect(m).toBeGreaterThanOrEqual(floor);
    expect(paragraph).toContain(`Node ${floor}.`);
  });
});
