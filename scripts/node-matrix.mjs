// The Node unit tests (vitest projects legacy and standard) on the other supported Node lines.
// Run after `npm test` (its `posttest`), which covers the Node running npm. Each version comes
// from the registry's `node` package through npx (pinned; cached after the first run). Writes
// test-results/vitest-node<major>.json (vitest's JSON report) per version, which .ci/run counts.
// HEAPCENSUS_NODE_MATRIX=0 skips it; HEAPCENSUS_NODE_MATRIX=22.23.3,24.21.0 picks versions.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Exact versions: the newest 22 and 24 releases when this was pinned. */
const VERSIONS = ['22.23.3', '24.21.0'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const choice = process.env.HEAPCENSUS_NODE_MATRIX;
if (choice === '0') {
  console.log('node-matrix: skipped (HEAPCENSUS_NODE_MATRIX=0)');
  process.exit(0);
}
const versions = choice ? choice.split(',').map((v) => v.trim()).filter(Boolean) : VERSIONS;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
mkdirSync(join(root, 'test-results'), { recursive: true });

let failed = 0;
for (const v of versions) {
  if (!/^\d+\.\d+\.\d+$/.test(v)) throw new Error(`node-matrix: "${v}" is not an exact version (like 22.23.3)`);
  const report = join(root, 'test-results', `vitest-node${v.split('.')[0]}.json`);
  rmSync(report, { force: true });
  console.log(`\nnode-matrix: Node ${v}: vitest --project legacy --project standard`);
  // The packed-tarball test builds and installs the package: once, on the Node that runs npm, is enough.
  const r = spawnSync(
    npx,
    ['-y', `node@${v}`, join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'legacy', '--project', 'standard', '--exclude', 'test/unit/packed.test.ts',
      '--reporter=default', '--reporter=json', `--outputFile=${report}`],
    { cwd: root, stdio: 'inherit' },
  );
  if (r.status !== 0) {
    console.log(`node-matrix: Node ${v} exited with ${r.status ?? r.signal}`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
