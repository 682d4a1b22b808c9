import { describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { loadDump } from '../../src/dump/loadDump.js';
import { SdkError } from '../../src/SdkError.js';
import { Stats } from '../../src/stats/Stats.js';
import { validateDump } from '../../src/dump/validateDump.js';
import { fakePlatform } from './helpers/fakePlatform.js';

/**
 * `trackClass(Cls)` cannot patch `Cls`: code that keeps using `Cls` registers nothing. The
 * tracker says so instead of showing nothing (issue 9): the dump lists the attached classes,
 * and the summary and stats name those that never registered an instance, and why.
 */
class RawDoc {
  text = 'doc';
}
class Page {
  n = 1;
}

function setup() {
  const platform = fakePlatform();
  return new ClassTracker({ platform });
}

describe('a tracked class that never registered an instance', () => {
  it('gets a summary line and a stats note saying why, with the dump carrying the attached names', async () => {
    const tracker = setup();
    tracker.trackClass(RawDoc); // the returned class is dropped: the mistake
    const TrackedPage = tracker.trackClass(Page);
    const keep = [new RawDoc(), new RawDoc(), new TrackedPage()];
    await tracker.snapshot('after load');

    const dump = tracker.toDump();
    expect(dump.attached).toEqual(['Page', 'RawDoc']);
    const stats = tracker.stats();
    const lines = stats.summary().split('\n');
    for (const l of lines) expect(l).toHaveLength(79);
    expect(lines.map((l) => l.trimEnd())).toContain('RawDoc: no instance registered');
    expect(lines.map((l) => l.trimEnd())).toContain('  (create instances from the class trackClass returned)');
    expect(lines.some((l) => l.startsWith('Page:'))).toBe(false);
    const note = '(RawDoc: no instance registered: create instances from the class trackClass returned)';
    expect(stats.formatStats()).toContain(note);
    expect(stats.formatStats({ className: 'RawDoc' })).toBe(note);
    expect(stats.formatStats({ className: 'Page' })).not.toContain('RawDoc');

    // Through JSON and back: the same text.
    const loaded = Stats.from(loadDump(JSON.stringify(dump)));
    expect(loaded.summary()).toBe(stats.summary());
    expect(loaded.formatStats()).toBe(stats.formatStats());
    expect(keep).toHaveLength(3);
  });

  it('loses the note once the returned class registers an instance, and detached classes are not listed', () => {
    const tracker = setup();
    const Doc = tracker.trackClass(RawDoc);
    expect(tracker.stats().summary()).toContain('RawDoc: no instance registered');
    const doc = new Doc();
    expect(tracker.stats().summary()).not.toContain('no instance registered');
    expect(tracker.toDump().attached).toEqual(['RawDoc']);
    tracker.detachClass(Doc);
    expect(tracker.toDump().attached).toBeUndefined();
    expect(doc).toBeInstanceOf(RawDoc);
  });

  it('is read from dumps: optional (older dumps lack it), a list of strings', () => {
    const tracker = setup();
    tracker.trackClass(RawDoc);
    const dump = JSON.parse(JSON.stringify(tracker.toDump())) as Record<string, unknown>;
    const { attached, ...older } = dump;
    expect(attached).toEqual(['RawDoc']);
    expect(Stats.from(validateDump(older)).summary()).not.toContain('no instance registered');
    let error: unknown;
    try {
      validateDump({ ...dump, attached: ['RawDoc', 7] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SdkError);
    expect((error as SdkError).message).toContain('attached[1]: expected a string, got 7');
  });
});
