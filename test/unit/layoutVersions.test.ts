import { describe, expect, it } from 'vitest';
import { layoutFor, LARGER_REGEXP_DATA_FROM } from '../../src/sizer/Layout.js';
import { Sizer } from '../../src/sizer/index.js';
import { nodePlatform } from '../../platform/node/nodePlatform.js';

/**
 * The layout figures that changed between V8 versions (T = 4): the regexp data, 36 bytes larger
 * from Chromium 156 than in Chromium 150 (measured with heap snapshots: atom data 40 -> 76,
 * irregexp data 76 -> 112). The browser calibration test checks the running Chromium's figures.
 */
describe('layout figures by V8 version', () => {
  it('gives Chromium 150 the smaller regexp data and 156 (or an unknown version) the larger', () => {
    const old = layoutFor(4, 150);
    const current = layoutFor(4, 156);
    expect(current.regexpAtom - old.regexpAtom).toBe(36);
    expect(current.regexp - old.regexp).toBe(36);
    expect(old.regexpAtom).toBe(6 * 4 + 8 + 40);
    expect(current.regexp).toBe(6 * 4 + 8 + 112);
    expect(layoutFor(4)).toBe(current);
    expect(layoutFor(4, LARGER_REGEXP_DATA_FROM - 1)).toBe(old);
    // Everything else is shared.
    const figures = (l: object) => Object.entries(l).filter(([k, v]) => typeof v !== 'function' && k !== 'regexp' && k !== 'regexpAtom');
    expect(figures(old)).toEqual(figures(current));
    expect(old.fixedArray(10)).toBe(current.fixedArray(10));
  });

  it('leaves 8-byte tagged layouts (Node without pointer compression) alone', () => {
    expect(layoutFor(8, 113)).toBe(layoutFor(8, 200));
  });

  it('sizes a regexp by the version the sizer is given', () => {
    const re = { atom: /plainword/, ir: /a+b[cd]/ };
    const at = (v8Version: number) => new Sizer({ taggedSize: 4, v8Version }).measure(re).size;
    expect(at(156) - at(150)).toBe(72);
  });

  it("reads Node's V8 version into the platform", () => {
    const [major, minor] = process.versions.v8.split('.').map(Number);
    expect(nodePlatform().v8Version).toBe(major! * 10 + minor!);
  });
});
