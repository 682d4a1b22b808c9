import { useMemo, useRef, useState } from 'preact/hooks';
import type { InstanceView, SizeColumns } from '../src/dump/dumpReader.js';
import { sortByKey } from './sortRows.js';
import { formatBytes, formatTime, truncate } from '../src/stats/format.js';

/** Row height in pixels: the virtual list positions rows by it. */
export const ROW_HEIGHT = 26;
const VIEW_ROWS = 18;
const OVERSCAN = 6;

type SortKey = 'id' | 'size' | 'last' | 'birth' | 'death';

/** Props of `InstancesTable`. */
export interface InstancesTableProps {
  instances: readonly InstanceView[];
  sizes: SizeColumns;
  selected: number | undefined;
  onSelect: (row: number) => void;
}

/**
 * The instances of one class: sortable by size, last size, birth and death, filterable by id or
 * preview text, and virtualised (only the rows in view are in the DOM), so 100k+ rows scroll smoothly.
 */
export function InstancesTable({ instances, sizes, selected, onSelect }: InstancesTableProps) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'size', desc: true });
  const [filter, setFilter] = useState('');
  const [top, setTop] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const order = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const idx: number[] = [];
    for (let i = 0; i < instances.length; i++) {
      if (q === '') idx.push(i);
      else {
        const inst = instances[i]!;
        // `#123` is an id; anything else matches an id or a piece of the preview.
        const hit = q.startsWith('#') ? `#${inst.id}` === q : String(inst.id) === q || (inst.preview !== undefined && inst.preview.toLowerCase().includes(q));
        if (hit) idx.push(i);
      }
    }
    const key = (i: number): number => {
      const inst = instances[i]!;
      switch (sort.key) {
        case 'size':
          return sizes.max[i]!;
        case 'last':
          return sizes.last[i]!;
        case 'birth':
          return inst.birth;
        case 'death':
          return inst.death ?? Infinity;
        case 'id':
          return inst.id;
      }
    };
    const keys = new Float64Array(instances.length);
    for (const i of idx) keys[i] = key(i);
    // Stable: ties keep table (birth) order.
    return sortByKey(idx, keys, sort.desc);
  }, [instances, sizes, sort, filter]);

  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(order.length, Math.ceil(top / ROW_HEIGHT) + VIEW_ROWS + OVERSCAN);
  const header = (key: SortKey, text: string) => (
    <button
      type="button"
      class={`sort${sort.key === key ? ' active' : ''}`}
      data-sort={key}
      aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
      onClick={() => {
        setSort(sort.key === key ? { key, desc: !sort.desc } : { key, desc: key === 'size' || key === 'last' });
        setTop(0);
        if (box.current !== null) box.current.scrollTop = 0;
      }}
    >
      {text}
      {sort.key === key ? (sort.desc ? ' ↓' : ' ↑') : ''}
    </button>
  );
  const rows = [];
  for (let p = first; p < last; p++) {
    const i = order[p]!;
    const inst = instances[i]!;
    rows.push(
      <div
        key={inst.row}
        class={`vrow${selected === inst.row ? ' selected' : ''}`}
        role="row"
        data-row={inst.row}
        data-id={inst.id}
        style={{ top: `${p * ROW_HEIGHT}px` }}
        tabIndex={0}
        aria-selected={selected === inst.row}
        onClick={() => onSelect(inst.row)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onSelect(inst.row);
          }
        }}
      >
        <span class="c-id" role="cell">{String(inst.id)}</span>
        <span class="c-preview mono" role="cell">{inst.preview === undefined ? '' : truncate(inst.preview, 100)}</span>
        <span class="c-num" role="cell">{formatTime(inst.birth)}</span>
        <span class="c-num" role="cell">{inst.death === undefined ? 'alive' : formatTime(inst.death)}</span>
        <span class="c-num" role="cell" data-field="size" data-v={sizes.max[i]}>{formatBytes(sizes.max[i]!)}</span>
        <span class="c-num" role="cell" data-field="last" data-v={sizes.last[i]}>{formatBytes(sizes.last[i]!)}</span>
      </div>,
    );
  }
  return (
    <div class="instances">
      <div class="toolbar">
        <input
          type="search"
          class="filter"
          placeholder="filter: #id, id or preview text"
          aria-label="filter instances"
          value={filter}
          onInput={(e) => {
            setFilter((e.currentTarget as HTMLInputElement).value);
            setTop(0);
            if (box.current !== null) box.current.scrollTop = 0;
          }}
        />
        <span class="meta" data-field="shown">
          {order.length === instances.length ? `${instances.length} instances` : `${order.length} of ${instances.length} instances`}
        </span>
      </div>
      <div class="vhead" role="row">
        <span class="c-id">{header('id', 'id')}</span>
        <span class="c-preview">preview</span>
        <span class="c-num">{header('birth', 'birth')}</span>
        <span class="c-num">{header('death', 'death')}</span>
        <span class="c-num">{header('size', 'max size')}</span>
        <span class="c-num">{header('last', 'last size')}</span>
      </div>
      <div class="vscroll" ref={box} role="table" style={{ height: `${VIEW_ROWS * ROW_HEIGHT}px` }} onScroll={(e) => setTop((e.currentTarget as HTMLDivElement).scrollTop)}>
        <div class="vspace" style={{ height: `${order.length * ROW_HEIGHT}px` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
