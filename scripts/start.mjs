// `npm start`: builds if needed, then runs the Node tutorial demo (demo/node/tutorial.ts,
// compiled by `tsc -b` to build/demo/node/tutorial.js). Extra arguments go to the demo.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfNeeded, root, run } from './lib.mjs';

if (!existsSync(join(root, 'demo/node/tutorial.ts'))) {
  console.error('heapcensus: the Node demo (demo/node/tutorial.ts) is not written yet; nothing to start.');
  console.error('Meanwhile: `npm test` runs the test suite, `npm run build` builds dist/.');
  process.exit(1);
}
buildIfNeeded();
// --expose-gc lets the demo collect garbage on purpose, so deaths show up in its summaries;
// --enable-source-maps makes creation traces point at demo/node/*.ts.
run(process.execPath, ['--expose-gc', '--enable-source-maps', join(root, 'build/demo/node/tutorial.js'), ...process.argv.slice(2)]);
