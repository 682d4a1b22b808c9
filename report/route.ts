/**
 * The report's views as URL hashes (`#view=class&dump=1&class=app.Doc&instance=42`), so Back,
 * Forward, reload and a pasted link return to a view. Hash text is untrusted: parsed values are
 * checked and clamped, and anything unreadable falls back to the latest dump's overview.
 */

/** One view of the report. `dump` is a position in the loaded dumps; compare's `before`/`after` are snapshot positions. */
export type Route =
  | { view: 'overview'; dump: number }
  | { view: 'class'; dump: number; name: string; instance?: number }
  | { view: 'lifetime'; dump: number; name: string }
  | { view: 'compare'; before: number; after: number };

/** What a route is checked against: how many dumps are loaded and how many snapshots each holds. */
export interface RouteBounds {
  snapshots: readonly number[];
}

const int = (v: string | null): number | undefined => (v !== null && /^\d{1,9}$/.test(v) ? Number(v) : undefined);

/** The route a hash names, clamped to what is loaded; the latest dump's overview when it names none. */
export function parseRoute(hash: string, bounds: RouteBounds): Route {
  const n = bounds.snapshots.length;
  const latest: Route = { view: 'overview', dump: Math.max(0, n - 1) };
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const view = p.get('view');
  if (view === 'compare') {
    if (n !== 2) return latest;
    const last = (i: number): number => Math.max(0, bounds.snapshots[i]! - 1);
    return { view, before: Math.min(int(p.get('before')) ?? last(0), last(0)), after: Math.min(int(p.get('after')) ?? last(1), last(1)) };
  }
  const dump = int(p.get('dump'));
  if (dump === undefined || dump >= n) return latest;
  const name = p.get('class');
  if ((view === 'class' || view === 'lifetime') && name !== null) {
    if (view === 'lifetime') return { view, dump, name };
    const instance = int(p.get('instance'));
    return instance === undefined ? { view, dump, name } : { view, dump, name, instance };
  }
  return { view: 'overview', dump };
}

/** The hash of a route (with its `#`); `parseRoute` reads it back to the same route. */
export function routeHash(r: Route): string {
  const p = new URLSearchParams({ view: r.view });
  if (r.view === 'compare') {
    p.set('before', String(r.before));
    p.set('after', String(r.after));
  } else {
    p.set('dump', String(r.dump));
    if (r.view !== 'overview') p.set('class', r.name);
    if (r.view === 'class' && r.instance !== undefined) p.set('instance', String(r.instance));
  }
  return `#${p.toString()}`;
}
