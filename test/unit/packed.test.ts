/**
 * The package as users get it: `npm pack` from a fresh copy of the sources (no dist/, so the
 * `prepack` build must run), the tarball installed into scratch consumers (offline-capable: the
 * tarball plus the npm cache), each used as its users would: Node ESM and CJS (one process, one
 * default tracker), TypeScript (bundler + DOM with the README's browser code, node16 for ESM and
 * CJS, both decorator modes), a Node script bundled by esbuild and by webpack calling writeReport,
 * and a Vite app with `@Tracked()` run in Chromium. Packaging is decorator-agnostic: legacy project only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedDumps } from './helpers/embedded.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let work = '';
let tarball = '';
/** The scratch consumer: a folder with the tarball installed in node_modules. */
let app = '';

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

// Builds, installs and bundles on a machine whose cores may all be busy: a generous hang guard per test.
describe.skipIf(process.env.HEAPCENSUS_DECORATORS === 'standard')('packed tarball', { timeout: 300_000 }, () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'heapcensus-pack-'));
    // A fresh copy: the files git knows (tracked, or new and not ignored); no dist/, no build/.
    const src = join(work, 'src');
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const f of files) {
      try {
        cpSync(join(root, f), join(src, f));
      } catch (e) {
        if ((e as { code?: string }).code !== 'ENOENT') throw e; // deleted but not yet committed
      }
    }
    symlinkSync(join(root, 'node_modules'), join(src, 'node_modules'), 'dir');
    const packed = JSON.parse(run(npm, ['pack', '--json', '--pack-destination', work], src)) as Array<{ filename: string }>;
    tarball = join(work, packed[0]!.filename);
    app = join(work, 'app');
    write(app, { 'package.json': JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }) });
    run(npm, ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'], app);
  }, 300_000);
  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('is built by prepack and ships the code, types, report, schema, README and LICENSE, no source maps', () => {
    const listed = run('tar', ['tzf', tarball], work).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, '')).sort();
    for (const f of ['LICENSE', 'README.md', 'package.json', 'schema/dump.schema.json', 'dist/report.html', 'dist/node.js', 'dist/node.cjs', 'dist/browser.js', 'dist/browser.cjs', 'dist/heapcensus.iife.js', 'dist/cli.js', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/browser.d.ts', 'dist/browser.d.cts', 'dist/vitest.js', 'dist/vitest.d.ts']) {
      expect(listed, f).toContain(f);
    }
    expect(listed.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(listed.filter((f) => !/^(dist\/|schema\/|LICENSE$|README\.md$|package\.json$)/.test(f))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules/heapcensus/package.json'), 'utf8'));
    expect(pkg.license).toBe('MIT');
    expect(pkg.author).toBeTypeOf('string');
    expect(readFileSync(join(app, 'node_modules/heapcensus/LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('publint --strict and are-the-types-wrong (node16 and bundler resolutions) pass on the tarball', () => {
    const lint = run(process.execPath, [join(root, 'node_modules/publint/src/cli.js'), '--strict', tarball], work);
    expect(lint).toMatch(/All good/);
    // The report page and the schema are assets, not modules: no types to check there.
    run(process.execPath, [join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js'), tarball, '--profile', 'node16', '--exclude-entrypoints', './report.html', './dump.schema.json', '--format', 'ascii'], work);
  });

  it('Node: ESM and CJS consumers work, and share one default tracker in one process', () => {
    write(app, {
      'esm.mjs': `import { Tracked, tracker, ClassTracker, readDump, writeReport } from 'heapcensus';
        class Doc { text = 'x'.repeat(100) }
        const D = tracker.trackClass(Doc);
        const keep = [new D(), new D()];
        const snap = tracker.snapshotSync('esm');
        console.log(JSON.stringify({ active: snap.classes.Doc.active, fns: [typeof Tracked, typeof readDump, typeof writeReport], own: tracker instanceof ClassTracker, keep: keep.length }));`,
      'cjs.cjs': `const { tracker, readDump } = require('heapcensus');
        class Doc {}
        const D = tracker.trackClass(Doc);
        const keep = [new D()];
        console.log(JSON.stringify({ active: tracker.snapshotSync('cjs').classes.Doc.active, readDump: typeof readDump, keep: keep.length }));`,
      'dual.mjs': `import { createRequire } from 'node:module';
        const cjs = createRequire(import.meta.url)('heapcensus');
        const esm = await import('heapcensus');
        class Doc {}
        const D = cjs.tracker.trackClass(Doc);
        const keep = [new D(), new D(), new D()];
        const snap = await esm.tracker.snapshot('seen through import');
        console.log(JSON.stringify({ same: esm.tracker === cjs.tracker, active: snap.classes.Doc?.active ?? 0, esmInstance: esm.tracker instanceof esm.ClassTracker, cjsInstance: cjs.tracker instanceof cjs.ClassTracker, otherIsNot: new cjs.ClassTracker() instanceof esm.ClassTracker, keep: keep.length }));`,
    });
    expect(JSON.parse(run(process.execPath, ['esm.mjs'], app))).toEqual({ active: 2, fns: ['function', 'function', 'function'], own: true, keep: 2 });
    expect(JSON.parse(run(process.execPath, ['cjs.cjs'], app))).toEqual({ active: 1, readDump: 'function', keep: 1 });
    expect(JSON.parse(run(process.execPath, ['dual.mjs'], app))).toEqual({ same: true, active: 3, esmInstance: true, cjsInstance: true, otherIsNot: false, keep: 3 });
  });

  it('the CLI bin runs from the install', () => {
    const r = spawnSync(join(app, 'node_modules/.bin/heapcensus'), ['-v'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^heapcensus \d+\.\d+\.\d+\n$/);
  });

  /** Type-checks `files` in a scratch project next to the install with `compilerOptions`; returns tsc's output ('' when clean). */
  function tsc(name: string, files: Record<string, string>, compilerOptions: Record<string, unknown>): string {
    const dir = join(app, name);
    write(dir, { ...files, 'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, types: [], ...compilerOptions }, files: Object.keys(files) }) });
    const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    return (r.stdout + r.stderr).trim();
  }

  it("TypeScript, bundler resolution + DOM: the README's browser code type-checks as written (browser types)", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('### In the browser')))?.[1];
    expect(block).toContain('installConsole');
    for (const experimentalDecorators of [false, true]) {
      const out = tsc(`ts-bundler-${experimentalDecorators ? 'legacy' : 'standard'}`, { 'main.ts': block! }, {
        target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], experimentalDecorators,
      });
      expect(out).toBe('');
    }
  });

  it('TypeScript, node16: ESM and CJS consumers get the Node types (writeDump, readDump, writeReport), both decorator modes', () => {
    const files = {
      'main.mts': `import { Tracked, tracker, readDump, writeReport, type Dump } from 'heapcensus';
        @Tracked() class Doc { text = '' }
        new Doc();
        const p: Promise<string> = tracker.writeDump('x.json.gz');
        const d: (path: string) => Dump = readDump;
        void [p, d, writeReport];`,
      'main.cts': `import hc = require('heapcensus');
        const p: Promise<string> = hc.tracker.writeDump('x.json');
        void [p, hc.readDump];`,
    };
    for (const experimentalDecorators of [false, true]) {
      expect(tsc(`ts-node16-${experimentalDecorators ? 'legacy' : 'standard'}`, files, { target: 'ES2022', module: 'node16', moduleResolution: 'node16', experimentalDecorators })).toBe('');
    }
  });

  it('heapcensus/vitest: the matchers run in the consumer\'s vitest, against its copy of heapcensus, and type-check', () => {
    // vitest is the consumer's (an optional peer): linked from this checkout's node_modules.
    symlinkSync(join(root, 'node_modules/vitest'), join(app, 'node_modules/vitest'), 'dir');
    const dir = join(app, 'vt');
    write(dir, {
      'leak.test.mjs': `import 'heapcensus/vitest';
        import { tracker } from 'heapcensus';
        import { expect, it } from 'vitest';
        const Doc = tracker.trackClass(class Doc {});
        const held = [];
        it('drops what it makes', async () => {
          await expect(() => void new Doc()).not.toLeak({ iterations: 2 });
          await expect(tracker).toHaveAlive('Doc', 0);
        });
        it('reports a leak with its retainer path', async () => {
          globalThis.held = held;
          await expect(expect(() => void held.push(new Doc())).not.toLeak({ iterations: 2, retainers: true, maxRetainers: 1 }))
            .rejects.toThrow(/Doc: \\+1 per iteration[\\s\\S]*retained by: \\(global\\) → held → Array\\[1\\] → Doc/);
        }, 300_000); // a heap snapshot takes seconds`,
    });
    const r = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', CI: 'true' } });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2 passed/);
    const types = tsc('ts-vitest', {
      'm.mts': `import 'heapcensus/vitest';
        import { tracker } from 'heapcensus';
        import { expect } from 'vitest';
        export async function check(): Promise<void> {
          await expect(() => undefined).not.toLeak({ iterations: 5, retainers: true, classes: ['Doc'] });
          await expect(tracker).toHaveAlive('Doc', 0);
        }`,
    }, { target: 'ES2022', module: 'node16', moduleResolution: 'node16', skipLibCheck: true, lib: ['ES2022', 'DOM'] });
    expect(types).toBe('');
  });

  const serverSource = `import { tracker, writeReport } from 'heapcensus';
    class Doc { text = 'x'.repeat(50) }
    const D = tracker.trackClass(Doc, { name: 'Doc' }); // minifiers rename classes
    const keep = [new D(), new D()];
    await tracker.snapshot('bundled');
    console.log(await writeReport([tracker.toDump()], process.argv[2]), keep.length);`;

  /** Runs a bundled server from a folder with no node_modules (nothing to fall back on) and checks the report it writes. */
  function runBundled(file: string): void {
    const out = join(dirname(file), `${file.split('/').pop()}.html`);
    const r = spawnSync(process.execPath, [file, out], { cwd: dirname(file), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Content-Security-Policy');
    const [dump] = embeddedDumps(html) as Array<{ snapshots: Array<{ classes: Record<string, { active: number }> }> }>;
    expect(dump!.snapshots[0]!.classes['Doc']!.active).toBe(2);
  }

  it('writeReport works in a Node server bundled by esbuild (ESM and CJS)', async () => {
    const { build } = await import('esbuild');
    write(app, { 'server.mjs': serverSource });
    const out = join(work, 'bundled-esbuild');
    for (const format of ['esm', 'cjs'] as const) {
      const file = join(out, `server.${format === 'esm' ? 'mjs' : 'cjs'}`);
      // CJS output has no top-level await: wrap the same code in an async function.
      const entry = format === 'esm' ? join(app, 'server.mjs') : join(app, 'server-cjs.mjs');
      if (format === 'cjs') write(app, { 'server-cjs.mjs': serverSource.replace(/^(import .*;)\n([\s\S]*)$/, '$1\n(async () => {\n$2\n})();') });
      await build({ entryPoints: [entry], bundle: true, platform: 'node', format, outfile: file, logLevel: 'silent' });
      runBundled(file);
    }
  });

  it('writeReport works in a Node server bundled by webpack (--target node)', async () => {
    const { default: webpack } = await import('webpack');
    const out = join(work, 'bundled-webpack');
    write(app, { 'server.mjs': serverSource });
    const stats = await new Promise<import('webpack').Stats>((ok, fail) =>
      webpack({ mode: 'production', target: 'node', context: app, entry: './server.mjs', output: { path: out, filename: 'server.mjs', module: true, chunkFormat: 'module' }, experiments: { outputModule: true, topLevelAwait: true } }, (err, s) => (err ? fail(err) : ok(s!))),
    );
    expect(stats.toJson({ all: false, errors: true }).errors).toEqual([]);
    runBundled(join(out, 'server.mjs'));
  });

  it('browser builds with @Tracked() run in Chromium: Vite (legacy decorators) and esbuild (standard decorators, target es2022)', async () => {
    const { build: viteBuild } = await import('vite');
    const { build: esbuild } = await import('esbuild');
    const web = join(app, 'web');
    const main = `import { Tracked, tracker, installConsole } from 'heapcensus';
        @Tracked({ name: 'Row' })
        class Row { cells: string[] = ['a', 'b'] }
        const rows = [new Row(), new Row(), new Row()];
        installConsole();
        const snap = await tracker.snapshot('rows');
        const hc = (globalThis as unknown as { heapcensus: { summary(): string } }).heapcensus;
        (globalThis as unknown as { result: unknown }).result = { active: snap.classes['Row']?.active, summary: hc.summary().includes('Row'), rows: rows.length };`;
    write(join(web, 'vite'), {
      'index.html': '<!doctype html><title>vite app</title><script type="module" src="./main.ts"></script>',
      'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', experimentalDecorators: true, lib: ['ES2022', 'DOM'], strict: true } }),
      'main.ts': main,
    });
    await viteBuild({ root: join(web, 'vite'), configFile: false, logLevel: 'silent', base: './', build: { outDir: join(web, 'out/vite'), emptyOutDir: true } });
    // esbuild with standard decorators: lowered at target es2022, left as `@Tracked` at its default (esnext).
    write(join(web, 'esbuild'), { 'main.ts': main, 'index.html': '<!doctype html><title>esbuild app</title><script type="module" src="./main.js"></script>' });
    const bundle = (target: string) =>
      esbuild({ entryPoints: [join(web, 'esbuild/main.ts')], bundle: true, minify: true, format: 'esm', platform: 'browser', target, write: false, tsconfigRaw: { compilerOptions: { experimentalDecorators: false } } });
    const lowered = (await bundle('es2022')).outputFiles[0]!.text;
    expect((await bundle('esnext')).outputFiles[0]!.text).toMatch(/@\w+\(\{name:"Row"\}\)/);
    write(join(web, 'out/esbuild'), { 'main.js': lowered, 'index.html': '<!doctype html><title>esbuild app</title><script type="module" src="./main.js"></script>' });

    const { launchChromium } = await import('../browser/helpers/chromium.js');
    const { serveStatic } = await import('../browser/helpers/serve.js');
    const server = await serveStatic(join(web, 'out'));
    const browser = await launchChromium();
    try {
      for (const tool of ['vite', 'esbuild']) {
        const page = await browser.newPage();
        const errors: string[] = [];
        const failed = new Promise((ok) => {
          page.on('pageerror', (e) => ok(errors.push(e.message)));
          page.on('response', (r) => void (r.status() >= 400 && ok(errors.push(`${r.status()} ${r.url()}`))));
        });
        await page.goto(`${server.origin}/${tool}/index.html`);
        // Resolves when the app finished or threw (then the expectations below fail, naming the error).
        await Promise.race([page.waitForFunction(() => (globalThis as unknown as { result?: unknown }).result !== undefined, undefined, { timeout: 0 }), failed]);
        expect(errors, tool).toEqual([]);
        expect(await page.evaluate(() => (globalThis as unknown as { result: unknown }).result), tool).toEqual({ active: 3, summary: true, rows: 3 });
        await page.close();
      }
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
