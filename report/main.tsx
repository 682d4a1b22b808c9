/**
 * The report page's entry (bundled by rollup into dist/report.html): reads any embedded dumps,
 * then renders the app. Dump strings only ever reach the DOM as text.
 */
import { render } from 'preact';
import { App } from './App.js';
import { readEmbedded } from './readEmbedded.js';

void readEmbedded(document).then(({ dumps, error }) => {
  const root = document.getElementById('app')!;
  root.textContent = ''; // the "Opening the report" line
  render(<App initial={dumps} initialError={error === undefined ? undefined : `Could not open ${error}`} />, root);
});
