// `npm run demo:browser`: builds the package if needed and the browser demo (demo/browser, in both
// decorator modes), then serves it cross-origin isolated (COOP/COEP) on 127.0.0.1 until Ctrl+C.
// PORT=8080 picks the port (default 8417; 0 for any free one).
import { ensureDemo } from '../demo/browser/build.mjs';
import { buildIfNeeded } from './lib.mjs';
import { serveStatic } from './serveStatic.mjs';

buildIfNeeded();
const dir = await ensureDemo();
const port = Number(process.env.PORT ?? 8417);
let server;
try {
  server = await serveStatic(dir, { isolated: true, port });
} catch (e) {
  console.error(`heapcensus demo: cannot listen on 127.0.0.1:${port} (${e.code ?? e.message}); try PORT=0 npm run demo:browser`);
  process.exit(1);
}
console.log(`heapcensus browser demo (cross-origin isolated, so totals come from measureUserAgentSpecificMemory):
  ${server.origin}/standard/   standard (TC39) decorators
  ${server.origin}/legacy/     legacy experimentalDecorators
Open one, then the devtools console: heapcensus.help(). Ctrl+C stops the server.`);
const stop = () => server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
