import type { TraceFrame } from '../types.js';

/** V8's non-standard stack API, feature-detected (absent in Firefox and Safari). */
type CaptureStackTrace = (target: object, constructorOpt?: Function) => void;

/** Distinct traces by their raw stack text, so instances created at one site share one array. */
const interned = new Map<string, readonly TraceFrame[]>();
const INTERN_LIMIT = 10_000;

/**
 * The creation stack of the current call, innermost frame last, with the frames of
 * `skip` and everything it called (the SDK) removed. Never throws; `[]` when unavailable.
 */
export function captureTrace(skip: Function): readonly TraceFrame[] {
  try {
    const holder: { stack?: unknown } = {};
    const capture = (Error as unknown as { captureStackTrace?: CaptureStackTrace }).captureStackTrace;
    let stack: unknown;
    if (typeof capture === 'function') {
      capture(holder, skip);
      stack = holder.stack;
    } else {
      stack = new Error().stack;
    }
    if (typeof stack !== 'string') return [];
    let frames = interned.get(stack);
    if (frames === undefined) {
      frames = parseStack(stack, typeof capture !== 'function');
      if (interned.size >= INTERN_LIMIT) interned.clear();
      interned.set(stack, frames);
    }
    return frames;
  } catch {
    return [];
  }
}

const V8_LINE = /^\s*at (?:(?:async )?(.*?) \()?(.*?)\)?$/;
const GECKO_LINE = /^(.*?)@(.*)$/;
const LOCATION = /^(.*):(\d+):(\d+)$/;

/** Parses V8 (`at fn (file:1:2)`) or Gecko/JSC (`fn@file:1:2`) stack text, innermost last. */
export function parseStack(stack: string, dropSdkFrames: boolean): readonly TraceFrame[] {
  const out: TraceFrame[] = [];
  for (const raw of stack.split('\n')) {
    const m = V8_LINE.exec(raw) ?? GECKO_LINE.exec(raw);
    if (m === null) continue;
    const loc = LOCATION.exec(m[2] ?? '');
    const file = loc ? loc[1]! : (m[2] ?? '');
    if (file.startsWith('node:internal') || file === '') continue;
    out.push({ fn: m[1] ?? '', file, line: loc ? Number(loc[2]) : 0, column: loc ? Number(loc[3]) : 0 });
  }
  // Without captureStackTrace the SDK's own frames lead the stack: drop up to the last
  // frame that shares the first frame's file (the SDK module).
  if (dropSdkFrames && out.length > 0) {
    const sdkFile = out[0]!.file;
    let i = 0;
    while (i < out.length && out[i]!.file === sdkFile) i++;
    out.splice(0, i);
  }
  return Object.freeze(out.reverse());
}
