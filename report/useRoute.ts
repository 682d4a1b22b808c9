import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { parseRoute, routeHash, type Route, type RouteBounds } from './route.js';

/** The current route and a way to go to another one (a new history entry, or `replace` the current one). */
export interface Routing {
  route: Route;
  go: (route: Route, replace?: boolean) => void;
}

/**
 * Keeps the route in the URL hash: reads it at start and on every `hashchange` (Back, Forward, a
 * pasted link), writes it on `go`. A hash is normalised (replaced, not pushed) to the view it
 * opened, so a reload returns to the same view.
 */
export function useRoute(bounds: RouteBounds): Routing {
  const boundsRef = useRef(bounds);
  boundsRef.current = bounds;
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash, bounds));
  const go = useCallback((r: Route, replace = false) => {
    const hash = routeHash(r);
    if (location.hash !== hash) {
      if (replace) replaceHash(hash);
      else pushHash(hash);
    }
    setRoute(r);
  }, []);
  useEffect(() => {
    const on = (): void => {
      const r = parseRoute(location.hash, boundsRef.current);
      // A pasted hash naming nothing that exists reads as the view it opened.
      if (boundsRef.current.snapshots.length > 0 && routeHash(r) !== location.hash) replaceHash(routeHash(r));
      setRoute(r);
    };
    // Back/Forward between pushed entries fire popstate; a pasted or typed hash fires hashchange.
    addEventListener('hashchange', on);
    addEventListener('popstate', on);
    if (bounds.snapshots.length > 0) go(route, true);
    return () => {
      removeEventListener('hashchange', on);
      removeEventListener('popstate', on);
    };
    // Once: the start route was parsed from the hash above.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return { route, go };
}

/** Replaces the current history entry's hash in place (no navigation: a blob: page from openReport stays). */
function replaceHash(hash: string): void {
  try {
    history.replaceState(history.state, '', hash);
  } catch {
    location.replace(hash);
  }
}

/** Adds a history entry with this hash, in place (a blob: page from openReport is not navigated). */
function pushHash(hash: string): void {
  try {
    history.pushState(null, '', hash);
  } catch {
    location.hash = hash;
  }
}
