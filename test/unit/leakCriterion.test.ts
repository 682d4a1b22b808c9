import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { growthPerIteration, isLeaking, leakingClasses } from '../../src/leaks/leakCriterion.js';

/**
 * The leak criterion over alive counts (after the warm-up, then after each measured iteration,
 * each after a full GC): a class leaks when its count grows by at least one in every measured
 * iteration. False positives are tested as hard as true leaks.
 */
describe('leak criterion', () => {
  it('reports steady growth of one or more per iteration', () => {
    expect(isLeaking([0, 1, 2, 3, 4, 5])).toBe(true);
    expect(isLeaking([10, 13, 16, 19])).toBe(true);
    expect(isLeaking([1, 2])).toBe(true);
    expect(growthPerIteration([10, 13, 16, 19])).toBe(3);
  });

  it('reports uneven growth as long as every iteration grew', () => {
    expect(isLeaking([0, 1, 5, 6, 9])).toBe(true);
    expect(growthPerIteration([0, 1, 5, 6, 9])).toBe(2.25);
  });

  it('does not report a plateau after the warm-up (a cache filled once)', () => {
    expect(isLeaking([50, 50, 50, 50, 50])).toBe(false);
    expect(isLeaking([0, 0, 0])).toBe(false);
  });

  it('does not report a cache that fills during the measured iterations and then stops', () => {
    expect(isLeaking([3, 6, 9, 10, 10, 10])).toBe(false);
    expect(isLeaking([1, 2, 3, 4, 4])).toBe(false);
  });

  it('does not report create-and-drop (counts back where they were)', () => {
    expect(isLeaking([5, 5, 5, 5])).toBe(false);
    expect(isLeaking([0, 3, 0, 3, 0])).toBe(false);
  });

  it('does not report noisy counts that fall back or stand still once', () => {
    expect(isLeaking([10, 11, 12, 11, 12, 13])).toBe(false);
    expect(isLeaking([10, 11, 11, 12, 13])).toBe(false);
    expect(isLeaking([10, 12, 14, 16, 15])).toBe(false);
    // Growth below one instance per iteration is not growth (counts are integers; a NaN is no count).
    expect(isLeaking([1, 1.5, 2, 2.5])).toBe(false);
    expect(isLeaking([1, Number.NaN, 3])).toBe(false);
  });

  it('needs two counts to judge', () => {
    expect(isLeaking([])).toBe(false);
    expect(isLeaking([7])).toBe(false);
    expect(growthPerIteration([7])).toBe(0);
  });

  it('is exactly "every step grows by >= 1" on random series', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 2, maxLength: 12 }), (counts) => {
        const steps = counts.slice(1).map((c, i) => c - counts[i]!);
        expect(isLeaking(counts)).toBe(steps.every((d) => d >= 1));
      }),
    );
  });

  it('names the leaking classes of a series, in order', () => {
    const series = new Map([
      ['Doc', [1, 2, 3, 4]],
      ['Cache', [5, 9, 9, 9]],
      ['Temp', [0, 0, 0, 0]],
      ['View', [0, 2, 4, 6]],
    ]);
    expect(leakingClasses(series)).toEqual(['Doc', 'View']);
  });
});
