// Builds the browser demo (demo/browser) twice, once per decorator mode, into build/demo-browser/:
// `tsc` (TS 7) compiles the page to build/demo-browser-tsc/<mode>/, then rollup bundles it with the
// package's own browser build (dist/browser.js, so run `npm run build` first) into <mode>/app.js.
// Usage: node demo/browser/build.mjs (or import { buildDemo, ensureDemo } from it).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
/** Where the pages go: one folder per decorator mode, plus a landing page and the shared stylesheet. */
export const demoOut = join(root, 'build/demo-browser');
/** The two decorator modes the page is compiled in. */
export const MODES = ['standard', 'legacy'];

const browserJs = join(root, 'dist/browser.js');

/** The page imports 'heapcensus/browser' as a user would; it resolves to this package's dist/browser.js. */
function selfReference() {
  return { name: 'heapcensus-demo:self', resolveId: (id) => (id === 'heapcensus/browser' || id === 'heapcensus' ? browserJs : null) };
}

function newest(dir) {
  return Math.max(...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
}

/** True when a page is missing or older than the demo sources or dist/browser.js. */
export function demoIsStale() {
  const outputs = MODES.map((m) => join(demoOut, m, 'app.js'));
  if (outputs.some((f) => !existsSync(f))) return true;
  const oldest = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  return Math.max(newest(here), statSync(browserJs).mtimeMs) > oldest;
}

/** Compiles and bundles the demo in both decorator modes; throws with tsc's or rollup's message on failure. */
export async function buildDemo() {
  if (!existsSync(browserJs) || !existsSync(join(root, 'dist/browser.d.ts'))) {
    throw new Error('demo/browser/build.mjs: dist/browser.js is missing; run `npm run build` first');
  }
  const html = readFileSync(join(here, 'index.html'), 'utf8');
  for (const mode of MODES) {
    const config = join(here, mode === 'standard' ? 'tsconfig.json' : 'tsconfig.legacy.json');
    const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`demo/browser: tsc (${mode} decorators) failed:\n${r.stdout}${r.stderr}`);
    const bundle = await rollup({
      input: join(root, 'build/demo-browser-tsc', mode, 'app.js'),
      plugins: [selfReference(), nodeResolve({ browser: true, preferBuiltins: false }), commonjs()],
      // Tree-shaking turns tsc's `var EditorDocument = class {...}` (standard decorators) into an
      // anonymous `(class {...})` when the body never names its class, and the class name is what
      // instances are counted under. Minifiers rename classes too: there, pass @Tracked({ name }).
      treeshake: false,
      onwarn(w) {
        // tsc's helpers start `var __esDecorate = (this && this.__esDecorate) || ...`: harmless in a bundle.
        if (w.code === 'THIS_IS_UNDEFINED') return;
        throw new Error(`demo/browser: rollup (${mode}): ${w.message}`);
      },
    });
    const dir = join(demoOut, mode);
    mkdirSync(dir, { recursive: true });
    await bundle.write({ file: join(dir, 'app.js'), format: 'iife', generatedCode: 'es2015' });
    await bundle.close();
    writeFileSync(join(dir, 'index.html'), html.replace('__DECORATORS__', mode === 'standard' ? 'standard (TC39)' : 'legacy (experimentalDecorators)'));
  }
  copyFileSync(join(here, 'style.css'), join(demoOut, 'style.css'));
  writeFileSync(
    join(demoOut, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>heapcensus browser demo</title>' +
      '<meta http-equiv="refresh" content="0; url=standard/">' +
      '<p>The demo, compiled with <a href="standard/">standard decorators</a> or ' +
      '<a href="legacy/">legacy experimentalDecorators</a>.</p>\n',
  );
  return demoOut;
}

/** Builds the demo unless it is up to date; resolves to its folder. */
export async function ensureDemo() {
  return demoIsStale() ? buildDemo() : demoOut;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = await buildDemo();
  console.log(`demo/browser: built ${MODES.map((m) => `${out}/${m}/`).join(' and ')}`);
}
