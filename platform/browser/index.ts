/**
 * heapcensus for browsers: the core bound to the browser platform (performance.memory and
 * measureUserAgentSpecificMemory totals, 4-byte tagged fields, downloads, time-sliced snapshots).
 * @example
 * import { Tracked, tracker, installConsole } from 'heapcensus';
 * @Tracked() class Row { cells: string[] = [] }
 * installConsole(); // then in devtools: heapcensus.snapshot('after scroll'); heapcensus.summary()
 */
export * from './sdk.js';
export { installConsole, type ConsoleApi } from './installConsole.js';
