/** Leak checks (issue 13): the criterion, the result, the iteration driver and its host contract. */
export { isLeaking, growthPerIteration, leakingClasses } from './leakCriterion.js';
export { LeakResult, formatLeakResult, type ClassLeak, type LeakResultFields } from './LeakResult.js';
export { runLeakCheck, PATH_SEPARATOR, type LeakHost, type LeakSample, type LeakCheckOptions, type LeakScenario } from './runLeakCheck.js';
export { trackerLeakHost, collectAndSweep, type CollectGarbage } from './trackerLeakHost.js';
export { createFindLeaks, createCollectGarbage, type FindLeaks, type FindLeaksOptions, type FindLeaksHost, type CollectGarbageAndSweep } from './createFindLeaks.js';
