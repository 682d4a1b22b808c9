import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { privateFieldCount } from '../../src/sizer/privateFieldCount.js';

/**
 * The `#private` slot estimate reads class source. Generated classes mix private members
 * with code built to mislead a scanner: regular expressions holding quotes, braces, `#` and
 * slashes; template literals with nested `${}`; comments with quotes and braces; divisions.
 * Each source is evaluated first, so only valid JavaScript is counted.
 */

/** Expressions that contain what a naive scanner takes for quotes, braces, comments or members. */
const TRICKY_EXPRESSIONS = [
  `/['"{}\`#a]/g`,
  `/\\/\\*{/`,
  `/[/]#x'/.source`,
  `/}/`,
  '`a${ { b: "}" }.b }#x ${`nested ${1 + 1} {`}`',
  '`${"`"}{`',
  `'#x { "'`,
  `"} #y '"`,
  `4 / 2 / 1`,
  `(1) / 2 / (3)`,
  `[1][0] / 2`,
  `{ a: '}', b: /{/ }`,
  `typeof /"/`,
  `x => /'/.test(x)`,
  `'\\' #z'`,
  `1.5`,
];
const TRICKY_STATEMENTS = [
  `return /'{/.test('{');`,
  `const r = /\\/'/; if (r) { return '}'; }`,
  'let t = `${ "{" }${ `${"}"}` }`;',
  `// it's a { #fake(\n`,
  `/* "#fake" } { ' */`,
  `const d = this.a / 2 / 3;`,
  `const o = { '#q': 1, x: { y: '}' } };`,
  `if (x) { return; } /#k"/.test('');`,
];

type Member = { source: string; field: boolean; brand: boolean };

const expr = fc.constantFrom(...TRICKY_EXPRESSIONS);
const body = fc.array(fc.constantFrom(...TRICKY_STATEMENTS), { maxLength: 3 }).map((s) => s.map((t) => `{\n${t}\n}`).join('\n'));
const sep = fc.constantFrom(';\n', '\n', ';  ', '; // trailing \' comment {\n', ' /* } */;\n');

function member(i: number): fc.Arbitrary<Member> {
  return fc.oneof(
    fc.tuple(fc.option(expr), sep).map(([e, s]) => ({ source: `#f${i}${e === null ? '' : ` = ${e}`}${s}`, field: true, brand: false })),
    fc.tuple(expr, sep).map(([e, s]) => ({ source: `static #s${i} = ${e}${s}`, field: false, brand: false })),
    body.map((b) => ({ source: `#m${i}(x) {\n${b}\n}\n`, field: false, brand: true })),
    body.map((b) => ({ source: `get #g${i}() {\n${b}\n}\n`, field: false, brand: true })),
    body.map((b) => ({ source: `static #sm${i}(x) {\n${b}\n}\n`, field: false, brand: false })),
    fc.tuple(expr, sep).map(([e, s]) => ({ source: `pub${i} = ${e}${s}`, field: false, brand: false })),
    body.map((b) => ({ source: `method${i}(x) {\n${b}\n}\n`, field: false, brand: false })),
    fc.constantFrom('// a comment with \' and { and #c\n', '/* } " #d { */\n').map((c) => ({ source: c, field: false, brand: false })),
  );
}

const classSource = fc
  .integer({ min: 0, max: 12 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => member(i))))
  .map((members) => ({
    source: `class Generated {\n${members.map((m) => m.source).join('')}}`,
    expected: members.filter((m) => m.field).length + (members.some((m) => m.brand) ? 1 : 0),
  }));

describe('privateFieldCount', () => {
  it('counts non-static #fields plus one brand slot, whatever strings, regexps, templates and comments surround them (property)', () => {
    fc.assert(
      fc.property(classSource, ({ source, expected }) => {
        // The source is valid JavaScript, and V8 gives it back as written.
        const cls = new Function(`return ${source}`)() as Function;
        const text = Function.prototype.toString.call(cls);
        expect(text).toBe(source);
        expect(privateFieldCount(text)).toBe(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('regular expressions and templates that once threw it off', () => {
    expect(privateFieldCount('class A { #a = /"/; #b = 1; }')).toBe(2);
    expect(privateFieldCount("class A { #a = /'{/; #b = 1; }")).toBe(2);
    expect(privateFieldCount('class A { #a = `${ { x: "}" }.x }`; #b = 1; }')).toBe(2);
    expect(privateFieldCount('class A { #a = 4 / 2; #b = 1 / 2; }')).toBe(2);
    expect(privateFieldCount("class A { m() { return /}/; }\n#b = 1; }")).toBe(1);
    expect(privateFieldCount("class A { #a = 1 // it's\n#b = 2 }")).toBe(2);
    expect(privateFieldCount('function f() {}')).toBe(0);
  });
});
