import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ClassList } from './ClassList.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { Header } from './Header.js';
import type { LoadedDump } from './LoadedDump.js';
import { finish, overviews, type Pending } from './opening.js';
import { readFile } from './readFile.js';
import type { Route } from './route.js';
import { useRoute } from './useRoute.js';
import { ViewOf } from './ViewOf.js';

/** Props of `App`: the dumps embedded in the page (maybe none; their overviews checked, their rows not yet) and any error reading them. */
export interface AppProps {
  initial: Pending[];
  initialError?: string;
}

/** The dump a route shows (compare: the latest). */
const dumpOf = (r: Route, count: number): number => (r.view === 'compare' ? count - 1 : r.dump);

/**
 * The report: a header to open dumps (picker or drop anywhere), one or two loaded dumps, and the
 * overview, class, lifetime and compare views, each at its own URL hash. It opens on the latest
 * dump's overview. A bad file leaves what was shown and says what is wrong. A dump's overview is
 * drawn as soon as it is checked; its instance and size rows are checked next, in slices, and the
 * views that show them wait for that; bad rows withdraw the dump and say what is wrong.
 */
export function App({ initial, initialError }: AppProps) {
  const [dumps, setDumps] = useState<LoadedDump[]>(() => overviews(initial));
  const { route, go } = useRoute({ snapshots: dumps.map((d) => d.dump.snapshots.length) });
  const [error, setError] = useState<string | undefined>(initialError);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  // Files opened so far, finished or failed (tests wait for it to move: a second open starts from 'ready').
  const [opens, setOpens] = useState(0);
  // Rows of the shown dumps still being checked; a newer opening cancels an older one's checks.
  const [checking, setChecking] = useState(initial.length > 0);
  const generation = useRef(0);

  /** Checks the rows of dumps whose overviews are shown; on a problem, goes back to `previous` and says what is wrong. */
  const complete = useCallback(
    async (pending: Pending[], previous: LoadedDump[]): Promise<void> => {
      const gen = ++generation.current;
      setChecking(true);
      try {
        const whole = await finish(pending, () => generation.current !== gen);
        if (whole !== undefined) setDumps(whole);
      } catch (e) {
        if (generation.current !== gen) return;
        setDumps(previous);
        if (previous.length > 0) go({ view: 'overview', dump: previous.length - 1 }, true);
        setError(`Could not open ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        if (generation.current === gen) setChecking(false);
      }
    },
    [go],
  );
  useEffect(() => {
    if (initial.length > 0) void complete(initial, []);
  }, []);

  const open = useCallback(
    async (files: File[]) => {
      const picked = files.filter((f) => f !== null);
      if (picked.length === 0) return;
      if (picked.length > 2) {
        setError(`Open one dump (overview) or two (before and after), not ${picked.length} files.`);
        setOpens((n) => n + 1);
        return;
      }
      setBusy(true);
      setError(undefined);
      // What a failure of this opening's rows returns to: the dumps shown now, if they are whole.
      const previous = dumps.filter((d) => d.complete);
      let pending: Pending[] | undefined;
      try {
        pending = [];
        for (const f of picked) {
          try {
            pending.push({ source: f.name, stages: await readFile(f) });
          } catch (e) {
            throw new Error(`${f.name}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        setDumps(overviews(pending));
        go({ view: 'overview', dump: pending.length - 1 });
      } catch (e) {
        pending = undefined;
        setError(`Could not open ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        setBusy(false);
      }
      if (pending !== undefined) await complete(pending, previous.length === dumps.length ? previous : []);
      setOpens((n) => n + 1);
    },
    [go, complete, dumps],
  );

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

  const current = Math.min(dumpOf(route, dumps.length), dumps.length - 1);
  const loaded = dumps[current];
  useEffect(() => {
    // Tests and the benchmark wait for these: the view is drawn (charts paint in the next frame).
    const root = document.documentElement;
    // 'checking': the overview is drawn, the rows are being checked (the other views wait for them).
    root.dataset.state = busy ? 'loading' : error !== undefined ? 'error' : loaded === undefined ? 'empty' : checking ? 'checking' : 'ready';
    root.dataset.view = loaded === undefined ? 'none' : route.view;
    root.dataset.opens = String(opens);
  });

  // A new view starts at the top (another instance of the same class keeps the place).
  const place = route.view === 'compare' ? 'compare' : `${route.view}:${route.dump}:${route.view === 'overview' ? '' : route.name}`;
  useEffect(() => scrollTo(0, 0), [place]);

  const showClass = (name: string): void => go({ view: 'class', dump: current, name });
  const active = route.view === 'class' || route.view === 'lifetime' ? route.name : undefined;
  return (
    <div class={`app${dragging ? ' dragging' : ''}`}>
      <Header dumps={dumps} current={current} route={route} go={go} onFiles={(f) => void open(f)} />
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
            <ClassList classes={loaded.reader.classNames} active={active} onClass={showClass} />
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
            <ErrorBoundary resetKey={`${dumps.length}:${loaded.source}:${JSON.stringify(route)}`}>
              <ViewOf dumps={dumps} current={current} route={route} go={go} />
            </ErrorBoundary>
          )}
        </main>
      </div>
    </div>
  );
}
