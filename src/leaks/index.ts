/** Leak checks (issue 13): the criterion, the result, the iteration driver and its host contract. */
export { isLeaking, growthPerIteration, leakingClasses } from './leakCriterion.js';
export { LeakResult, formatLeakResult, type ClassLeak, type LeakResultFields } from './LeakResult.js';
export { runLeakCheck, PATH_SEPARATOR, type LeakHost, type LeakSample, type LeakCheckOptions, type LeakScenario } from './runLeakCheck.js';
export { trackerLeakHost, type CollectGarbage } from './trackerLeakHost.js';
export { createFindLeaks, type FindLeaks, type FindLeaksOptions, type FindLeaksHost } from './createFindLeaks.js';
