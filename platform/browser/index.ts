/**
 * heapcensus for browsers: the core bound to the browser platform (measureUserAgentSpecificMemory
 * or performance.memory totals, 4-byte tagged fields, downloads, time-sliced snapshots).
 * @example
 * import { Tracked, tracker, installConsole } from 'heapcensus';
 * @Tracked() class Row { cells: string[] = [] }
 * installConsole(); // then in devtools: heapcensus.snapshot('after scroll'); heapcensus.summary()
 */
export * from './sdk.js';
export { watchVitals, type WatchVitalsOptions, type VitalsMoment } from './watchVitals.js';
export { installConsole, type ConsoleApi, type ConsoleStatsOptions } from './installConsole.js';
