/**
 * Chromium's heap snapshots put Blink's C++ objects on paths that pass through the DOM: an event
 * listener is held by `<body>` through `blink::EventTargetData`, `blink::HeapVectorBacking<...>`,
 * `blink::RegisteredEventListener`, `EventListener` and `V8EventListener`. This rewrites such
 * steps into what a web developer recognises: `document → <body> event listener → onKey()`.
 */

/** A step's text without a trailing slot index (`<body>[11]` → `<body>`). */
const base = (step: string): string => step.replace(/\[\d+\]$/, '');
/** Blink's internal holders: never something a developer wrote. */
const isInternal = (step: string): boolean => /^(blink::|cppgc::)/.test(base(step)) || /^(V8)?EventListener$/.test(base(step));
/** A DOM node's step (`<div id="x">`, `HTMLDocument`, `Text`...): its slot index is Blink's, not the page's. */
const isDomNode = (step: string): boolean => /^<[a-z]/i.test(step) || /^(HTMLDocument|Document|DocumentFragment|ShadowRoot|Text)\[\d+\]$/.test(step);

/** Rewrites the Blink parts of a retainer path's steps (other steps are kept as they are). */
export function readableBlinkSteps(steps: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (step === '["<symbol Window#DocumentCachedAccessor>"]') {
      out.push('document');
      continue;
    }
    if (isInternal(step)) {
      // A run of internals; one that holds a listener names the DOM node before it as its owner.
      let j = i;
      let listener = false;
      for (; j < steps.length && isInternal(steps[j]!); j++) if (/EventListener$/.test(base(steps[j]!))) listener = true;
      if (listener && out.length > 0) out[out.length - 1] = `${out[out.length - 1]} event listener`;
      i = j - 1;
      continue;
    }
    // `document → HTMLDocument`: the wrapper's property, then the node it wraps: one step.
    if (base(step) === 'HTMLDocument' && out[out.length - 1] === 'document') continue;
    out.push(isDomNode(step) ? base(step) : step);
  }
  return out;
}
