import type { Intrinsics } from './intrinsics.js';
import { MAX_PROTO_CHAIN } from './protoKind.js';

/** Words after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/**
 * Estimates how many in-object slots a class's private members take per instance, from the
 * class's source text (reflection cannot see `#fields`): one per non-static `#field`, plus
 * one brand slot when it has non-static private methods or accessors. 0 for non-class source.
 * Skips strings, comments, regular expressions and template literals (with `${}` nested).
 */
export function privateFieldCount(source: string): number {
  if (!source.startsWith('class')) return 0;
  const n = source.length;
  /** Open braces: true for a template's `${`, whose `}` resumes the template. */
  const braces: boolean[] = [];
  let fields = 0;
  let brand = false;
  let prev = ''; // the last significant word or punctuation at class-body depth
  let regexOk = true; // whether a `/` here starts a regular expression (from the last token)
  for (let i = 0; i < n; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x27 || c === 0x22) { // ' or "
      i = skipQuoted(source, i, c);
      prev = 'lit';
      regexOk = false;
      continue;
    }
    if (c === 0x60) { // `: the template's text, up to its end or a `${`
      i = skipTemplate(source, i + 1, braces);
      prev = 'lit';
      regexOk = false;
      continue;
    }
    if (c === 0x2f) { // /
      const d = source.charCodeAt(i + 1);
      if (d === 0x2f) { // line comment
        while (i < n && source.charCodeAt(i) !== 0x0a) i++;
        i--; // the newline ends a member below
        continue;
      }
      if (d === 0x2a) { // block comment
        const end = source.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 1;
        continue;
      }
      if (regexOk) {
        i = skipRegex(source, i);
        prev = 'lit';
        regexOk = false;
        continue;
      }
      regexOk = true; // a division
      if (braces.length === 1) prev = ';';
      continue;
    }
    if (c === 0x7b) { braces.push(false); prev = '{'; regexOk = true; continue; }
    if (c === 0x7d) {
      if (braces.pop() === true) { // the end of a template's `${}`: back into its text
        i = skipTemplate(source, i + 1, braces);
        prev = 'lit';
        regexOk = false;
        continue;
      }
      prev = '}';
      regexOk = true;
      continue;
    }
    if (isIdent(c)) {
      let j = i + 1;
      while (j < n && isIdent(source.charCodeAt(j))) j++;
      const word = source.slice(i, j);
      regexOk = REGEX_AFTER_WORD.has(word);
      i = j - 1;
      if (braces.length !== 1) continue;
      // `static` applies to the next member only; a `;`, `}` or newline-separated member resets it.
      if (word === 'static' || word === 'get' || word === 'set') prev = word;
      else if (word !== 'async') prev = 'w';
      continue;
    }
    if (c === 0x23) { // '#': a private name
      let j = i + 1;
      while (j < n && isIdent(source.charCodeAt(j))) j++;
      if (braces.length === 1 && prev !== 'static' && prev !== '.') { // `this.#x` in an initializer is a use, not a member
        let k = j;
        while (k < n && (source[k] === ' ' || source[k] === '\t')) k++;
        if (source[k] === '(' || prev === 'get' || prev === 'set') brand = true;
        else fields++;
      }
      i = j - 1;
      prev = '#';
      regexOk = false;
      continue;
    }
    if (c === 0x20 || c === 0x09 || c === 0x0d) continue;
    if (c === 0x0a) {
      if (braces.length === 1 && prev !== 'static' && prev !== 'get' && prev !== 'set') prev = ';';
      continue;
    }
    // Punctuation: a regular expression may follow anything but a closing bracket.
    regexOk = c !== 0x29 && c !== 0x5d;
    if (braces.length === 1 && (c === 0x3b || c === 0x3d || c === 0x28 || c === 0x2e)) prev = c === 0x2e ? '.' : ';';
  }
  return fields + (brand ? 1 : 0);
}

/** Index of the closing quote of the string literal opening at `i` (or the end). */
function skipQuoted(s: string, i: number, quote: number): number {
  const n = s.length;
  for (i++; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === quote || c === 0x0a) return i;
  }
  return n;
}

/**
 * Scans template text from `i`: returns the index of its closing backtick, or of the `{` of
 * a `${`, having pushed a template brace so that the matching `}` resumes the text.
 */
function skipTemplate(s: string, i: number, braces: boolean[]): number {
  const n = s.length;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x60) return i;
    else if (c === 0x24 && s.charCodeAt(i + 1) === 0x7b) {
      braces.push(true);
      return i + 1;
    }
  }
  return n;
}

/** Index of the last flag of the regular expression opening at `i` (or of its closing `/`). */
function skipRegex(s: string, i: number): number {
  const n = s.length;
  let inClass = false;
  for (i++; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x0a) return i - 1; // not a regular expression after all: resume at the line end
    else if (c === 0x5b) inClass = true;
    else if (c === 0x5d) inClass = false;
    else if (c === 0x2f && !inClass) break;
  }
  while (i + 1 < n && isIdent(s.charCodeAt(i + 1))) i++;
  return i;
}

/** [A-Za-z0-9_$] (non-ASCII identifiers are rare enough to ignore here). */
function isIdent(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24;
}

/**
 * In-object slots of private `#fields` of instances of `proto`: the sum over the classes of
 * its prototype chain (below Object.prototype), read from their constructors' source.
 * Never runs user code: the `constructor` is read through its descriptor, proxies stop it.
 */
export function privateSlots(proto: object | null, I: Intrinsics, isProxy: ((v: object) => boolean) | undefined): number {
  let slots = 0;
  let depth = 0;
  for (let p = proto; p !== null && p !== I.protos.object; p = I.getProto(p)) {
    if (isProxy?.(p) || ++depth > MAX_PROTO_CHAIN) break;
    const d = I.getDesc(p, 'constructor');
    const c: unknown = d !== undefined && I.hasOwn(d, 'value') ? d.value : undefined;
    if (typeof c !== 'function' || (isProxy?.(c) ?? false)) continue;
    slots += privateFieldCount(I.fnToString(c));
  }
  return slots;
}
