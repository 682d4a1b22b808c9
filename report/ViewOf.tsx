import { ClassPage } from './ClassPage.js';
import { Compare } from './Compare.js';
import { LifetimeView } from './LifetimeView.js';
import type { LoadedDump } from './LoadedDump.js';
import { Overview } from './Overview.js';
import type { Route } from './route.js';

/** Props of `ViewOf`. */
export interface ViewOfProps {
  dumps: readonly LoadedDump[];
  current: number;
  route: Route;
  go: (r: Route) => void;
}

/** The view a route names, over the loaded dumps. */
export function ViewOf({ dumps, current, route, go }: ViewOfProps) {
  const loaded = dumps[current]!;
  // Views of instances and sizes wait until the dump's rows are checked: nothing unchecked is shown.
  const needs = route.view === 'compare' ? dumps : [loaded];
  if (route.view !== 'overview' && needs.some((d) => !d.complete)) {
    return (
      <p class="busy" data-field="checking">
        Checking the dump's instance and size rows before showing them…
      </p>
    );
  }
  switch (route.view) {
    case 'compare':
      return <Compare before={dumps[0]!} after={dumps[1]!} at={[route.before, route.after]} go={go} />;
    case 'class':
      return <ClassPage key={`${current}:${route.name}`} loaded={loaded} dump={current} name={route.name} instance={route.instance} go={go} />;
    case 'lifetime':
      return <LifetimeView key={`${current}:${route.name}`} loaded={loaded} dump={current} name={route.name} go={go} />;
    default:
      return <Overview key={current} loaded={loaded} onClass={(name) => go({ view: 'class', dump: current, name })} />;
  }
}
