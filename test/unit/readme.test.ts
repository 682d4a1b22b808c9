import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import ts6 from '@typescript/typescript6';
import { describe, expect, it } from 'vitest';
import { loadDump } from '../../src/dump/loadDump.js';

/**
 * The README's quickstart, run as a user would: its first TypeScript block, compiled with
 * standard decorators and run by Node against the built package (imported by name).
 * Decorator mode is the snippet's own: run in the legacy project only.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe.skipIf(process.env.HEAPCENSUS_DECORATORS === 'standard')('README', () => {
  it('the quickstart runs as written: two snapshots, a printed summary, a dump that loads', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## Quickstart')))?.[1];
    expect(block).toBeDefined();
    const js = ts6.transpileModule(block!, {
      compilerOptions: { target: ts6.ScriptTarget.ES2022, module: ts6.ModuleKind.ESNext, experimentalDecorators: false, useDefineForClassFields: true },
    }).outputText;
    // Inside the package folder, so that "heapcensus" resolves to this package by its exports map.
    const dir = join(root, 'build', 'readme-quickstart');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'quickstart.mjs'), js);
    const cwd = mkdtempSync(join(tmpdir(), 'heapcensus-readme-'));
    const r = spawnSync(process.execPath, [join(dir, 'quickstart.mjs')], { cwd, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^after load\s+active/m);
    expect(r.stdout).toMatch(/^after edit\s+active/m);
    expect(r.stdout).toMatch(/^ {2}Document\s+1000\s/m);
    const dump = loadDump(readFileSync(join(cwd, 'docs.json.gz')), { gunzip: (b) => new Uint8Array(gunzipSync(b)) });
    expect(dump.snapshots.map((s) => s.label)).toEqual(['after load', 'after edit']);
    const [load, edit] = dump.snapshots;
    expect(edit!.classes['Document']!.bytes).toBeGreaterThan(load!.classes['Document']!.bytes + 1000 * 200);
  });
});

describe.skipIf(process.env.HEAPCENSUS_DECORATORS === 'standard')('README: Catch leaks in tests', () => {
  /**
   * The section's vitest block, run by vitest against the built package (imported by name from a
   * scratch project), with a small `./editor.js`: leaking (a listener never removed), the test
   * fails with the report the README shows; fixed, it passes.
   */
  const editor = (fixed: boolean): string => `
    import { EventEmitter } from 'node:events';
    import { tracker } from 'heapcensus';
    const bus = new EventEmitter();
    globalThis.bus = bus;
    const Editor = tracker.trackClass(class Editor { text = ''; });
    export async function openEditor() {
      const editor = new Editor();
      const onSave = function onSave() { return editor.text; };
      bus.on('save', onSave);
      return { close: () => { ${fixed ? "bus.off('save', onSave);" : ''} } };
    }`;

  function runBlock(fixed: boolean): { status: number | null; out: string } {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('### Catch leaks in tests')))?.[1];
    expect(block).toContain("import 'heapcensus/vitest';");
    const js = ts6.transpileModule(block!, { compilerOptions: { target: ts6.ScriptTarget.ES2022, module: ts6.ModuleKind.ESNext } }).outputText;
    const dir = mkdtempSync(join(tmpdir(), 'heapcensus-readme-leaks-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'heapcensus'), 'dir');
    symlinkSync(join(root, 'node_modules', 'vitest'), join(dir, 'node_modules', 'vitest'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'readme-leaks', private: true, type: 'module' }));
    writeFileSync(join(dir, 'editor.js'), editor(fixed));
    writeFileSync(join(dir, 'leak.test.js'), js);
    const r = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, '--reporter', 'verbose'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', CI: 'true' } });
    rmSync(dir, { recursive: true, force: true });
    return { status: r.status, out: r.stdout + r.stderr };
  }

  it('fails on a leaking editor with the report shown in the README, and passes once fixed', () => {
    const leaking = runBlock(false);
    expect(leaking.status).not.toBe(0);
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Catch leaks in tests'));
    const sample = /```\n(findLeaks:[\s\S]*?)```/.exec(section)?.[1];
    expect(sample).toBeDefined();
    for (const line of sample!.trimEnd().split('\n')) expect(leaking.out, leaking.out).toContain(line.trim());
    const fixed = runBlock(true);
    expect(fixed.out).toContain('closing an editor frees it');
    expect(fixed.status, fixed.out).toBe(0);
  });
});
