import type { Layout } from './Layout.js';
import { isTwoByte } from './strings.js';

/**
 * Strings up to this length are charged once per value per snapshot: V8 shares most of them
 * (literals, JSON.parse values of up to 10 characters, cached number strings). See docs/sizing.md.
 */
export const SHARED_STRING_MAX = 10;
/** Identifier-like strings (`in-progress`, `CUSTOMER_ACCOUNT`) up to this length: mostly literals, charged once too. */
export const KEYLIKE_STRING_MAX = 32;

/** True for `[A-Za-z_$][A-Za-z0-9_$-]*` (a loop, not a RegExp: a patched `exec` would run user code). */
function keyLike(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20; // folds ASCII upper case onto lower case
    const letter = c >= 0x61 && c <= 0x7a;
    const other = s.charCodeAt(i);
    if (!letter && other !== 0x5f && other !== 0x24 && (i === 0 || !((other >= 0x30 && other <= 0x39) || other === 0x2d))) return false;
  }
  return true;
}

/**
 * What strings and symbols cost in one snapshot (one Sizer). Values cannot tell equal strings
 * apart, so the rule is a bet on V8 (issue 9): short, identifier-like and property-key strings
 * are mostly shared (literals, internalized) and are charged once per snapshot; others are
 * mostly built at run time, one heap object for each root that holds them, and are charged
 * once in each root (tracked instance, or `sizeOf` value) that reaches them.
 */
export class StringCharges {
  /** Strings and symbols charged once per snapshot. */
  private readonly _once = new Set<string | symbol>();
  /** The long strings met while sizing the current root (charged once per root). */
  private readonly _long = new Set<string>();
  /** Long property keys met (internalized: equal values may well be the same string). */
  private readonly _keys = new Set<string>();

  constructor(private readonly _L: Layout) {}

  /** Starts a new root: its long strings are charged again. */
  newRoot(): void {
    // Set.prototype.clear allocates a new table even when empty: most roots hold no long string.
    if (this._long.size > 0) this._long.clear();
  }

  /** Forgets every string and symbol met. */
  clear(): void {
    this._once.clear();
    this._long.clear();
    this._keys.clear();
  }

  /** Bytes of string `s` met in a slot of the current root: 0 when already charged. */
  str(s: string): number {
    const n = s.length;
    if (n <= SHARED_STRING_MAX || (n <= KEYLIKE_STRING_MAX && keyLike(s)) || this._keys.has(s)) return this.once(s);
    const long = this._long;
    const before = long.size;
    long.add(s);
    return long.size === before ? 0 : this._bytes(s);
  }

  /** Notes a property key of an object (fast or not): long ones make equal values shared. */
  noteKey(k: string): void {
    if (k.length > SHARED_STRING_MAX) this._keys.add(k);
  }

  /** Bytes of a property key held by the object itself (a dictionary): internalized, charged once. */
  key(k: string): number {
    this.noteKey(k);
    return this.once(k);
  }

  /** Bytes of a symbol: once per snapshot. */
  symbol(v: symbol, bytes: number): number {
    const once = this._once;
    const before = once.size;
    once.add(v);
    return once.size === before ? 0 : bytes;
  }

  /** Charges `s` once per snapshot: 0 when this sizer has met an equal string already. */
  once(s: string): number {
    const n = s.length;
    // '' and one-byte single characters are V8 roots (the single-character string table).
    if (n === 0 || (n === 1 && s.charCodeAt(0) < 256)) return 0;
    const once = this._once;
    const before = once.size;
    once.add(s);
    return once.size === before ? 0 : this._bytes(s);
  }

  /** Bytes of a sequential string holding `s` (never flattening a rope: see `isTwoByte`). */
  private _bytes(s: string): number {
    return this._L.string(s.length, isTwoByte(s));
  }
}
