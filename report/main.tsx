/**
 * The report page's entry (bundled by rollup into dist/report.html): reads any embedded dumps
 * (their overviews checked; the app checks their rows), then renders the app. Dump strings only ever reach the DOM as text.
 */
import { render } from 'preact';
import { App } from './App.js';
import { readEmbedded } from './readEmbedded.js';

void readEmbedded(document).then(({ pending, error }) => {
  const root = document.getElementById('app')!;
  root.textContent = ''; // the "Opening the report" line
  render(<App initial={pending} initialError={error === undefined ? undefined : `Could not open ${error}`} />, root);
});
