import { useMemo } from 'preact/hooks';
import type { InstanceView } from '../src/dump/dumpReader.js';
import { truncate } from '../src/stats/format.js';
import { groupTraces } from './groupTraces.js';
import { LazyDetails, StackFrames } from './StackFrames.js';

const SHOWN = 50;
const STACKS_SHOWN = 10;

/** Creation traces of a class grouped by call site, with counts; each group opens to its most frequent stacks (drawn once opened). */
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
                <LazyDetails summary={truncate(g.site, 160)} summaryClass="mono">
                  {() => (
                    <>
                      {g.stacks.slice(0, STACKS_SHOWN).map((s, i) => (
                        <div key={i} class="stack">
                          <div class="meta">{s.count} instance{s.count === 1 ? '' : 's'} from this stack (innermost first):</div>
                          <StackFrames frames={s.frames} />
                        </div>
                      ))}
                      {g.stacks.length > STACKS_SHOWN && <p class="meta">{`and ${g.stacks.length - STACKS_SHOWN} less frequent stacks`}</p>}
                    </>
                  )}
                </LazyDetails>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {groups.length > SHOWN && <p class="meta">{groups.length - SHOWN} more call sites not shown.</p>}
    </div>
  );
}
