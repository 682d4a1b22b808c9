// A tiny static file server on 127.0.0.1, shared by the browser tests (test/browser/helpers/serve.ts),
// the benchmarks and `npm run demo:browser`. Types: serveStatic.d.mts.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.gz': 'application/gzip',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * Serves `root` on 127.0.0.1 (`port` 0: an ephemeral one), optionally cross-origin isolated
 * (COOP same-origin + COEP require-corp, so `performance.measureUserAgentSpecificMemory()`
 * exists). Paths outside `root` get 404. Resolves to `{ origin, requests, close() }`.
 */
export async function serveStatic(root, options = {}) {
  const base = resolve(root);
  const requests = [];
  const server = createServer((req, res) => {
    let url;
    let file;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
      file = normalize(join(base, decodeURIComponent(url.pathname)));
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    requests.push(url.pathname);
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    if (options.isolated === true) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
      headers['cross-origin-resource-policy'] = 'same-origin';
    }
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((ok) => {
      server.closeAllConnections?.();
      server.close(() => ok());
    }),
  };
}
