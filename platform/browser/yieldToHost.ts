/** `scheduler.yield()` (Chromium 129+): resumes ahead of other queued tasks. */
interface Scheduler {
  yield?(): Promise<void>;
}

let channel: MessageChannel | undefined;
const waiting: Array<() => void> = [];

/**
 * Lets the page handle input and paint between slices of a long snapshot, and resumes as soon
 * as it can: `scheduler.yield()`, else a MessageChannel task, else `setTimeout(0)` (clamped
 * to 4 ms after nesting, and throttled in hidden tabs, so only the last resort).
 */
export function yieldToHost(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  if (typeof MessageChannel === 'function') {
    if (channel === undefined) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => waiting.shift()?.();
    }
    const port = channel.port2;
    return new Promise<void>((resolve) => {
      waiting.push(resolve);
      port.postMessage(null);
    });
  }
  return new Promise<void>((resolve) => setTimeout(resolve, 0));
}
