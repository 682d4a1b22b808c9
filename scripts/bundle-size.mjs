// Measures what heapcensus adds to a browser bundle: a tiny app bundled by esbuild (minified,
// ES2022, the browser build as a bundler picks it), raw and gzipped, per import set; and how
// much of it reflect-metadata is. Prints a Markdown table (README.md "Use with your build tool").
// Run `npm run build` first: it bundles this checkout's dist/ through the package's exports.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cases = {
  'tracker + @Tracked()': `import { Tracked, tracker } from 'heapcensus';
    @Tracked({ name: 'Row' }) class Row { cells = [] }
    globalThis.keep = [new Row()]; tracker.snapshot('x');`,
  '... + installConsole() + watchVitals()': `import { Tracked, tracker, installConsole, watchVitals } from 'heapcensus';
    @Tracked({ name: 'Row' }) class Row { cells = [] }
    globalThis.keep = [new Row()]; installConsole(); watchVitals(); tracker.snapshot('x');`,
};

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log('| imports | minified | gzipped | of which reflect-metadata (minified) |\n|---|---|---|---|');
for (const [name, code] of Object.entries(cases)) {
  const r = await build({
    stdin: { contents: code, resolveDir: root, loader: 'ts', sourcefile: 'app.ts' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, metafile: true,
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true } },
  });
  const out = r.outputFiles[0].contents;
  const inputs = Object.values(r.metafile.outputs)[0].inputs;
  const reflect = Object.entries(inputs).filter(([f]) => f.includes('reflect-metadata')).reduce((a, [, v]) => a + v.bytesInOutput, 0);
  console.log(`| ${name} | ${kb(out.length)} | ${kb(gzipSync(out).length)} | ${kb(reflect)} |`);
}
