/**
 * An empty object without a prototype, for records keyed by names from users or dumps: a key
 * like `__proto__`, `constructor` or `hasOwnProperty` is then plain data, never the prototype.
 */
export function nullRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
