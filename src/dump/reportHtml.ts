/**
 * The text of dist/report.html. This source is only a placeholder (empty): the rollup build
 * replaces the module with the built page (rollup.config.mjs `reportHtmlModule`), so a bundle
 * carries the page only when it uses it (the browser's openReport, Node's writeReport).
 */
export const reportHtml: string = '';
