/**
 * Parsing a dump's JSON with its large row tables left for later: the report draws a dump's
 * overview from everything else (a few hundred KB of a 124 MB text) while the rows, almost all
 * of the text, are parsed and checked afterwards. The result is the value `JSON.parse` gives.
 */

/** Arrays under a `"rows"` key at least this long (characters of text) are parsed on demand. */
export const DEFER_MIN_CHARS = 1 << 16;

/**
 * A `"rows"` array of a JSON text, parsed when asked (`JSON.parse` never makes one: the checks tell
 * it from parsed data with `instanceof`). `parse` throws what `fail` throws when the text is not JSON.
 */
export class LazyRows {
  constructor(
    private readonly _text: string,
    private readonly _start: number,
    private readonly _end: number,
    private readonly _fail: () => never,
  ) {}

  /** Characters of JSON text it stands for. */
  get chars(): number {
    return this._end - this._start;
  }

  /** The array (or whatever the text holds there), parsed now. */
  parse(): unknown {
    try {
      return JSON.parse(this._text.slice(this._start, this._end)) as unknown;
    } catch {
      return this._fail();
    }
  }
}

/**
 * Parses JSON `text` like `JSON.parse`, except that each array value of a `"rows"` key longer than
 * `minChars` comes back as a `LazyRows` in its place; `parseAll` parses the whole text the usual
 * way (and throws the usual error). Falls back to `parseAll` whenever the text does not scan cleanly.
 * Returns the value and the lazy arrays, in text order.
 */
export function parseDeferred(text: string, parseAll: (text: string) => unknown, minChars = DEFER_MIN_CHARS): { value: unknown; lazy: LazyRows[] } {
  const spans = rowSpans(text, minChars);
  if (spans === undefined || spans.length === 0) return { value: parseAll(text), lazy: [] };
  // Each deferred array becomes a string no dump can hold (a fresh random tag), found again after parsing.
  const tag = `\u0000heapcensus-rows-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}:`;
  const parts: string[] = [];
  let at = 0;
  spans.forEach(([start, end], k) => {
    parts.push(text.slice(at, start), JSON.stringify(`${tag}${k}`));
    at = end;
  });
  parts.push(text.slice(at));
  let value: unknown;
  try {
    value = JSON.parse(parts.join('')) as unknown;
  } catch {
    return { value: parseAll(text), lazy: [] };
  }
  const fail = (): never => {
    parseAll(text);
    // The whole text parsed after all (it cannot: a piece of it did not): still an error, never a half dump.
    throw new SyntaxError('the JSON text does not parse');
  };
  const lazy = spans.map(([start, end]) => new LazyRows(text, start, end, fail));
  const found: LazyRows[] = [];
  const put = (v: string): LazyRows | string => {
    if (!v.startsWith(tag)) return v;
    const l = lazy[Number(v.slice(tag.length))]!;
    found.push(l);
    return l;
  };
  value = swapTags(value, tag, put);
  return { value, lazy: found };
}

/** Replaces every tagged string in a parsed value (objects and arrays, walked without recursion). */
function swapTags(root: unknown, tag: string, put: (v: string) => unknown): unknown {
  if (typeof root === 'string') return put(root);
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v: unknown = node[i];
        if (typeof v === 'string') {
          if (v.startsWith(tag)) node[i] = put(v);
        } else if (typeof v === 'object' && v !== null) {
          stack.push(v);
        }
      }
      continue;
    }
    const rec = node as Record<string, unknown>;
    for (const key of Object.keys(rec)) {
      const v = rec[key];
      if (typeof v === 'string') {
        if (v.startsWith(tag)) rec[key] = put(v);
      } else if (typeof v === 'object' && v !== null) {
        stack.push(v);
      }
    }
  }
  return root;
}

/**
 * Where the long array values of `"rows"` keys are in `text` ([start, end) of each, from its `[` to
 * after its `]`), found with `indexOf` hops over strings; undefined when the text does not scan
 * (unterminated string or array: the full parse then names the problem).
 */
export function rowSpans(text: string, minChars: number): Array<[number, number]> | undefined {
  const n = text.length;
  const out: Array<[number, number]> = [];
  let i = 0;
  while (i < n) {
    const q = text.indexOf('"', i);
    if (q < 0) break;
    const end = stringEnd(text, q);
    if (end < 0) return undefined;
    i = end;
    if (end - q !== 6 || !text.startsWith('"rows"', q)) continue;
    let j = skipSpace(text, end);
    if (text.charCodeAt(j) !== 0x3a) continue;
    j = skipSpace(text, j + 1);
    if (text.charCodeAt(j) !== 0x5b) continue;
    const close = arrayEnd(text, j);
    if (close < 0) return undefined;
    if (close - j >= minChars) out.push([j, close]);
    i = close;
  }
  return out;
}

function skipSpace(t: string, i: number): number {
  let c = t.charCodeAt(i);
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = t.charCodeAt(++i);
  return i;
}

/** The index after the string opening at `q` (a `"`), or -1 when it does not end. */
function stringEnd(t: string, q: number): number {
  let k = q + 1;
  for (;;) {
    const e = t.indexOf('"', k);
    if (e < 0) return -1;
    let b = e - 1;
    while (t.charCodeAt(b) === 0x5c) b--;
    // An even run of backslashes before the quote escapes only itself.
    if ((e - 1 - b) % 2 === 0) return e + 1;
    k = e + 1;
  }
}

/** The index after the `]` closing the array opening at `i`, or -1; strings are hopped over, nesting counted. */
function arrayEnd(t: string, i: number): number {
  const none = Number.MAX_SAFE_INTEGER;
  const next = (ch: string, from: number): number => {
    const k = t.indexOf(ch, from);
    return k < 0 ? none : k;
  };
  let depth = 1;
  let j = i + 1;
  let nq = next('"', j);
  let no = next('[', j);
  let nc = next(']', j);
  for (;;) {
    if (nc === none) return -1;
    if (nq < no && nq < nc) {
      const e = stringEnd(t, nq);
      if (e < 0) return -1;
      j = e;
      nq = next('"', j);
      if (no < j) no = next('[', j);
      if (nc < j) nc = next(']', j);
    } else if (no < nc) {
      depth++;
      j = no + 1;
      no = next('[', j);
    } else {
      depth--;
      j = nc + 1;
      if (depth === 0) return j;
      nc = next(']', j);
    }
  }
}
