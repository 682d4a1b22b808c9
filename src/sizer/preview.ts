import { bigintText } from './bigint.js';
import { intrinsics, type Intrinsics } from './intrinsics.js';
import { K, protoKind } from './protoKind.js';
import { READ_LIMIT } from './strings.js';

/**
 * A clipped preview of a value without running user code (e.g. `'abc'`, `Array(3)`,
 * `Foo {a: 1, b: 'x'}`, `Map(2)`), at most `clip` chars (default 80). Pass `isProxy` where
 * the host can tell proxies apart; without it only descriptor reads are made, each guarded.
 */
export function preview(value: unknown, clip = 80, isProxy?: (v: object) => boolean): string {
  let text: string;
  try {
    text = show(value, intrinsics(), isProxy, true, clip);
  } catch {
    text = typeof value === 'object' ? 'Object' : typeof value;
  }
  return clipText(text, clip);
}

/** Clips like Pympler: the head, `....`, and the tail when longer than `clip`. */
export function clipText(text: string, clip: number): string {
  if (text.length <= clip) return text;
  if (clip < 12) return text.slice(0, clip);
  const half = (clip - 4) >> 1;
  return `${text.slice(0, half)}....${text.slice(text.length - (clip - 4 - half))}`;
}

/** Single-quotes `s` (its first `clip` chars), escaping quotes, backslashes and line breaks; strings over READ_LIMIT chars are not read. */
function quote(s: string, clip: number): string {
  if (s.length > READ_LIMIT) return `'…' (${s.length} chars)`; // not read: see READ_LIMIT
  const n = Math.min(s.length, clip);
  let out = "'";
  for (let i = 0; i < n; i++) {
    const c = s[i]!;
    out += c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : c === "'" || c === '\\' ? `\\${c}` : c;
  }
  return `${out}${s.length > clip ? '…' : ''}'`;
}

function show(v: unknown, I: Intrinsics, isProxy: ((v: object) => boolean) | undefined, deep: boolean, clip: number): string {
  switch (typeof v) {
    case 'string': return quote(v, clip);
    case 'number': return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint': return bigintText(v, I);
    case 'symbol': return String(v);
    case 'undefined': return 'undefined';
    case 'boolean': return String(v);
    case 'function': {
      if (isProxy?.(v)) return 'Proxy';
      const name = dataValue(v, 'name', I);
      const src = I.fnToString(v);
      const n = typeof name === 'string' && name !== '' ? name : '(anonymous)';
      return src.startsWith('class') ? `[class ${n}]` : `[Function: ${n}]`;
    }
  }
  if (v === null) return 'null';
  const o = v as object;
  if (isProxy?.(o)) return 'Proxy';
  if (I.isArray(o)) return `Array(${String(dataValue(o, 'length', I))})`;
  const proto = I.getProto(o);
  const kind = protoKind(proto, I, isProxy);
  const ctor = ctorName(proto, I, isProxy);
  try {
    switch (kind) {
      case K.map: return `${ctor}(${I.mapSize(o)})`;
      case K.set: return `${ctor}(${I.setSize(o)})`;
      case K.date: {
        const t = I.dateGetTime(o);
        return Number.isNaN(t) ? 'Invalid Date' : I.dateToISO(o);
      }
      case K.regexp: return `/${I.regexpSource(o)}/`;
      case K.arrayBuffer: return `${ctor}(${I.abByteLength(o)})`;
      case K.typedArray: return `${ctor}(${I.taLength(o)})`;
      case K.number: return `[Number: ${String(I.numberValueOf(o))}]`;
      case K.string: return `[String: ${quote(I.stringValueOf(o), clip)}]`;
      case K.boolean: return `[Boolean: ${String(I.booleanValueOf(o))}]`;
      case K.error: {
        const m = dataValue(o, 'message', I);
        return typeof m === 'string' ? `${ctor}: ${m.length > READ_LIMIT ? `(a message of ${m.length} chars)` : m.slice(0, clip)}` : ctor;
      }
      case K.ordinary: break;
      default: return ctor;
    }
  } catch {
    return ctor; // a prototype that lies about the brand
  }
  if (!deep) return ctor === 'Object' ? '{…}' : ctor;
  const keys = I.ownKeys(o);
  const parts: string[] = [];
  let len = 0;
  for (let i = 0; i < keys.length && len <= clip; i++) {
    const k = keys[i]!;
    if (k === 'stack') { // reading a captured stack formats it (user code): not read
      parts.push('stack: […]');
      len += 12;
      continue;
    }
    const d = I.getDesc(o, k);
    if (d === undefined) continue;
    const name = typeof k === 'symbol' ? `[${String(k)}]` : k;
    const val = I.hasOwn(d, 'value')
      ? show(d.value, I, isProxy, false, clip)
      : d.get !== undefined ? (d.set !== undefined ? '[Getter/Setter]' : '[Getter]') : '[Setter]';
    const part = `${name}: ${val}`;
    parts.push(part);
    len += part.length + 2;
  }
  if (len > clip && parts.length < keys.length) parts.push('…');
  const body = parts.length === 0 ? '{}' : `{${parts.join(', ')}}`;
  return ctor === 'Object' ? body : `${ctor} ${body}`;
}

/** An own data property's value, or undefined (accessors are not called). */
function dataValue(o: object, key: PropertyKey, I: Intrinsics): unknown {
  const d = I.getDesc(o, key);
  return d !== undefined && I.hasOwn(d, 'value') ? d.value : undefined;
}

/** `proto.constructor.name` read through own data properties only; `Object` when unknown. */
function ctorName(proto: object | null, I: Intrinsics, isProxy: ((v: object) => boolean) | undefined): string {
  if (proto === null) return '[Object: null prototype]';
  if (isProxy?.(proto)) return 'Object'; // a Proxy prototype: its descriptor trap is user code
  const c = dataValue(proto, 'constructor', I);
  if (typeof c !== 'function' || isProxy?.(c)) return 'Object';
  const n = dataValue(c, 'name', I);
  return typeof n === 'string' && n !== '' ? n : 'Object';
}
