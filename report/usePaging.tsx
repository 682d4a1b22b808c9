import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';

/** Rows a paged table draws at once: its DOM stays bounded whatever the dump holds. */
export const PAGE_ROWS = 100;

/** One page of a long list: the positions to draw (`first` to `last`, exclusive) and the page controls. */
export interface Paging {
  first: number;
  last: number;
  /** "rows a–b of n" and first / previous / next / last buttons; null when everything fits on one page. */
  controls: ComponentChild;
}

/**
 * Pages a list of `total` rows `size` at a time. The page resets when `resetKey` changes (another
 * snapshot or sort), and is clamped when the list shrinks.
 */
export function usePaging(total: number, resetKey: unknown, size = PAGE_ROWS): Paging {
  const [state, setState] = useState<{ page: number; key: unknown }>({ page: 0, key: resetKey });
  const pages = Math.max(1, Math.ceil(total / size));
  const page = state.key === resetKey ? Math.min(state.page, pages - 1) : 0;
  const first = page * size;
  const last = Math.min(total, first + size);
  if (total <= size) return { first: 0, last: total, controls: null };
  const go = (p: number) => setState({ page: Math.max(0, Math.min(pages - 1, p)), key: resetKey });
  const button = (name: string, text: string, to: number, disabled: boolean) => (
    <button type="button" class="page" data-page={name} disabled={disabled} onClick={() => go(to)}>
      {text}
    </button>
  );
  return {
    first,
    last,
    controls: (
      <div class="pager">
        {button('first', '«', 0, page === 0)}
        {button('prev', '‹ previous', page - 1, page === 0)}
        <span class="meta" data-field="rows">{`rows ${first + 1}–${last} of ${total}`}</span>
        {button('next', 'next ›', page + 1, page === pages - 1)}
        {button('last', '»', pages - 1, page === pages - 1)}
      </div>
    ),
  };
}
