const COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#2f4b7c', '#a05195'];

/** A chart colour for the class at `index` in the dump's class list (never derived from dump text). */
export function palette(index: number): string {
  return COLORS[((index % COLORS.length) + COLORS.length) % COLORS.length]!;
}
