// The server lives in scripts/serveStatic.mjs so that `npm run demo:browser` and the benchmarks share it.
export { serveStatic, type StaticServer, type ServeOptions } from '../../../scripts/serveStatic.mjs';
