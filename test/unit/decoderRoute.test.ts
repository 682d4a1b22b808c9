import { afterEach, describe, expect, test, vi } from 'vitest';
import { createSdk, loadOptions } from '../../src/createSdk.js';
import { loadDump } from '../../src/dump/loadDump.js';
import type { Platform } from '../../src/platform.js';
import { nodePlatform } from '../../platform/node/nodePlatform.js';
import { browserPlatform } from '../../platform/browser/browserPlatform.js';
import { makeDump } from './helpers/makeDump.js';

// The core reads no global TextDecoder: the platform (or loadDump's caller) passes the host's decoder.
const bytes = (): Uint8Array => new TextEncoder().encode(JSON.stringify(makeDump({ instances: [{ name: 'Foo' }], snapshots: [{ label: 'é', sizes: { 1: 10 } }] })));
const bare: Platform = { name: 'node', now: () => 0, taggedSize: 8, memoryTotal: () => ({ bytes: 0, source: 'none' }) };

describe('the UTF-8 decoder reaches loadDump through the Platform', () => {
  afterEach(() => vi.unstubAllGlobals());

  test('a platform without a decoder loads with the fallback, never reading globalThis.TextDecoder', () => {
    const global = vi.fn(() => {
      throw new Error('the core read globalThis.TextDecoder');
    });
    vi.stubGlobal('TextDecoder', global);
    const sdk = createSdk(() => bare);
    expect(sdk.loadDump(bytes()).snapshots[0]!.label).toBe('é');
    expect(loadDump(bytes()).snapshots[0]!.label).toBe('é');
    expect(global).not.toHaveBeenCalled();
  });

  test("a platform's decoder is the one loadDump uses", () => {
    const decode = vi.fn((b: Uint8Array) => Buffer.from(b).toString('utf8'));
    const sdk = createSdk(() => ({ ...bare, decodeUtf8: decode }));
    expect(sdk.loadDump(bytes()).snapshots[0]!.label).toBe('é');
    expect(decode).toHaveBeenCalledTimes(1);
  });

  test('a bad byte is still named by offset when the host decoder refuses it', () => {
    const bad = new Uint8Array([...new TextEncoder().encode('{"a":"'), 0xff, ...new TextEncoder().encode('"}')]);
    expect(() => loadDump(bad, loadOptions(nodePlatform()))).toThrow(/invalid UTF-8 at byte 6/);
  });

  test('the Node and browser platforms pass their TextDecoder (no entry falls to the slow decoder)', () => {
    for (const p of [nodePlatform(), browserPlatform()]) {
      expect(typeof p.decodeUtf8).toBe('function');
      expect(loadOptions(p).decodeUtf8).toBeTypeOf('function');
      expect(p.decodeUtf8!(new TextEncoder().encode('é'))).toBe('é');
      expect(() => p.decodeUtf8!(new Uint8Array([0xff]))).toThrow();
    }
  });
});
