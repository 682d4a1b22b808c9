import { useCallback, useEffect, useState } from 'preact/hooks';
import { truncate } from '../src/stats/format.js';
import { ClassList } from './ClassList.js';
import { ClassPage } from './ClassPage.js';
import { Compare } from './Compare.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { loadedDump, type LoadedDump } from './LoadedDump.js';
import { Overview } from './Overview.js';
import { readFile } from './readFile.js';

type View = { kind: 'overview' } | { kind: 'class'; name: string } | { kind: 'compare' };

/** Props of `App`: the dumps embedded in the page (maybe none) and any error reading them. */
export interface AppProps {
  initial: LoadedDump[];
  initialError?: string;
}

/**
 * The report: a header to open dumps (picker or drop anywhere), one or two loaded dumps, and the
 * overview, class and compare views. A bad file leaves what was shown and says what is wrong.
 */
export function App({ initial, initialError }: AppProps) {
  const [dumps, setDumps] = useState<LoadedDump[]>(initial);
  const [current, setCurrent] = useState(initial.length - 1);
  const [view, setView] = useState<View>({ kind: initial.length === 2 ? 'compare' : 'overview' });
  const [error, setError] = useState<string | undefined>(initialError);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  // Files opened so far, finished or failed (tests wait for it to move: a second open starts from 'ready').
  const [opens, setOpens] = useState(0);

  const open = useCallback(async (files: File[]) => {
    const picked = files.filter((f) => f !== null);
    if (picked.length === 0) return;
    if (picked.length > 2) {
      setError(`Open one dump (overview) or two (before and after), not ${picked.length} files.`);
      setOpens((n) => n + 1);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const loaded: LoadedDump[] = [];
      for (const f of picked) {
        try {
          loaded.push(loadedDump(f.name, await readFile(f)));
        } catch (e) {
          throw new Error(`${f.name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      setDumps(loaded);
      setCurrent(loaded.length - 1);
      setView({ kind: loaded.length === 2 ? 'compare' : 'overview' });
    } catch (e) {
      setError(`Could not open ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
      setOpens((n) => n + 1);
    }
  }, []);

  useEffect(() => {
    const over = (e: DragEvent): void => {
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent): void => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent): void => {
      e.preventDefault();
      setDragging(false);
      void open([...(e.dataTransfer?.files ?? [])]);
    };
    addEventListener('dragover', over);
    addEventListener('dragleave', leave);
    addEventListener('drop', drop);
    return () => {
      removeEventListener('dragover', over);
      removeEventListener('dragleave', leave);
      removeEventListener('drop', drop);
    };
  }, [open]);

  const loaded = dumps[current];
  useEffect(() => {
    // Tests and the benchmark wait for this: the view is drawn (charts paint in the next frame).
    const root = document.documentElement;
    root.dataset.state = busy ? 'loading' : error !== undefined ? 'error' : loaded === undefined ? 'empty' : 'ready';
    root.dataset.view = loaded === undefined ? 'none' : view.kind;
    root.dataset.opens = String(opens);
  });

  const showClass = (name: string): void => setView({ kind: 'class', name });
  return (
    <div class={`app${dragging ? ' dragging' : ''}`}>
      <header>
        <h1>heapcensus report</h1>
        <nav>
          {dumps.map((d, i) => (
            <button
              type="button"
              key={i}
              class={`tab${i === current && view.kind !== 'compare' ? ' active' : ''}`}
              data-dump={i}
              title={d.source}
              onClick={() => {
                setCurrent(i);
                // The other dump may not have this class: start from its overview.
                setView({ kind: 'overview' });
              }}
            >
              {dumps.length === 2 ? (i === 0 ? 'before: ' : 'after: ') : ''}
              {truncate(d.source, 40)}
            </button>
          ))}
          {loaded !== undefined && (
            <button type="button" class={`tab${view.kind === 'overview' ? ' active' : ''}`} data-nav="overview" onClick={() => setView({ kind: 'overview' })}>
              Overview
            </button>
          )}
          {dumps.length === 2 && (
            <button type="button" class={`tab${view.kind === 'compare' ? ' active' : ''}`} data-nav="compare" onClick={() => setView({ kind: 'compare' })}>
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
              void open([...(input.files ?? [])]);
              input.value = '';
            }}
          />
        </label>
      </header>
      {error !== undefined && (
        <div class="error" role="alert" id="error">
          {error}
        </div>
      )}
      {busy && <div class="busy">Loading…</div>}
      <div class="body">
        {loaded !== undefined && (
          <aside>
            <h2>Classes</h2>
            <ClassList classes={loaded.classes} active={view.kind === 'class' ? view.name : undefined} onClass={showClass} />
          </aside>
        )}
        <main>
          {loaded === undefined ? (
            <div class="welcome">
              <h2>Open a heapcensus dump</h2>
              <p>
                Drop one <code>.json</code> or <code>.json.gz</code> dump anywhere on this page for its overview, or two (before and after) to compare them, or use
                “Open dumps…”. Files are read in this page: nothing is uploaded, and the page makes no network request.
              </p>
            </div>
          ) : (
            <ErrorBoundary resetKey={`${current}:${view.kind}:${view.kind === 'class' ? view.name : ''}:${dumps.length}:${loaded.source}`}>
              {view.kind === 'compare' && dumps.length === 2 ? (
                <Compare before={dumps[0]!} after={dumps[1]!} />
              ) : view.kind === 'class' ? (
                <ClassPage key={`${current}:${view.name}`} loaded={loaded} name={view.name} />
              ) : (
                <Overview loaded={loaded} onClass={showClass} />
              )}
            </ErrorBoundary>
          )}
        </main>
      </div>
    </div>
  );
}
