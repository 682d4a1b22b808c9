import { describe, expect, it } from 'vitest';
import { readableBlinkSteps } from '../../platform/playwright/blinkSteps.js';

/** findPageLeaks' rewriting of Blink's C++ steps (paths through the DOM in Chromium snapshots). */
describe('readableBlinkSteps', () => {
  it('an event listener reads as its element, without Blink internals or slot numbers', () => {
    const vector = 'blink::BasicHeapVector<blink::internal::HeapCollectionType::kGCed, cppgc::internal::BasicMember<blink::RegisteredEventListener>, 1>[1]';
    const steps = ['(global)', '["<symbol Window#DocumentCachedAccessor>"]', 'HTMLDocument[8]', '<body>[11]', 'blink::EventTargetData[1]', vector, 'blink::RegisteredEventListener[1]', 'EventListener[1]', 'V8EventListener[1]', 'onKey()', 'context variable l', 'Listened'];
    expect(readableBlinkSteps(steps)).toEqual(['(global)', 'document', '<body> event listener', 'onKey()', 'context variable l', 'Listened']);
  });

  it('leaves paths without Blink objects as they are (arrays keep their indices)', () => {
    const steps = ['(global)', 'holder.cache', 'Array[3]', 'Leaky'];
    expect(readableBlinkSteps(steps)).toEqual(steps);
  });
});
