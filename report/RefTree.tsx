import { useState } from 'preact/hooks';
import { formatBytes, truncate } from '../src/stats/format.js';
import type { RefNode } from '../src/types.js';

const CHILDREN_SHOWN = 200;

/** One referent-tree node: name, size, flat, preview; children render only once opened. */
function TreeNode({ node, open: initiallyOpen }: { node: RefNode; open: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  const kids = node.refs;
  const sorted = open ? [...kids].sort((a, b) => b.size - a.size).slice(0, CHILDREN_SHOWN) : [];
  return (
    <li>
      <span class="node">
        {kids.length > 0 ? (
          <button type="button" class="toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span class="toggle" />
        )}
        <span class="mono ref-name">{truncate(node.name, 120)}</span> <span class="num" data-v={node.size}>{formatBytes(node.size)}</span>
        <span class="meta"> (flat {formatBytes(node.flat)})</span>
        {node.preview !== undefined && <span class="mono preview"> {truncate(node.preview, 120)}</span>}
      </span>
      {open && kids.length > 0 && (
        <ul>
          {sorted.map((k, i) => (
            <TreeNode key={`${i}:${k.name}`} node={k} open={false} />
          ))}
          {kids.length > CHILDREN_SHOWN && <li class="meta">{kids.length - CHILDREN_SHOWN} more referents not shown</li>}
        </ul>
      )}
    </li>
  );
}

/** A referent tree (the root and its children, largest first), opened one level. */
export function RefTree({ root }: { root: RefNode }) {
  return (
    <ul class="tree">
      <TreeNode node={root} open={true} />
    </ul>
  );
}
