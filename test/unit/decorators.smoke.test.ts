import { describe, expect, it } from 'vitest';

function Mark() {
  return (target: unknown, ctx?: unknown) => {
    (globalThis as Record<string, unknown>).__lastDecorator = typeof ctx === 'object' && ctx !== null ? 'standard' : 'legacy';
    return target as never;
  };
}

describe('decorator mode', () => {
  it('lowers decorators in the mode this project names', () => {
    @Mark()
    class A {}
    void A;
    expect((globalThis as Record<string, unknown>).__lastDecorator).toBe(process.env.HEAPCENSUS_DECORATORS);
  });
});
