// Helpers shared by scripts/start.mjs and scripts/bench.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command in the repo root with inherited stdio; exits with its code when it fails. */
export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) process.exit(r.status ?? 1);
  return r;
}

/** TypeScript 7's own tsc: `.bin/tsc` may point at the TypeScript 6 that @typescript/typescript6 brings. */
export const tsc = (...args) => run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), ...args]);

/** Newest modification time of the files under `paths` (skipping node_modules), 0 if none. */
function newest(paths) {
  let t = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules') walk(join(p, e));
    } else if (s.mtimeMs > t) t = s.mtimeMs;
  };
  for (const p of paths) walk(resolve(root, p));
  return t;
}

const DIST = ['dist/node.js', 'dist/node.cjs', 'dist/browser.js', 'dist/browser.cjs', 'dist/heapcensus.iife.js', 'dist/cli.js', 'dist/index.d.ts'];
const SOURCES = ['src', 'platform', 'report', 'schema', 'rollup.config.mjs', 'package.json', 'tsconfig.base.json'];

/** True when a dist file is missing or older than a source file. */
export function distIsStale() {
  const files = DIST.map((f) => resolve(root, f));
  if (files.some((f) => !existsSync(f))) return true;
  const oldest = Math.min(...files.map((f) => statSync(f).mtimeMs));
  return newest(SOURCES) > oldest;
}

/** `npm run build` when dist is stale; otherwise only `tsc -b` (incremental: the demo and benchmarks run from build/). */
export function buildIfNeeded() {
  if (distIsStale()) {
    console.log('heapcensus: building (dist is missing or older than the sources)...');
    run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { shell: process.platform === 'win32' });
  } else {
    tsc('-b');
  }
}
