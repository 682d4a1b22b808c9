/**
 * The report opens untrusted dumps: no array may be spread into a call's arguments anywhere in
 * report/ (`Math.max(...a)`, `push(...a)`, `f.apply(t, a)`), because past ~100,000 elements the
 * call throws `RangeError: Maximum call stack size exceeded` (150,000 marks did; issue 16).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from '@typescript/typescript6';
import { describe, expect, test } from 'vitest';

/** `file:line` of every spread into call or `new` arguments, and of every `.apply(…)` call, in `text`. */
function spreadCalls(file: string, text: string): string[] {
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const at = (n: ts.Node): string => `${file}:${src.getLineAndCharacterOfPosition(n.getStart(src)).line + 1}`;
  const visit = (n: ts.Node): void => {
    if (ts.isSpreadElement(n) && (ts.isCallExpression(n.parent) || ts.isNewExpression(n.parent))) found.push(at(n));
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'apply') found.push(at(n));
    ts.forEachChild(n, visit);
  };
  visit(src);
  return found;
}

describe('report/ spreads no array into arguments', () => {
  test('the check finds spreads into calls and apply, and not array, object or JSX spreads', () => {
    const bad = 'const a = Math.min(...xs, ...ys.map((m) => m.t));\nlist.push(...more);\nnew Set(...x);\nMath.max.apply(null, xs);';
    expect(spreadCalls('bad.ts', bad)).toEqual(['bad.ts:1', 'bad.ts:1', 'bad.ts:2', 'bad.ts:3', 'bad.ts:4']);
    const fine = 'const b = [...xs];\nconst o = { ...opts, width: 1 };\nconst e = <Chart {...props} />;\nfunction f(...rest: number[]) { return rest; }';
    expect(spreadCalls('fine.tsx', fine)).toEqual([]);
  });

  test('no file in report/ does it', () => {
    const dir = join(process.cwd(), 'report');
    const files = readdirSync(dir).filter((f) => /\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((f) => spreadCalls(`report/${f}`, readFileSync(join(dir, f), 'utf8')))).toEqual([]);
  });
});
