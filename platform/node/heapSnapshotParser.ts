/**
 * A streaming parser of V8's heap snapshot JSON (`.heapsnapshot`): text goes in as it
 * arrives (chunks split anywhere, even inside a number or a string escape) and the big
 * arrays come out as typed arrays, so a heap snapshot never exists as one string nor as
 * JSON arrays of boxed numbers (a 213 MB heap made a string past V8's 512 MB limit).
 */

/** The `snapshot` header of a heap snapshot: field layouts and counts. */
export interface HeapSnapshotHeader {
  meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
  node_count?: number;
  edge_count?: number;
}

/** What the parser keeps of a heap snapshot: its header, the `nodes` and `edges` numbers, and `strings`. */
export interface ParsedHeapSnapshot {
  snapshot: HeapSnapshotHeader;
  nodes: Uint32Array | Float64Array;
  edges: Uint32Array | Float64Array;
  strings: string[];
}

/** Options of `new HeapSnapshotParser()`. */
export interface HeapSnapshotParserOptions {
  /**
   * Which entries of `strings` to keep: the others become `''` (their indices stay valid).
   * A heap snapshot's strings hold a copy of every string in the heap; a caller that needs
   * a few names keeps just those. Default: keep all.
   */
  keepString?: (s: string) => boolean;
}

/** A growable column of numbers: 4 bytes each while they are integers below 2^32, widened to 8 otherwise. */
class NumberColumn {
  values: Uint32Array | Float64Array = new Uint32Array(1024);
  length = 0;

  /** Makes room for `n` numbers in all (a header's counts tell the final size up front). */
  reserve(n: number): void {
    if (n > this.values.length) this.resize(n);
  }

  push(v: number): void {
    if (this.length === this.values.length) this.resize(this.values.length * 2);
    if (this.values instanceof Uint32Array && (v > 0xffffffff || v < 0 || !Number.isInteger(v))) this.values = Float64Array.from(this.values);
    this.values[this.length++] = v;
  }

  /** Hands the numbers pushed over, trimmed to length (a copy only when capacity was left over); the column keeps none. */
  done(): Uint32Array | Float64Array {
    const out = this.length === this.values.length ? this.values : this.values.slice(0, this.length);
    this.values = new Uint32Array(0);
    this.length = 0;
    return out;
  }

  private resize(cap: number): void {
    const next = this.values instanceof Uint32Array ? new Uint32Array(cap) : new Float64Array(cap);
    next.set(this.values.subarray(0, Math.min(this.length, cap)));
    this.values = next;
  }
}

