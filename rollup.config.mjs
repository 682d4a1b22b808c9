// Bundles what `tsc -b` emitted into build/ (JS + .d.ts) into dist/.
// Run through `npm run build` (tsc -b first); rollup alone reads stale or missing build/ output.
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';

const root = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const runtimeDeps = Object.keys(pkg.dependencies ?? {});
const builtins = new Set(builtinModules);

/** `node:*`, bare builtins and the runtime dependencies (and their subpaths) stay imports. */
const external = (id) =>
  id.startsWith('node:') || builtins.has(id) || runtimeDeps.some((d) => id === d || id.startsWith(`${d}/`));

/**
 * Loads tsc's output together with its source map, rewritten to point at the original .ts
 * files (with their text inlined), so dist/*.map lead to src/ and platform/, not build/.
 */
function tscSourceMaps() {
  return {
    name: 'heapcensus:tsc-source-maps',
    load(id) {
      if (!id.endsWith('.js') || !id.startsWith(resolve(root, 'build'))) return null;
      const code = readFileSync(id, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
      const mapFile = `${id}.map`;
      if (!existsSync(mapFile)) return { code, map: null };
      const map = JSON.parse(readFileSync(mapFile, 'utf8'));
      const base = resolve(dirname(mapFile), map.sourceRoot ?? '');
      map.sources = map.sources.map((s) => resolve(base, s));
      map.sourcesContent = map.sources.map((s) => (existsSync(s) ? readFileSync(s, 'utf8') : null));
      delete map.sourceRoot;
      return { code, map };
    },
  };
}

/** Fails the build on warnings that mean a broken bundle (unresolved imports, missing exports). */
function onwarn(warning, warn) {
  if (['UNRESOLVED_IMPORT', 'MISSING_EXPORT', 'MISSING_GLOBAL_NAME', 'EVAL'].includes(warning.code)) {
    throw new Error(`rollup: ${warning.message}`);
  }
  warn(warning);
}

/**
 * One bundle. `format`: 'es' | 'cjs' | 'iife' | 'dts'. ESM/CJS keep node builtins and the
 * runtime dependencies external; the IIFE bundles everything (a page loads one file).
 */
function config({ input, file, format, banner, minify = false }) {
  if (format === 'dts') {
    return { input, output: { file, format: 'es' }, external, plugins: [dts()], onwarn };
  }
  const iife = format === 'iife';
  return {
    input,
    external: iife ? (id) => id.startsWith('node:') : external,
    plugins: [
      tscSourceMaps(),
      ...(iife ? [nodeResolve({ browser: true, preferBuiltins: false }), commonjs()] : []),
      // A bin with a shebang is runnable as ./dist/cli.js too, not only through npm's bin link.
      ...(banner?.startsWith('#!') ? [{ name: 'heapcensus:chmod', writeBundle: (o) => chmodSync(o.file, 0o755) }] : []),
      ...(minify ? [terser({ ecma: 2022, module: false, compress: { passes: 2 }, mangle: true, format: { comments: false } })] : []),
    ],
    output: {
      file,
      format,
      banner,
      sourcemap: true,
      exports: format === 'cjs' ? 'named' : undefined,
      generatedCode: 'es2015',
      interop: 'auto',
    },
    onwarn,
  };
}

const b = (p) => resolve(root, 'build', p);

const bundles = [
  config({ input: b('platform/node/index.js'), file: 'dist/node.js', format: 'es' }),
  config({ input: b('platform/node/index.js'), file: 'dist/node.cjs', format: 'cjs' }),
  config({ input: b('platform/browser/index.js'), file: 'dist/browser.js', format: 'es' }),
  config({ input: b('platform/browser/index.js'), file: 'dist/browser.cjs', format: 'cjs' }),
  config({ input: b('platform/browser/iife.js'), file: 'dist/heapcensus.iife.js', format: 'iife', minify: true }),
  config({ input: b('platform/node/cli.js'), file: 'dist/cli.js', format: 'es', banner: '#!/usr/bin/env node' }),
  config({ input: b('platform/node/index.d.ts'), file: 'dist/index.d.ts', format: 'dts' }),
  config({ input: b('platform/browser/index.d.ts'), file: 'dist/browser.d.ts', format: 'dts' }),
];

// An entry whose source is not written yet is left out with a warning (the package smoke
// test then fails on the missing dist file), so the other bundles still build meanwhile.
export default bundles.filter((c) => {
  if (existsSync(c.input)) return true;
  console.warn(`rollup.config.mjs: skipping ${c.output.file}: ${c.input} does not exist (run tsc -b first?)`);
  return false;
});
