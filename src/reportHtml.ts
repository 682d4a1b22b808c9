/**
 * The text of dist/report.html. This source is only a placeholder: the rollup build replaces
 * the module with the built page (rollup.config.mjs `reportHtmlModule`), so a bundle carries
 * the page only when it imports `openReport`.
 */
export const reportHtml: string = '';