const enum Mode {
  /** In the top-level object: before a key, between key and value, after a value. */
  Top,
  /** Inside an array of numbers (`nodes`, `edges`). */
  Numbers,
  /** Inside the `strings` array. */
  Strings,
  /** Inside another value: its text kept (`snapshot`) or skipped (samples, locations, trace trees). */
  Other,
  /** After the closing brace. */
  End,
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/**
 * Feeds heap snapshot text in with `write(chunk)` and takes the result with `end()`. Only the
 * top-level keys `snapshot`, `nodes`, `edges` and `strings` are kept; others are skipped.
 * Throws an Error naming the offset on text that is not a heap snapshot.
 */
export class HeapSnapshotParser {
  /** Numbers parsed so far in `nodes` and `edges`. */
  numbersDone = 0;
  /** Numbers `nodes` and `edges` will hold in all, once the header told (0 before). */
  numbersTotal = 0;
  private _mode = Mode.Top;
  private _offset = 0;
  /** Top level: the key being read (pieces across chunks), whether inside it, the last key, and what is expected. */
  private _key: string | undefined;
  private _keyPart = '';
  private _inKey = false;
  private _expect: 'open' | 'key' | 'colon' | 'value' | 'next' = 'open';
  /** Numbers: the current one (fast path: digits only), or its text when it has a sign, fraction or exponent. */
  private _column: NumberColumn | undefined;
  private _num = 0;
  private _inNum = false;
  private _numText: string | undefined;
  private _opened = false;
  /** Strings: the string being read (pieces across chunks), and whether it holds escapes. */
  private _inString = false;
  private _strPart = '';
  private _strEscaped = false;
  private _afterBackslash = false;
  /** Other values: nesting depth, string state, and the text when kept. */
  private _depth = 0;
  private _otherText: string[] | undefined;
  private readonly _nodes = new NumberColumn();
  private readonly _edges = new NumberColumn();
  private readonly _strings: string[] = [];
  private _header: HeapSnapshotHeader | undefined;
  private readonly _keepString: ((s: string) => boolean) | undefined;

  constructor(options: HeapSnapshotParserOptions = {}) {
    this._keepString = options.keepString;
  }

  /** Parses one more piece of the text. */
  write(chunk: string): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      switch (this._mode) {
        case Mode.Top:
          i = this._top(chunk, i);
          break;
        case Mode.Numbers:
          i = this._numbers(chunk, i);
          break;
        case Mode.Strings:
          i = this._stringsPart(chunk, i);
          break;
        case Mode.Other:
          i = this._other(chunk, i);
          break;
        case Mode.End:
          for (; i < n; i++) if (!isSpace(chunk.charCodeAt(i))) this._fail(chunk, i, 'text after the end of the snapshot');
      }
    }
    this._offset += n;
  }

  /** The parsed snapshot; throws when the text ended early or lacked a part. */
  end(): ParsedHeapSnapshot {
    if (this._mode !== Mode.End) throw new Error(`heap snapshot: the text ended early (at offset ${this._offset})`);
    if (this._header === undefined) throw new Error('heap snapshot: no "snapshot" header');
    return { snapshot: this._header, nodes: this._nodes.done(), edges: this._edges.done(), strings: this._strings };
  }

  private _fail(chunk: string, i: number, what: string): never {
    throw new Error(`heap snapshot: ${what} at offset ${this._offset + i} (${JSON.stringify(chunk.slice(i, i + 20))})`);
  }

  private _top(chunk: string, i: number): number {
    const n = chunk.length;
    if (this._inKey) {
      const q = chunk.indexOf('"', i);
      if (q < 0) {
        this._keyPart += chunk.slice(i);
        return n;
      }
      this._key = this._keyPart + chunk.slice(i, q);
      this._keyPart = '';
      this._inKey = false;
      this._expect = 'colon';
      return q + 1;
    }
    for (; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (isSpace(c)) continue;
      switch (this._expect) {
        case 'open':
          if (c !== OPEN_BRACE) this._fail(chunk, i, 'expected "{"');
          this._expect = 'key';
          continue;
        case 'key':
          if (c === CLOSE_BRACE) {
            this._mode = Mode.End;
            return i + 1;
          }
          if (c !== QUOTE) this._fail(chunk, i, 'expected a key');
          this._inKey = true;
          return i + 1;
        case 'colon':
          if (c !== COLON) this._fail(chunk, i, 'expected ":"');
          this._expect = 'value';
          continue;
        case 'value':
          this._startValue();
          this._expect = 'next';
          return i;
        case 'next':
          if (c === COMMA) this._expect = 'key';
          else if (c === CLOSE_BRACE) {
            this._mode = Mode.End;
            return i + 1;
          } else this._fail(chunk, i, 'expected "," or "}"');
          continue;
      }
    }
    return n;
  }

  private _startValue(): void {
    const key = this._key;
    this._opened = false;
    if (key === 'nodes' || key === 'edges') {
      this._column = key === 'nodes' ? this._nodes : this._edges;
      this._mode = Mode.Numbers;
    } else if (key === 'strings') {
      this._mode = Mode.Strings;
    } else {
      this._depth = 0;
      this._inString = false;
      this._afterBackslash = false;
      this._otherText = key === 'snapshot' ? [] : undefined;
      this._mode = Mode.Other;
    }
  }

  /** Opens an array value: skips blanks, then expects "[". Returns the index after it, or -1 when the chunk ended first. */
  private _open(chunk: string, i: number): number {
    for (; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (isSpace(c)) continue;
      if (c !== OPEN_BRACKET) this._fail(chunk, i, `expected "[" to open "${this._key ?? ''}"`);
      this._opened = true;
      return i + 1;
    }
    return -1;
  }

  private _numbers(chunk: string, i: number): number {
    if (!this._opened) {
      i = this._open(chunk, i);
      if (i < 0) return chunk.length;
    }
    const col = this._column!;
    const n = chunk.length;
    let num = this._num;
    let inNum = this._inNum;
    let parsed = 0;
    for (; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (this._numText === undefined) {
        if (c >= 48 && c <= 57) {
          num = num * 10 + (c - 48);
          inNum = true;
          continue;
        }
        if (c === 45 || c === 46 || c === 43 || c === 101 || c === 69) {
          // A sign, fraction or exponent: read this number's text and let the engine parse it.
          this._numText = inNum ? String(num) : '';
          this._numText += chunk[i];
          inNum = true;
          continue;
        }
      } else if ((c >= 48 && c <= 57) || c === 45 || c === 46 || c === 43 || c === 101 || c === 69) {
        this._numText += chunk[i];
        continue;
      }
      if (inNum) {
        const v = this._numText === undefined ? num : Number(this._numText);
        if (!Number.isFinite(v)) this._fail(chunk, i, `not a number: ${this._numText ?? ''}`);
        col.push(v);
        parsed++;
        num = 0;
        inNum = false;
        this._numText = undefined;
      }
      if (c === COMMA || isSpace(c)) continue;
      if (c === CLOSE_BRACKET) {
        this._mode = Mode.Top;
        i++;
        break;
      }
      this._fail(chunk, i, `unexpected character in "${this._key ?? ''}"`);
    }
    this._num = num;
    this._inNum = inNum;
    this.numbersDone += parsed;
    return i;
  }

  private _stringsPart(chunk: string, i: number): number {
    if (!this._opened) {
      i = this._open(chunk, i);
      if (i < 0) return chunk.length;
    }
    const n = chunk.length;
    while (i < n) {
      if (this._inString) {
        // Find the closing quote: the first one not escaped.
        let j = i;
        let after = this._afterBackslash;
        for (; j < n; j++) {
          const c = chunk.charCodeAt(j);
          if (after) after = false;
          else if (c === BACKSLASH) {
            after = true;
            this._strEscaped = true;
          } else if (c === QUOTE) break;
        }
        this._afterBackslash = after;
        if (j === n) {
          this._strPart += chunk.slice(i, n);
          return n;
        }
        const raw = this._strPart + chunk.slice(i, j);
        const s = this._strEscaped ? (JSON.parse(`"${raw}"`) as string) : raw;
        this._strings.push(this._keepString === undefined || this._keepString(s) ? s : '');
        this._strPart = '';
        this._strEscaped = false;
        this._inString = false;
        i = j + 1;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === QUOTE) this._inString = true;
      else if (c === CLOSE_BRACKET) {
        this._mode = Mode.Top;
        return i + 1;
      } else if (c !== COMMA && !isSpace(c)) this._fail(chunk, i, 'expected a string in "strings"');
      i++;
    }
    return n;
  }

  private _other(chunk: string, i: number): number {
    const n = chunk.length;
    const start = i;
    let done = false;
    for (; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (this._inString) {
        if (this._afterBackslash) this._afterBackslash = false;
        else if (c === BACKSLASH) this._afterBackslash = true;
        else if (c === QUOTE) this._inString = false;
        if (this._depth === 0 && !this._inString) {
          // A top-level string value ends here.
          i++;
          done = true;
          break;
        }
        continue;
      }
      if (c === QUOTE) this._inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this._depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this._depth === 0) break; // a scalar value ended by the top-level "}"
        this._depth--;
        if (this._depth === 0) {
          i++;
          done = true;
          break;
        }
      } else if (this._depth === 0 && c === COMMA) break; // a scalar value ended by ","
    }
    this._otherText?.push(chunk.slice(start, i));
    if (done || i < n) {
      if (this._otherText !== undefined) {
        const text = this._otherText.join('');
        this._otherText = undefined;
        try {
          this._header = JSON.parse(text) as HeapSnapshotHeader;
        } catch {
          this._fail(chunk, start, 'unreadable "snapshot" header');
        }
        this._reserve();
      }
      this._mode = Mode.Top;
    }
    return i;
  }

  /** The header gives the final sizes of `nodes` and `edges`: allocate them once. */
  private _reserve(): void {
    const h = this._header;
    const meta = h?.meta;
    if (h === undefined || meta === undefined || !Array.isArray(meta.node_fields) || !Array.isArray(meta.edge_fields)) {
      throw new Error('heap snapshot: the "snapshot" header has no meta.node_fields / meta.edge_fields');
    }
    const nodes = (h.node_count ?? 0) * meta.node_fields.length;
    const edges = (h.edge_count ?? 0) * meta.edge_fields.length;
    if (Number.isSafeInteger(nodes) && Number.isSafeInteger(edges) && nodes >= 0 && edges >= 0) {
      this._nodes.reserve(nodes);
      this._edges.reserve(edges);
      this.numbersTotal = nodes + edges;
    }
  }
}
