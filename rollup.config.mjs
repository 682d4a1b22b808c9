// Bundles what `tsc -b` emitted into build/ (JS + .d.ts) into dist/.
// Run through `npm run build` (tsc -b first); rollup alone reads stale or missing build/ output.
import { createHash } from 'node:crypto';
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
// Optional peers (prom-client, @opentelemetry/api) stay imports too: the app brings its own.
const runtimeDeps = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
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

/**
 * Turns the report's IIFE bundle into dist/report.html: the JS and the CSS files are inlined
 * into `template`, the script's sha256 goes into the page's Content-Security-Policy (so no other
 * inline script may run), and the JS chunk itself is not written. One file, no network.
 */
function reportPage({ template, css }) {
  const fill = (html, marker, text) => {
    const at = html.indexOf(marker);
    if (at < 0 || html.indexOf(marker, at + 1) >= 0) throw new Error(`rollup: ${template} must hold ${marker} exactly once`);
    return html.slice(0, at) + text + html.slice(at + marker.length);
  };
  return {
    name: 'heapcensus:report-page',
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry);
      for (const k of Object.keys(bundle)) delete bundle[k];
      // `</script` inside a string would end the element early; `<\/script` means the same to JS.
      const js = entry.code.replace(/<\/(script)/gi, '<\\/$1');
      if (/<!--/.test(js) && /<script/i.test(js)) throw new Error('rollup: the report bundle holds "<!--" and "<script": the inlined page would not parse');
      const style = css.map((f) => readFileSync(resolve(root, f), 'utf8')).join('\n').replace(/<\/(style)/gi, '<\\/$1');
      const hash = createHash('sha256').update(js, 'utf8').digest('base64');
      let html = readFileSync(resolve(root, template), 'utf8');
      html = fill(html, '%SCRIPT_HASH%', `'sha256-${hash}'`);
      html = fill(html, '/*heapcensus:style*/', style);
      html = fill(html, '/*heapcensus:script*/', js);
      this.emitFile({ type: 'asset', fileName: 'report.html', source: html });
    },
  };
}

/**
 * Serves build/src/dump/reportHtml.js as the text of the freshly built dist/report.html,
 * so a bundle that imports openReport carries the page (and one that does not, does not).
 */
function reportHtmlModule() {
  const stub = resolve(root, 'build/src/dump/reportHtml.js');
  return {
    name: 'heapcensus:report-html',
    load(id) {
      if (id !== stub) return null;
      const page = resolve(root, 'dist/report.html');
      if (!existsSync(page)) throw new Error('rollup: dist/report.html is missing: the report bundle must build before the browser bundles');
      this.addWatchFile(page);
      return { code: `export const reportHtml = ${JSON.stringify(readFileSync(page, 'utf8'))};\n`, map: null };
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
 * Source maps are not shipped: with their inlined sources they were 61% of the tarball, and the
 * ESM/CJS bundles are unminified, readable code already. `HEAPCENSUS_SOURCEMAPS=1 npm run build`
 * writes them for local debugging (package.json `files` leaves them out of the tarball).
 */
const SOURCEMAPS = process.env.HEAPCENSUS_SOURCEMAPS === '1';

/**
 * One bundle. `format`: 'es' | 'cjs' | 'iife' | 'dts'. ESM/CJS keep node builtins and the
 * runtime dependencies external; the IIFE bundles everything (a page loads one file).
 */
function config({ input, file, format, banner, minify = false, sourcemap = SOURCEMAPS, plugins = [] }) {
  if (format === 'dts') {
    return { input, output: { file, format: 'es' }, external, plugins: [dts()], onwarn };
  }
  const iife = format === 'iife';
  return {
    input,
    external: iife ? (id) => id.startsWith('node:') : external,
    plugins: [
      reportHtmlModule(),
      tscSourceMaps(),
      ...(iife ? [nodeResolve({ browser: true, preferBuiltins: false }), commonjs()] : []),
      // A bin with a shebang is runnable as ./dist/cli.js too, not only through npm's bin link.
      ...(banner?.startsWith('#!') ? [{ name: 'heapcensus:chmod', writeBundle: (o) => chmodSync(o.file, 0o755) }] : []),
      ...(minify ? [terser({ ecma: 2022, module: false, compress: { passes: 2 }, mangle: true, format: { comments: false } })] : []),
      ...plugins,
    ],
    output: {
      file,
      format,
      banner,
      sourcemap,
      exports: format === 'cjs' ? 'named' : undefined,
      generatedCode: 'es2015',
      interop: 'auto',
    },
    onwarn,
  };
}

const b = (p) => resolve(root, 'build', p);

const bundles = [
  // First: the browser bundles below may inline dist/report.html (rollup builds the list in order).
  config({
    input: b('report/main.js'),
    file: 'dist/report.js',
    format: 'iife',
    minify: true,
    sourcemap: false,
    plugins: [reportPage({ template: 'report/index.html', css: ['node_modules/uplot/dist/uPlot.min.css', 'report/report.css'] })],
  }),
  config({ input: b('platform/node/index.js'), file: 'dist/node.js', format: 'es' }),
  config({ input: b('platform/node/index.js'), file: 'dist/node.cjs', format: 'cjs' }),
  config({ input: b('platform/browser/index.js'), file: 'dist/browser.js', format: 'es' }),
  config({ input: b('platform/browser/index.js'), file: 'dist/browser.cjs', format: 'cjs' }),
  config({ input: b('platform/browser/iife.js'), file: 'dist/heapcensus.iife.js', format: 'iife', minify: true }),
  config({ input: b('platform/node/cli.js'), file: 'dist/cli.js', format: 'es', banner: '#!/usr/bin/env node' }),
  // The metrics exporters (heapcensus/prometheus, heapcensus/otel): each loads only its own peer.
  ...['prometheus', 'otel'].flatMap((name) => [
    config({ input: b(`metrics/${name}.js`), file: `dist/${name}.js`, format: 'es' }),
    config({ input: b(`metrics/${name}.js`), file: `dist/${name}.cjs`, format: 'cjs' }),
    ...['d.ts', 'd.cts'].map((ext) => config({ input: b(`metrics/${name}.d.ts`), file: `dist/${name}.${ext}`, format: 'dts' })),
  ]),
  config({ input: b('platform/node/index.d.ts'), file: 'dist/index.d.ts', format: 'dts' }),
  config({ input: b('platform/browser/index.d.ts'), file: 'dist/browser.d.ts', format: 'dts' }),
  // The same declarations for `require` under Node16/NodeNext resolution: in a "type": "module"
  // package a .d.ts describes an ES module, which CommonJS code may not require.
  config({ input: b('platform/node/index.d.ts'), file: 'dist/index.d.cts', format: 'dts' }),
  config({ input: b('platform/browser/index.d.ts'), file: 'dist/browser.d.cts', format: 'dts' }),
];

// For tests that bundle openReport on their own (test/browser/report.test.ts).
export { reportHtmlModule };

// An entry whose source is not written yet is left out with a warning (the package smoke
// test then fails on the missing dist file), so the other bundles still build meanwhile.
export default bundles.filter((c) => {
  if (existsSync(c.input)) return true;
  console.warn(`rollup.config.mjs: skipping ${c.output.file}: ${c.input} does not exist (run tsc -b first?)`);
  return false;
});
