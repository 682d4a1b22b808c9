import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { truncate } from '../src/stats/format.js';
import type { TraceFrame } from '../src/types.js';
import { frameText } from './groupTraces.js';

/** Frames of one stack listed; deeper ones are counted. */
export const FRAMES_SHOWN = 50;

/** A creation stack, innermost frame first, at most `FRAMES_SHOWN` frames, then how many more there are. */
export function StackFrames({ frames }: { frames: readonly TraceFrame[] }) {
  const items = [];
  // The stack is stored innermost frame last.
  for (let j = frames.length - 1; j >= 0 && items.length < FRAMES_SHOWN; j--) items.push(<li key={j}>{truncate(frameText(frames[j]!), 200)}</li>);
  return (
    <>
      <ol class="mono">{items}</ol>
      {frames.length > items.length && <p class="meta">{`and ${frames.length - items.length} more frames`}</p>}
    </>
  );
}

/** A `<details>` whose content is drawn only once it is opened, so closed ones cost no DOM. */
export function LazyDetails({ summary, summaryClass, children }: { summary: ComponentChildren; summaryClass?: string; children: () => ComponentChildren }) {
  const [open, setOpen] = useState(false);
  return (
    <details open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary class={summaryClass}>{summary}</summary>
      {open && children()}
    </details>
  );
}
