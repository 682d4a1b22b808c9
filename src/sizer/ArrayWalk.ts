import { INDEX, PROP } from './refTree.js';
import { arrayCapacity, isIndexKey, isSparse } from './slots.js';
import { SlotSink } from './SlotSink.js';

/** Elements of a long array walked per step of a sliced sizing (the clock is read between steps). */
export const ELEMENTS_PER_STEP = 4096;
/** The flat size `_array` returns for an array left to `_arrayStep` (never a real size). */
export const PENDING = -1;

/**
 * Array sizing (a layer of `Sizer`): JSArray header plus an elements store whose kind follows
 * the values. While a sliced sizing runs (`_sliced`), a long array's elements are walked in
 * steps of ELEMENTS_PER_STEP, so that one array of millions of elements cannot make a long task.
 */
export class ArrayWalk extends SlotSink {
  /** True while a sizing runs in steps (Sizer.beginExcluded / step). */
  protected _sliced = false;
  /** The array whose elements are being walked in steps, its length then, and the next index. */
  protected _cursor: unknown[] | undefined;
  private _cursorLen = 0;
  private _cursorAt = 0;
  /** Of the elements met so far: a non-number (or an accessor), a non-Smi number, the HeapNumbers a tagged store needs. */
  private _tagged = false;
  private _anyDouble = false;
  private _boxed = 0;

  /** Flat bytes of array `a` (its referents queued), or PENDING when its elements are left to `_arrayStep`. */
  protected _array(a: unknown[]): number {
    const I = this._I;
    // Where proxies are told apart, `a` is a real array here: its `length` is an own data
    // property that no code can redefine as an accessor, read without a descriptor.
    let len: number;
    if (this._isProxy !== undefined) len = a.length;
    else {
      const ld = I.getDesc(a, 'length');
      len = ld !== undefined && typeof ld.value === 'number' ? ld.value : 0;
    }
    if (len > 65536 && isSparse(a, len, I.hasOwn)) return this._sparseArray(a);
    this._tagged = false;
    this._anyDouble = false;
    this._boxed = 0;
    if (this._sliced && !this._names && len > ELEMENTS_PER_STEP) {
      this._cursor = a;
      this._cursorLen = len;
      this._cursorAt = 0;
      return PENDING;
    }
    // Tree nodes are made as values are met, so their kind is settled first (few arrays).
    this._elements(a, 0, len, this._names && this._unboxed(a, len));
    return this._arrayEnd(a, len);
  }

  /** Walks the next ELEMENTS_PER_STEP elements of `_cursor`: its flat bytes after the last, else PENDING. */
  protected _arrayStep(): number {
    const a = this._cursor!;
    const from = this._cursorAt;
    const to = Math.min(this._cursorLen, from + ELEMENTS_PER_STEP);
    this._elements(a, from, to, false);
    this._cursorAt = to;
    if (to < this._cursorLen) return PENDING;
    this._cursor = undefined;
    return this._arrayEnd(a, this._cursorLen);
  }

  /** Elements `from` to `to` (excluded): referents queued, kinds noted, tree nodes made in tree mode. */
  private _elements(a: unknown[], from: number, to: number, unboxed: boolean): void {
    const { _I: I, _L: L } = this;
    const names = this._names;
    let tagged = false; // a non-number value (or an accessor) makes the store tagged
    let anyDouble = false;
    let boxed = 0; // HeapNumbers needed if the store is tagged
    // One descriptor per element: a cheaper read (`__lookupGetter__` then `a[i]`) made V8 give a
    // double array tagged elements on Node 24 (a HeapNumber per element: the sizer changed the
    // app's memory, caught by test/unit/exact.test.ts), so it is not used.
    for (let i = from; i < to; i++) {
      const d = I.getDesc(a, i);
      if (d === undefined) continue; // hole
      if (!this._isData(d)) {
        tagged = true;
        continue;
      }
      const v: unknown = d.value;
      if (typeof v !== 'number') {
        tagged = true;
        this._ref(v, INDEX, i);
      } else if (this._isSmi(v)) {
        if (names) this._node(INDEX, i, v, 0);
      } else {
        anyDouble = true;
        if (names) this._node(INDEX, i, v, unboxed ? 0 : L.heapNumber);
        else boxed += L.heapNumber;
      }
    }
    if (tagged) this._tagged = true;
    if (anyDouble) this._anyDouble = true;
    this._boxed += boxed;
  }

  /** Flat bytes of array `a` of length `len` once its elements were walked; its HeapNumbers charged to the root. */
  private _arrayEnd(a: unknown[], len: number): number {
    const { _I: I, _L: L } = this;
    // Named properties of arrays are looked for only on RegExp match results (`index`,
    // `input`, `groups`): listing every array's keys would cost as much as its elements.
    if (len > 0 && I.hasOwn(a, 'index')) this._arrayNamed(a);
    const cap = arrayCapacity(len);
    // PACKED_DOUBLE / HOLEY_DOUBLE elements hold unboxed doubles: no HeapNumbers.
    if (!this._tagged && this._anyDouble) return L.array + L.doubleArray(cap);
    if (this._boxed > 0) this._charge(this._boxed);
    return L.array + (cap === 0 ? 0 : L.fixedArray(cap));
  }

  /** True when every element is a number and one is not a Smi (a double elements kind). */
  private _unboxed(a: unknown[], len: number): boolean {
    let anyDouble = false;
    for (let i = 0; i < len; i++) {
      const d = this._I.getDesc(a, i);
      if (d === undefined) continue;
      if (!this._I.hasOwn(d, 'value') || typeof d.value !== 'number') return false;
      if (!this._isSmi(d.value)) anyDouble = true;
    }
    return anyDouble;
  }

  /** Named own properties of an array (e.g. `index`, `input` of a RegExp match). */
  private _arrayNamed(a: unknown[]): void {
    const I = this._I;
    const keys = I.ownKeys(a);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      if (k === 'length' || isIndexKey(k)) break;
      if (k === 'stack') continue; // a captured stack: see _ordinary
      const d = I.getDesc(a, k);
      if (d !== undefined && this._isData(d)) this._ref(d.value, PROP, k);
    }
  }

  private _sparseArray(a: unknown[]): number {
    const { _I: I, _L: L } = this;
    const keys = I.ownKeys(a);
    let count = 0;
    for (const k of keys) {
      if (!isIndexKey(k)) continue;
      count++;
      const d = I.getDesc(a, k);
      if (d !== undefined && this._isData(d)) this._ref(d.value, INDEX, k);
    }
    return L.array + L.numberDictionary(count);
  }

}
