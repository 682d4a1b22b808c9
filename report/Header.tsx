import { truncate } from '../src/stats/format.js';
import type { LoadedDump } from './LoadedDump.js';
import type { Route } from './route.js';

/** Props of `Header`. */
export interface HeaderProps {
  dumps: readonly LoadedDump[];
  current: number;
  route: Route;
  go: (r: Route) => void;
  onFiles: (files: File[]) => void;
}

/** The page header: one tab per dump (its overview), Overview, Compare (two dumps), and the file picker. */
export function Header({ dumps, current, route, go, onFiles }: HeaderProps) {
  const two = dumps.length === 2;
  return (
    <header>
      <h1>heapcensus report</h1>
      <nav aria-label="views">
        {dumps.map((d, i) => (
          <button
            type="button"
            key={i}
            class={`tab${i === current && route.view !== 'compare' ? ' active' : ''}`}
            data-dump={i}
            title={d.source}
            onClick={() => go({ view: 'overview', dump: i })}
          >
            {two ? (i === 0 ? 'before: ' : 'after: ') : ''}
            {truncate(d.source, 40)}
          </button>
        ))}
        {dumps.length > 0 && (
          <button type="button" class={`tab${route.view === 'overview' ? ' active' : ''}`} data-nav="overview" onClick={() => go({ view: 'overview', dump: current })}>
            Overview
          </button>
        )}
        {two && (
          <button
            type="button"
            class={`tab${route.view === 'compare' ? ' active' : ''}`}
            data-nav="compare"
            onClick={() => go({ view: 'compare', before: Math.max(0, dumps[0]!.dump.snapshots.length - 1), after: Math.max(0, dumps[1]!.dump.snapshots.length - 1) })}
          >
            Compare
          </button>
        )}
      </nav>
      <label class="button">
        Open dumps…
        <input
          type="file"
          id="file-input"
          multiple
          accept=".json,.gz,application/json,application/gzip"
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            onFiles([...(input.files ?? [])]);
            input.value = '';
          }}
        />
      </label>
    </header>
  );
}
