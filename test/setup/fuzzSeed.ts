import fc from 'fast-check';

/**
 * Property tests run on a fixed seed, so `npm test` (and CI) checks the same cases every
 * time and a failure reproduces. `npm run test:fuzz` sets HEAPCENSUS_FUZZ_SEED=random to
 * explore new cases (the seed of a failure is in its message); any number pins a seed.
 */
const DEFAULT_SEED = 20261125;
const env = process.env['HEAPCENSUS_FUZZ_SEED'];
if (env !== 'random') {
  const seed = env === undefined || env === '' ? DEFAULT_SEED : Number(env);
  if (!Number.isInteger(seed)) throw new Error(`HEAPCENSUS_FUZZ_SEED must be an integer or "random", got ${env}`);
  fc.configureGlobal({ seed });
}
