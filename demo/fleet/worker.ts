/**
 * One worker of `npm run demo:fleet`: builds the tutorial's build-system graph (demo/node/buildModel.ts)
 * at its own scale and layout, and serves heapcensus metrics through prom-client on
 * 127.0.0.1 (an ephemeral port, printed as one JSON line `{"port": N}`) until it is stopped.
 * Usage: node worker.js <index>
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { registerHeapcensusMetrics } from '../../metrics/prometheus.js';
import { ClassTracker, Tracked } from '../../platform/node/index.js';
import { buildModel, type ModelNode } from '../node/buildModel.js';

const index = Number(process.argv[2] ?? 0);
const tracker = new ClassTracker();
// Worker 1 runs the lean layout, the others the original one; each builds a graph of its own size.
const M = buildModel(Tracked, tracker, index === 1);
const scale = 1 + index;

let seed = 2198 + index;
const random = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

const top = new M.Dir('#', null);
const dirs: ModelNode[] = [top];
for (let d = 0; d < 50 * scale; d++) {
  const dir = new M.Dir(`dir${d}`, pick(dirs));
  dirs.push(dir);
}
const files: ModelNode[] = [];
for (let f = 0; f < 1000 * scale; f++) {
  const dir = pick(dirs);
  const file = new M.File(`src${f}.${random() < 0.8 ? 'c' : 'h'}`, dir);
  dir.addChild(file);
  files.push(file);
}
const aliases = Array.from({ length: 300 * scale }, (_, a) => new M.Base(`alias${a}`, null));
const executors: object[] = [];
for (const src of files.filter((f) => f.name.endsWith('.c'))) {
  const obj = new M.File(src.name.replace(/\.c$/, '.o'), dirs[0]!);
  obj.addSource(src);
  const ex = new M.Executor('$CC -c -o $TARGET $SOURCES', [obj], [obj]);
  obj.setExecutor(ex);
  executors.push(ex);
  obj.markBuilt(Math.floor(random() * 2 ** 48).toString(16).padStart(12, '0'));
  files.push(obj);
}
for (const a of aliases) a.addChild(pick(files));
const graph = [top, dirs, files, aliases, executors];

const registry = new Registry();
collectDefaultMetrics({ register: registry });
registerHeapcensusMetrics({ registry, tracker });
await tracker.snapshot('after building targets');
// Sizes for memory.used come from snapshots: a low rate keeps them current at little cost.
tracker.startPeriodicSnapshots(30_000);

const server = createServer((_req, res) => {
  registry.metrics().then(
    (text) => {
      res.setHeader('Content-Type', registry.contentType);
      res.end(text);
    },
    (e: unknown) => {
      res.statusCode = 500;
      res.end(String(e));
    },
  );
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port, objects: graph.length })}\n`);
});
process.on('SIGTERM', () => {
  tracker.close();
  server.close(() => process.exit(0));
});
