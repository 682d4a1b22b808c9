import { useMemo } from 'preact/hooks';
import type { InstanceView } from '../src/dumpReader.js';
import { truncate } from '../src/format.js';
import { frameText, groupTraces } from './groupTraces.js';

const SHOWN = 50;

/** Creation traces of a class grouped by call site, with counts; each group opens to its stacks. */
export function TraceGroups({ instances }: { instances: readonly InstanceView[] }) {
  const groups = useMemo(() => groupTraces(instances), [instances]);
  if (groups.length === 0) return <p class="empty">No creation traces recorded (track the class with <code>trace: true</code>).</p>;
  return (
    <div class="traces">
      <table class="figures">
        <thead>
          <tr>
            <th>instances</th>
            <th class="name">call site (innermost frame) and its stacks</th>
          </tr>
        </thead>
        <tbody>
          {groups.slice(0, SHOWN).map((g) => (
            <tr key={g.site} data-site={g.site}>
              <td data-field="count" data-v={g.count}>{String(g.count)}</td>
              <td class="name">
                <details>
                  <summary class="mono">{truncate(g.site, 160)}</summary>
                  {g.stacks.slice(0, 10).map((s, i) => (
                    <div key={i} class="stack">
                      <div class="meta">{s.count} instance{s.count === 1 ? '' : 's'} from this stack (innermost first):</div>
                      <ol class="mono">
                        {[...s.frames].reverse().map((f, j) => (
                          <li key={j}>{truncate(frameText(f), 200)}</li>
                        ))}
                      </ol>
                    </div>
                  ))}
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {groups.length > SHOWN && <p class="meta">{groups.length - SHOWN} more call sites not shown.</p>}
    </div>
  );
}
