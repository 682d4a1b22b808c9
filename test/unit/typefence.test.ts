/**
 * The type fence (STYLE.md "Core stays platform-free"): code compiled with src/'s tsconfig
 * cannot name DOM or Node globals, platform/node's sees Node but not the DOM, and
 * platform/browser's sees the DOM but not Node. Checked by compiling a probe file with
 * each project's own settings (TypeScript 7's tsc).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const PROBES = {
  window: 'export const a = typeof window;',
  document: 'export const b = typeof document;',
  console: "export const c = typeof console;",
  process: 'export const d = typeof process;',
  Buffer: 'export const e = typeof Buffer;',
} as const;
type Name = keyof typeof PROBES;

/** The globals tsc reports as unknown when the probe is compiled with `project`'s settings. */
function unknownGlobals(project: string): Name[] {
  const dir = join(root, 'build/typefence', `${project.replace(/\W/g, '-')}-${process.env.HEAPCENSUS_DECORATORS ?? 'default'}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'probe.ts'), `${Object.values(PROBES).join('\n')}\n`);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(root, project, 'tsconfig.json'),
      compilerOptions: { noEmit: true, composite: false, incremental: false, declaration: false, declarationMap: false, rootDir: '.' },
      include: [],
      files: ['probe.ts'],
      references: [],
    }),
  );
  const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
  const out = r.stdout + r.stderr;
  const other = out.split('\n').filter((l) => l.includes('error TS') && !/TS(2304|2584|2591|2868)/.test(l));
  expect(other, out).toEqual([]);
  return (Object.keys(PROBES) as Name[]).filter((n) => new RegExp(`Cannot find name '${n}'`).test(out));
}

describe('type fence', () => {
  it('src/ sees no DOM and no Node globals (not even console)', () => {
    expect(unknownGlobals('src')).toEqual(['window', 'document', 'console', 'process', 'Buffer']);
  });
  it('platform/node sees Node but not the DOM', () => {
    expect(unknownGlobals('platform/node')).toEqual(['window', 'document']);
  });
  it('platform/browser sees the DOM but not Node', () => {
    expect(unknownGlobals('platform/browser')).toEqual(['process', 'Buffer']);
  });
});
