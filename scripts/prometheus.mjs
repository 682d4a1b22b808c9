// A Prometheus server of our own on 127.0.0.1 for the metrics tests (test/unit/metrics.prometheus.test.ts)
// and `npm run demo:fleet`: Debian's `prometheus` binary (scripts/ensure-prometheus.sh installs it),
// a temporary config and TSDB, a free port, stopped by its PID.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1 (bound and released: the OS does not hand it out again at once). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolvePort(port));
    });
  });
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts Prometheus scraping `targets` (`{ job, address: 'host:port', path? }`) every
 * `scrapeInterval`; resolves once it answers /-/ready. The caller must call `stop()`.
 */
export async function startPrometheus({ targets, scrapeInterval = '1s', binary = 'prometheus' }) {
  const dir = mkdtempSync(join(tmpdir(), 'heapcensus-prometheus-'));
  // One scrape config per job (Prometheus rejects a job name twice), listing its targets.
  const jobs = new Map();
  for (const t of targets) {
    const key = JSON.stringify([t.job, t.path ?? '/metrics']);
    if (!jobs.has(key)) jobs.set(key, []);
    jobs.get(key).push(t.address);
  }
  const scrapeConfigs = [...jobs]
    .map(([key, addresses]) => {
      const [job, path] = JSON.parse(key);
      return [
        `  - job_name: ${JSON.stringify(job)}`,
        `    metrics_path: ${JSON.stringify(path)}`,
        '    static_configs:',
        `      - targets: [${addresses.map((a) => JSON.stringify(a)).join(', ')}]`,
      ].join('\n');
    })
    .join('\n');
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: ${scrapeInterval}\n  scrape_timeout: ${scrapeInterval}\n  evaluation_interval: ${scrapeInterval}\nscrape_configs:\n${scrapeConfigs}\n`,
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(binary, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (d) => {
    log = (log + d).slice(-4000);
  });
  // A binary that cannot be spawned emits 'error' and never 'exit'.
  const exited = new Promise((r) => {
    child.once('exit', (code, signal) => r({ code, signal }));
    child.once('error', () => r({ code: null, signal: null }));
  });
  const spawnError = new Promise((_, reject) => child.once('error', (e) => reject(new Error(`could not start ${binary} (${e.message}); run scripts/ensure-prometheus.sh as root`))));
  let stopped = false;
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready when /-/ready answers 200; an early exit or a failed spawn ends the wait with its reason
  // (and, through `stopped`, this loop, which would otherwise keep the process alive).
  const ready = (async () => {
    while (!stopped) {
      try {
        if ((await fetch(`${url}/-/ready`)).ok) return;
      } catch {
        // Not listening yet.
      }
      await pause(100);
    }
  })();
  try {
    await Promise.race([ready, spawnError, exited.then(({ code, signal }) => Promise.reject(new Error(`prometheus exited (${code ?? signal}) before it was ready:\n${log}`)))]);
  } catch (e) {
    await stop();
    throw e;
  }

  /** Runs an instant PromQL query; resolves to the result vector (`[{ metric, value: [t, "v"] }]`). */
  const query = async (promql) => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = await res.json();
    if (body.status !== 'success') throw new Error(`PromQL ${promql}: ${body.error ?? res.status}`);
    return body.data.result;
  };
  /** Re-runs `promql` until `accept(result)` holds (each scrape may change it); resolves to that result. */
  const waitFor = async (promql, accept) => {
    for (;;) {
      const result = await query(promql);
      if (accept(result)) return result;
      await pause(250);
    }
  };
  return { url, pid: child.pid, query, waitFor, stop };
}
