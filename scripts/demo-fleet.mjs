// `npm run demo:fleet`: a fleet in miniature. Starts three Node workers (demo/fleet/worker.ts: the
// tutorial's build-system workload, each at its own scale, exporting heapcensus metrics through
// prom-client on 127.0.0.1) and a Prometheus server scraping them every second, waits for two
// scrapes of each, prints which classes use the most memory across the fleet (a PromQL query and
// its answer), then stops everything it started.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { formatBytes } from '../dist/node.js';
import { buildIfNeeded, root, run } from './lib.mjs';
import { startPrometheus } from './prometheus.mjs';

const WORKERS = 3;
const QUERY = 'topk(5, sum by (heapcensus_class_name) (heapcensus_memory_used_bytes))';

buildIfNeeded();
// Debian's prometheus, installed when missing (as root), as for the tests.
run('bash', [join(root, 'scripts/ensure-prometheus.sh')]);
const workers = [];
let prometheus;

/** Starts worker `i`; resolves to its `127.0.0.1:port` once it serves /metrics. */
function startWorker(i) {
  const child = spawn(process.execPath, [join(root, 'build/demo/fleet/worker.js'), String(i)], { stdio: ['ignore', 'pipe', 'inherit'] });
  workers.push(child);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`worker ${i} exited (${code}) before it served metrics`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve(`127.0.0.1:${JSON.parse(line).port}`));
  });
}

async function stopAll() {
  await prometheus?.stop();
  await Promise.all(
    workers.map((w) => (w.exitCode === null && w.signalCode === null ? new Promise((r) => {
      w.removeAllListeners('exit');
      w.once('exit', r);
      w.kill('SIGTERM');
    }) : undefined)),
  );
}

try {
  console.log(`heapcensus fleet demo: ${WORKERS} Node workers building the tutorial's graph, scraped by Prometheus\n`);
  const addresses = await Promise.all(Array.from({ length: WORKERS }, (_, i) => startWorker(i)));
  for (const [i, a] of addresses.entries()) console.log(`  worker ${i}: http://${a}/metrics`);
  prometheus = await startPrometheus({ targets: addresses.map((address) => ({ job: 'heapcensus-fleet', address })) });
  console.log(`  prometheus (pid ${prometheus.pid}): ${prometheus.url}\n`);
  // Two successful scrapes of every worker.
  await prometheus.waitFor('count(count_over_time(up{job="heapcensus-fleet"}[5m]) >= 2 and sum_over_time(up{job="heapcensus-fleet"}[5m]) >= 2)', (r) => r.length === 1 && Number(r[0].value[1]) === WORKERS);
  const result = await prometheus.query(QUERY);
  console.log('Which classes use the most memory across the fleet?\n');
  console.log(`  ${QUERY}\n`);
  const width = Math.max(...result.map((s) => s.metric.heapcensus_class_name.length));
  for (const s of result) console.log(`  ${s.metric.heapcensus_class_name.padEnd(width)}  ${formatBytes(Number(s.value[1])).padStart(10)}`);
  const live = await prometheus.query('sum by (heapcensus_class_name) (heapcensus_instance_live)');
  const total = live.reduce((a, s) => a + Number(s.value[1]), 0);
  console.log(`\n  (${total} live tracked instances in ${WORKERS} processes; model bytes at each worker's latest snapshot)`);
} catch (e) {
  console.error(`heapcensus fleet demo failed: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
