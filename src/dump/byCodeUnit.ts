/** Code-unit order: the same in every locale (Python's `sorted`). */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
