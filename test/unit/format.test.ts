import { describe, expect, test } from 'vitest';
import { FACTOR_FROM, fitLeft, fitRight, formatBytes, formatBytesPadded, formatChange, formatPct, formatTime, isMeaningfulBase, sanitize, sanitizeLines, truncate, truncateLeft } from '../../src/stats/format.js';

describe('formatBytes / formatBytesPadded', () => {
  test('padded form: 10 characters, binary units labelled as in the tutorial', () => {
    const cases: Array<[number, string]> = [
      [0, '   0     B'],
      [999, ' 999     B'],
      [1023, '1023     B'],
      [1024, '   1.00 KB'],
      [1025, '   1.00 KB'],
      [7710, '   7.53 KB'],
      [4372561, '   4.17 MB'],
      [1048576, '   1.00 MB'],
      [136.064, ' 136     B'],
    ];
    for (const [n, s] of cases) {
      expect(formatBytesPadded(n)).toBe(s);
      expect(formatBytesPadded(n)).toHaveLength(10);
    }
  });

  test('compact form', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(7710)).toBe('7.53 KB');
    expect(formatBytes(4372561)).toBe('4.17 MB');
    expect(formatBytes(34.77 * 1024 * 1024)).toBe('34.77 MB');
    expect(formatBytes(-7710)).toBe('-7.53 KB');
    expect(formatBytes(-0.2)).toBe('0 B');
  });

  test('rounding never prints 1024.00 of a unit', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.00 MB');
    expect(formatBytes(1023.6)).toBe('1.00 KB');
  });

  test('PB and EB are right, and huge values do not throw', () => {
    expect(formatBytes(1024 ** 5)).toBe('1.00 PB');
    expect(formatBytes(1024 ** 6)).toBe('1.00 EB');
    expect(formatBytes(1024 ** 8)).toBe('1.00 YB');
    expect(() => formatBytes(1e300)).not.toThrow();
    expect(formatBytes(1e300)).toMatch(/ YB$/);
    expect(formatBytes(Infinity)).toBe('Infinity');
    expect(formatBytes(Number.NaN)).toBe('NaN');
  });
});

describe('formatTime', () => {
  test('hh:mm:ss.ss from milliseconds', () => {
    expect(formatTime(3725456)).toBe('01:02:05.46');
    expect(formatTime(0)).toBe('00:00:00.00');
    expect(formatTime(59999)).toBe('00:01:00.00');
    expect(formatTime(1234.5)).toBe('00:00:01.23');
    expect(formatTime(360000000)).toBe('100:00:00.00');
    expect(formatTime(Number.NaN)).toBe('--:--:--.--');
  });
});

describe('formatPct / formatChange', () => {
  test('one decimal below 10, never truncated to 0', () => {
    expect(formatPct(0)).toBe('0');
    expect(formatPct(0.4)).toBe('0.4');
    expect(formatPct(0.01)).toBe('<0.1');
    expect(formatPct(9.96)).toBe('10');
    expect(formatPct(13.9)).toBe('14');
    expect(formatPct(4363)).toBe('4363');
    expect(formatPct(123456)).toBe('>999');
    for (const p of [0, 0.01, 0.4, 9.5, 13.9, 99.9, 4363, 1e9]) expect(formatPct(p).length).toBeLessThanOrEqual(4);
  });

  test('relative change', () => {
    expect(formatChange(34.77, 32.41)).toBe('-6.8%');
    expect(formatChange(100, 150)).toBe('+50.0%');
    expect(formatChange(5, 5)).toBe('0.0%');
    expect(formatChange(0, 5)).toBe('new');
    expect(formatChange(5, 0)).toBe('-100%');
  });

  test('growth from a tiny base reads as a factor, not a huge percentage', () => {
    // The report saw "+280300%" from a one-instance base.
    expect(formatChange(100, 280400)).toBe('×2804');
    expect(formatChange(100, 999)).toBe('+899.0%');
    expect(formatChange(100, 1000)).toBe(`×10.0`);
    expect(formatChange(8, 100)).toBe('×12.5');
    expect(formatChange(1000, 1)).toBe('-99.9%');
    expect(isMeaningfulBase(100, 999)).toBe(true);
    expect(isMeaningfulBase(100, 100 * FACTOR_FROM)).toBe(false);
    expect(isMeaningfulBase(0, 5)).toBe(false);
    expect(isMeaningfulBase(5, 0)).toBe(true);
  });
});

describe('truncation and sanitizing', () => {
  test('truncate keeps the start, truncateLeft the end', () => {
    expect(truncate('abcdefghij', 8)).toBe('abcde...');
    expect(truncate('abc', 8)).toBe('abc');
    expect(truncateLeft('SCons.Node.FS.File', 10)).toBe('...FS.File');
    expect(truncate('abc', 2)).toBe('..');
  });

  test('control characters cannot reach the terminal', () => {
    expect(sanitize('a\nb\r\nc\u001b[2Jd\u0007')).toBe('a|b|c?[2Jd?');
    expect(truncate('x\u001b]0;evil\u0007', 40)).not.toMatch(/[\u0000-\u001f]/);
  });

  test('bidirectional controls cannot reorder terminal text (Trojan Source)', () => {
    // Every bidi control: ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI.
    const bidi = [0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
    for (const c of bidi) {
      const ch = String.fromCharCode(c);
      expect(sanitize(`a${ch}b`), c.toString(16)).toBe('a?b');
      expect(truncate(`name${ch}gpj.exe`, 40)).toBe('name?gpj.exe');
      expect(truncateLeft(`${'x'.repeat(50)}${ch}y`, 10)).toBe('...xxxxx?y');
      expect(fitLeft(`${ch}z`, 4)).toBe('?z  ');
    }
    // Ordinary right-to-left text and joiners stay: only the controls go.
    expect(sanitize('שלום \u200d عربي')).toBe('שלום \u200d عربي');
    expect(sanitizeLines('a\u202eb\nc\u2066d')).toBe('a?b\nc?d');
  });

  test('never splits a surrogate pair', () => {
    const s = `ab${'😀'.repeat(5)}`;
    const t = truncate(s, 6);
    expect(t.endsWith('...')).toBe(true);
    expect(/[\ud800-\udbff]\.\.\./.test(t)).toBe(false);
  });

  test('fit helpers keep exact widths', () => {
    expect(fitLeft('abcdefghijkl', 6)).toBe('abc...');
    expect(fitLeft('ab', 6)).toBe('ab    ');
    expect(fitRight('12345678', 4)).toBe('####');
    expect(fitRight('12', 4)).toBe('  12');
  });
});
