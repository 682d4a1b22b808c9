/** build/demo-browser: one folder per decorator mode (standard/, legacy/), a landing page and the stylesheet. */
export const demoOut: string;
/** The two decorator modes the page is compiled in. */
export const MODES: readonly ['standard', 'legacy'];
/** True when a page is missing or older than the demo sources or dist/browser.js. */
export function demoIsStale(): boolean;
/** Compiles and bundles the demo in both decorator modes; resolves to its folder. */
export function buildDemo(): Promise<string>;
/** Builds the demo unless it is up to date; resolves to its folder. */
export function ensureDemo(): Promise<string>;
