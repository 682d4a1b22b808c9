/**
 * Parsing a dump's JSON with its large row tables left for later: the report draws a dump's
 * overview from everything else (a few hundred KB of a 124 MB text) while the rows, almost all
 * of the text, are parsed and checked afterwards. The result is the value `JSON.parse` gives.
 */

/** Arrays under a `"rows"` key at least this long (characters of text) are parsed on demand. */
export const DEFER_MIN_CHARS = 1 << 16;

/** Characters of a deferred array parsed per `parseSome` piece (a piece takes ~10 ms to parse). */
export const PIECE_CHARS = 1 << 19;

/**
 * A `"rows"` array of a JSON text, parsed when asked (`JSON.parse` never makes one: the checks tell
 * it from parsed data with `instanceof`), at once or piece by piece, each piece cut at a comma
 * between two values. `parse` throws what `fail` throws when the text is not JSON.
 */
export class LazyRows {
  /** Where the next piece starts (just after `[` or a comma), and the pieces parsed so far. */
  private _pos: number;
  private _pieces: unknown[][] = [];
  private _done: unknown;
  private _finished = false;
  private _quote = -1;

  constructor(
    private readonly _text: string,
    private readonly _start: number,
    private readonly _end: number,
    private readonly _fail: () => never,
  ) {
    this._pos = _start + 1;
  }

  /** Characters of JSON text it stands for. */
  get chars(): number {
    return this._end - this._start;
  }

  /** The array (or whatever the text holds there), parsed now (what is left of it). */
  parse(): unknown {
    if (this._finished) return this._done;
    if (this._pos === this._start + 1) this.whole();
    else while (!this.parseSome(Infinity));
    return this._done;
  }

  /**
   * Parses about `chars` more characters; true once the whole array is parsed (then `parse()`
   * returns it at once). Values are identical to one `JSON.parse` of the array's text.
   */
  parseSome(chars: number): boolean {
    if (this._finished) return true;
    const close = this._end - 1; // the `]`
    const cut = this._pos + chars >= close ? close : this.cutAfter(this._pos + chars);
    if (cut < 0) return this.whole();
    let piece: unknown[];
    try {
      piece = JSON.parse(`[${this._text.slice(this._pos, cut)}]`) as unknown[];
    } catch {
      return this.whole();
    }
    // An empty piece between two commas, or after the last one, is not JSON: the whole parse says where.
    if (piece.length === 0 && !(this._pos === this._start + 1 && cut === close)) return this.whole();
    this._pieces.push(piece);
    this._pos = cut + 1;
    if (cut === close) {
      // One copy at the end (concat copies elements in bulk), not a push per value.
      const [first = [], ...rest] = this._pieces;
      this.finish(rest.length === 0 ? first : first.concat(...rest));
    }
    return this._finished;
  }

  /** The first comma outside strings at or after `at` (and before the `]`), or -1: strings are hopped from the piece's start. */
  private cutAfter(at: number): number {
    const t = this._text;
    const close = this._end - 1;
    let i = this._pos;
    for (;;) {
      // The next quote is kept between calls: a table of numbers has none, and is not searched again.
      if (this._quote < i) {
        const k = t.indexOf('"', i);
        this._quote = k < 0 ? Number.MAX_SAFE_INTEGER : k;
      }
      const q = this._quote;
      const comma = t.indexOf(',', Math.max(i, at));
      if (comma < 0 || comma >= close) return -1;
      if (q > comma) return comma;
      const e = stringEnd(t, q);
      if (e < 0) return -1;
      i = e;
    }
  }

  /** Parses the whole array text at once (a cut that did not parse: nested values, or no JSON). */
  private whole(): boolean {
    let v: unknown;
    try {
      v = JSON.parse(this._text.slice(this._start, this._end)) as unknown;
    } catch {
      return this._fail();
    }
    this.finish(v);
    return true;
  }

  private finish(v: unknown): void {
    this._done = v;
    this._pieces = [];
    this._finished = true;
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
