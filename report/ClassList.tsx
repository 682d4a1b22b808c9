import { useMemo, useState } from 'preact/hooks';
import { truncate } from '../src/stats/format.js';

/** Class links the side list draws at most; past that, a filter finds the others. */
export const CLASSES_SHOWN = 200;

/**
 * The side list of a dump's classes, each a link to its page. Up to `CLASSES_SHOWN` are listed;
 * a dump with more gets a filter (a piece of the name) and a line saying how many are not listed.
 */
export function ClassList({ classes, active, onClass }: { classes: readonly string[]; active: string | undefined; onClass: (name: string) => void }) {
  const [filter, setFilter] = useState('');
  const many = classes.length > CLASSES_SHOWN;
  const { shown, matching } = useMemo(() => {
    const q = many ? filter.trim().toLowerCase() : '';
    if (q === '') return { shown: classes.slice(0, CLASSES_SHOWN), matching: classes.length };
    const hits: string[] = [];
    let n = 0;
    for (const name of classes) {
      if (!name.toLowerCase().includes(q)) continue;
      if (n++ < CLASSES_SHOWN) hits.push(name);
    }
    return { shown: hits, matching: n };
  }, [classes, filter, many]);
  return (
    <>
      {many && (
        <input
          type="search"
          class="class-filter"
          placeholder={`filter ${classes.length} classes`}
          aria-label="filter classes"
          value={filter}
          onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)}
        />
      )}
      <ul class="classlist">
        {shown.map((name) => (
          <li key={name}>
            <button type="button" class={`link${active === name ? ' active' : ''}`} data-class-link={name} title={name} onClick={() => onClass(name)}>
              {truncate(name, 48)}
            </button>
          </li>
        ))}
      </ul>
      {matching > shown.length && <p class="meta" data-field="classes-not-listed">{`and ${matching - shown.length} more: filter to find one`}</p>}
    </>
  );
}
