import { formatBytes } from '../src/stats/format.js';

/** Colours the charts draw with, read from the page's CSS variables (light or dark scheme). */
export interface ChartTheme {
  fg: string;
  muted: string;
  grid: string;
  mark: string;
  total: string;
  bg: string;
  /** Bars of instances alive at the dump. */
  alive: string;
}

/** The current scheme's chart colours (`--fg`, `--muted`, `--line`, `--mark`, `--total` on the root). */
export function chartTheme(): ChartTheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  return { fg: v('--fg', '#1d2330'), muted: v('--muted', '#5d6678'), grid: v('--line', '#dde1e8'), mark: v('--mark', '#7a3cc2'), total: v('--total', '#c00'), bg: v('--bg', '#fff'), alive: v('--accent', '#2d5fa8') };
}

/** A byte tick without trailing zeros: `896 KB`, `1.5 MB`, `512 B` (ticks are round figures). */
export function tickBytes(v: number): string {
  return formatBytes(v).replace(/\.(\d*?)0+ /, (_m, d: string) => (d === '' ? ' ' : `.${d} `));
}

/** Tick steps in binary units (…, 256 KB, 512 KB, 1 MB, …), so byte axes read in round figures. */
export const BYTE_INCRS: number[] = [];
for (let k = 0; k < 6; k++) for (const m of [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]) BYTE_INCRS.push(m * 1024 ** k);
