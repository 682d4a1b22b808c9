import { nullRecord } from '../dump/nullRecord.js';
import type { Mark } from '../types.js';

/**
 * A timed mark, checked so that nothing a dump cannot hold gets in: `name` a string, `value` a
 * finite number (TypeError / RangeError), `detail` an object of string values (TypeError naming
 * the key), copied. `now` is read once the arguments passed.
 */
export function makeMark(name: string, value: number | undefined, detail: Record<string, string> | undefined, now: () => number): Mark {
    if (typeof name !== 'string') throw new TypeError(`mark: name must be a string, got ${typeof name}`);
    if (value !== undefined) {
      if (typeof value !== 'number') throw new TypeError(`mark: value must be a number, got ${typeof value}`);
      if (!Number.isFinite(value)) throw new RangeError(`mark: value must be a finite number, got ${String(value)}`);
    }
    let copy: Record<string, string> | undefined;
    if (detail !== undefined) {
      if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) throw new TypeError(`mark: detail must be an object of strings, got ${detail === null ? 'null' : Array.isArray(detail) ? 'an array' : typeof detail}`);
      // Own enumerable string keys, read once, into a record without a prototype (a key like __proto__ is data).
      copy = nullRecord<string>();
      for (const k of Object.keys(detail)) {
        const v: unknown = detail[k];
        if (typeof v !== 'string') throw new TypeError(`mark: detail[${JSON.stringify(k.length > 40 ? `${k.slice(0, 37)}...` : k)}] must be a string, got ${v === null ? 'null' : typeof v}`);
        copy[k] = v;
      }
    }
    const m: Mark = { name, time: now() };
    if (value !== undefined) m.value = value;
    if (copy !== undefined) m.detail = copy;
  return m;
}
