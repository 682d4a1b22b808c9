import { SdkError } from '../SdkError.js';

/** A JSON object as the checks read it. */
export type Rec = Record<string, unknown>;

/** Throws E_DUMP_CORRUPT naming the path of the problem. */
export function corrupt(path: string, what: string): never {
  // Paths deep in a referent tree grow by 3 characters a level: keep the message readable.
  const p = path.length > 160 ? `${path.slice(0, 80)}…${path.slice(-60)}` : path;
  throw new SdkError('E_DUMP_CORRUPT', `corrupt heapcensus dump: ${p}: ${what}`);
}

/** A JSON object (not an array, not null). */
export function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A safe integer. */
export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

/** A finite number. */
export function isFiniteNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** A byte count: a number from 0 to MAX_SAFE_INTEGER. */
export function isSize(v: unknown): v is number {
  return typeof v === 'number' && v >= 0 && v <= Number.MAX_SAFE_INTEGER;
}

/** A short, safe description of an unexpected value for an error message. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string': {
      const s = JSON.stringify(v.length > 24 ? `${v.slice(0, 21)}...` : v);
      return s.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    }
    case 'number':
      return Number.isFinite(v) ? String(v) : String(v);
    case 'boolean':
      return String(v);
    case 'undefined':
      return 'missing';
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}

/** `a.b`, or `a["odd key"]` for keys that are not identifiers (keys come from untrusted input). */
export function keyPath(base: string, key: string): string {
  if (/^[A-Za-z_$][\w$]{0,63}$/.test(key)) return `${base}.${key}`;
  return `${base}[${describe(key)}]`;
}

/** `v` as an object (not an array), else corrupt at `path`. */
export function checkRecord(v: unknown, path: string): Rec {
  if (!isRecord(v)) corrupt(path, `expected an object, got ${describe(v)}`);
  return v;
}

/** `v` as an array of strings, else corrupt at `path`. */
export function checkStringArray(v: unknown, path: string): string[] {
  if (!Array.isArray(v)) corrupt(path, `expected an array, got ${describe(v)}`);
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    const s: unknown = v[i];
    if (typeof s !== 'string') corrupt(`${path}[${i}]`, `expected a string, got ${describe(s)}`);
    out.push(s);
  }
  return out;
}
