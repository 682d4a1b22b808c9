import type { RefNode } from '../types.js';
import { preview } from './preview.js';
import { propertyName } from './slots.js';

/** Referent naming styles; names are built only when a tree node is made. */
export const PROP = 0, INDEX = 1, MAP_VALUE = 2, MAP_KEY = 3, SET_ITEM = 4, LITERAL = 5;
/** Tree nodes reached past `maxRefs` siblings are summed into the parent's last node, named this until finished. */
export const REST = '[… more]';

/** The name of a referent tree node for a slot of naming `style` and key `key`. */
export function refName(style: number, key: unknown, isProxy: ((v: object) => boolean) | undefined): string {
  switch (style) {
    case PROP: return propertyName(key as PropertyKey);
    case INDEX: return `[${String(key)}]`;
    case MAP_VALUE: return `Map[${preview(key, 40, isProxy)}]`;
    case MAP_KEY: return `Map key ${preview(key, 40, isProxy)}`;
    case SET_ITEM: return `Set[${String(key)}]`;
    default: return String(key);
  }
}

/**
 * Adds children's sizes into their parents (reverse pre-order) and names the rest nodes
 * (`rest`: rest node -> referents summed into it), then empties `rest`.
 */
export function finishTree(top: RefNode, rest: Map<RefNode, number>): void {
  const order: RefNode[] = [];
  const todo: RefNode[] = [top];
  while (todo.length > 0) {
    const n = todo.pop()!;
    order.push(n);
    for (const c of n.refs) todo.push(c);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    for (const c of n.refs) n.size += c.size;
    const more = rest.get(n);
    if (more !== undefined) n.name = `[… ${more} more]`;
  }
  rest.clear();
}
