/**
 * The CLI against hostile dumps (issue 16, round two): bidi controls in names, labels, traces and
 * previews; gzip bombs; dumps that are small but describe huge tables. Each must end in a clear
 * message and an exit code, never a crash, and output in proportion to what is shown.
 * Decorator mode plays no part: run in the legacy project only.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runCli } from './helpers/runCli.js';
import { makeDump } from './helpers/makeDump.js';

const mode = process.env.HEAPCENSUS_DECORATORS;
let dir = '';
const file = (name: string): string => join(dir, name);

const cli = runCli;

/** Every bidirectional control character (ALM, LRM, RLM, LRE..RLO, LRI..PDI). */
const BIDI = '\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
const BIDI_RE = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'heapcensus-cli-hostile-'));
});

describe.skipIf(mode === 'standard')('bidi controls from a dump never reach the terminal', () => {
  test('summary, stats and diff, and error messages', async () => {
    const evil = (s: string): string => [...BIDI].map((c) => `${s}${c}`).join('');
    const d = makeDump({
      instances: [
        { name: evil('Cls'), preview: evil('prev'), trace: [{ fn: evil('fn'), file: evil('file.js'), line: 1, column: 2 }] },
        { name: 'Plain', preview: 'p' },
      ],
      snapshots: [{ label: evil('label'), sizes: { 1: 100, 2: 50 } }],
      folded: { [evil('Gone')]: { count: 3, lifetimeTotal: 3, lifetimeMin: 1, lifetimeMax: 1, maxSize: 8, firstBirth: 0, lastDeath: 1 } },
    });
    writeFileSync(file('bidi.json'), JSON.stringify(d));
    for (const argv of [['summary', file('bidi.json')], ['stats', file('bidi.json')], ['diff', file('bidi.json'), file('bidi.json')]]) {
      const r = await cli(...argv);
      expect(r.code, argv[0]).toBe(0);
      expect(r.out, argv[0]).toContain('Cls?');
      expect(BIDI_RE.test(r.out), argv[0]).toBe(false);
    }
    const stats = await cli('stats', file('bidi.json'));
    expect(stats.out).toContain('prev?');
    expect(stats.out).toContain('fn?');
    expect(stats.out).toContain('label?');
    expect(stats.out).toContain('Gone?');
    // A label given on the command line comes back in an error message: sanitised too.
    const missing = await cli('diff', file('bidi.json'), file('bidi.json'), '--label', evil('x'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no snapshot labelled/);
    expect(BIDI_RE.test(missing.err)).toBe(false);
    const cls = await cli('stats', file('bidi.json'), '--class', evil('nothing'));
    expect(BIDI_RE.test(cls.out + cls.err)).toBe(false);
  });
});
