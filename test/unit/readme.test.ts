import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
