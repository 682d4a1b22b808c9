/** Where and how a JSON text goes wrong: `truncated` when it is a valid prefix that just ends early. */
export interface JsonProblem {
  offset: number;
  truncated: boolean;
}

const WS = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Scans `text` against the JSON grammar (iteratively, so nesting depth costs no stack) and
 * returns its first problem, or undefined when it is valid JSON. Used only after `JSON.parse`
 * failed, to tell a file that ends early from one that is damaged, whatever the engine's message.
 */
export function jsonProblem(text: string): JsonProblem | undefined {
  const n = text.length;
  let i = 0;
  // Container stack: 0x5b '[' or 0x7b '{'. `expect` is what the grammar allows next.
  const stack: number[] = [];
  type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end';
  let expect: Expect = 'value';
  const fail = (at: number): JsonProblem => ({ offset: at, truncated: at >= n });
  const afterValue = (): Expect => (stack.length === 0 ? 'end' : 'commaOrClose');

  while (true) {
    while (i < n && WS(text.charCodeAt(i))) i++;
    if (i >= n) return expect === 'end' ? undefined : fail(n);
    const c = text.charCodeAt(i);
    switch (expect) {
      case 'end':
        return fail(i);
      case 'colon':
        if (c !== 0x3a) return fail(i);
        i++;
        expect = 'value';
        continue;
      case 'commaOrClose': {
        const top = stack[stack.length - 1]!;
        if (c === 0x2c) {
          i++;
          expect = top === 0x7b ? 'key' : 'value';
        } else if ((c === 0x5d && top === 0x5b) || (c === 0x7d && top === 0x7b)) {
          i++;
          stack.pop();
          expect = afterValue();
        } else {
          return fail(i);
        }
        continue;
      }
      case 'key':
      case 'keyOrClose': {
        if (c === 0x7d && expect === 'keyOrClose') {
          i++;
          stack.pop();
          expect = afterValue();
          continue;
        }
        if (c !== 0x22) return fail(i);
        const end = scanString(text, i);
        if (end < 0) return fail(-end - 1);
        i = end;
        expect = 'colon';
        continue;
      }
      case 'value':
      case 'valueOrClose': {
        if (c === 0x5d && expect === 'valueOrClose') {
          i++;
          stack.pop();
          expect = afterValue();
          continue;
        }
        if (c === 0x5b || c === 0x7b) {
          stack.push(c);
          i++;
          expect = c === 0x5b ? 'valueOrClose' : 'keyOrClose';
          continue;
        }
        let end: number;
        if (c === 0x22) end = scanString(text, i);
        else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) end = scanNumber(text, i);
        else end = scanLiteral(text, i);
        if (end < 0) return fail(-end - 1);
        i = end;
        expect = afterValue();
        continue;
      }
    }
  }
}

/** Returns the index after the string starting at `i`, or `-(offset + 1)` of the problem. */
function scanString(s: string, i: number): number {
  const n = s.length;
  let j = i + 1;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c < 0x20) return -(j + 1);
    if (c === 0x5c) {
      if (j + 1 >= n) return -(n + 1);
      const e = s.charCodeAt(j + 1);
      if (e === 0x75) {
        for (let k = 0; k < 4; k++) {
          if (j + 2 + k >= n) return -(n + 1);
          if (!/[0-9a-fA-F]/.test(s[j + 2 + k]!)) return -(j + 2 + k + 1);
        }
        j += 6;
        continue;
      }
      if (!'"\\/bfnrt'.includes(s[j + 1]!)) return -(j + 2);
      j += 2;
      continue;
    }
    j++;
  }
  return -(n + 1);
}

function scanNumber(s: string, i: number): number {
  const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  m.lastIndex = i;
  const r = m.exec(s);
  const end = r === null ? i : i + r[0].length;
  // A number cut short ("12.", "1e", "-") at the very end is a truncation.
  const partial = /-?(?:0|[1-9]\d*)?(?:\.\d*)?(?:[eE][+-]?\d*)?/y;
  partial.lastIndex = i;
  const p = partial.exec(s);
  const pend = p === null ? i : i + p[0].length;
  if (pend >= s.length && (r === null || end < pend)) return -(s.length + 1);
  if (r === null || r[0].length === 0) return -(i + 1);
  return end;
}

function scanLiteral(s: string, i: number): number {
  for (const word of ['true', 'false', 'null']) {
    if (s.startsWith(word, i)) return i + word.length;
    const rest = s.slice(i);
    if (rest.length < word.length && word.startsWith(rest)) return -(s.length + 1);
  }
  return -(i + 1);
}
