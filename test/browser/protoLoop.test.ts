import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/chromium.js';

/**
 * In Chromium proxies cannot be told apart, so a Proxy that is its own prototype reaches
 * every prototype walk as an ordinary object. The page's walks must end: the evaluation
 * returns (the vitest timeout is the only guard, and the trap throws after 100,000 calls).
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('a self-parenting Proxy in Chromium', () => {
  it('sizeOf, a snapshot with referent trees, and Reflect.construct(Tracked, [], proxy) all return; the trap runs a bounded number of times', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent('<!doctype html><title>proto loop</title>');
    await page.addScriptTag({ content: readFileSync(join(process.cwd(), 'dist', 'heapcensus.iife.js'), 'utf8') });
    const r = await page.evaluate(async () => {
      const hc = (globalThis as unknown as { heapcensus: Record<string, any> }).heapcensus;
      const reported: string[] = [];
      hc.tracker.platform.onError = (e: unknown) => reported.push(String(e));
      let calls = 0;
      const proxy: object = new Proxy(function Target() {}, {
        getPrototypeOf() {
          if (++calls > 100_000) throw new Error('runaway prototype walk');
          return proxy;
        },
      });
      const obj = Object.create(proxy);
      obj.a = 'x';
      const size = hc.sizeOf({ obj }) as number;
      const afterSize = calls;
      hc.tracker.trackObject(obj, { resolution: 2, name: 'Looped' });
      class Row { n = 1; }
      const Tracked = hc.tracker.trackClass(Row);
      const made = Reflect.construct(Tracked, [], proxy as Function) as Row;
      const plain = new Tracked();
      const snap = await hc.snapshot('loop');
      return { size, afterSize, calls, made: made.n, plain: plain.n, looped: snap.classes.Looped.active, reported };
    });
    expect(r.size).toBeGreaterThan(0);
    expect(r.made).toBe(1);
    expect(r.plain).toBe(1);
    expect(r.looped).toBe(1);
    expect(r.reported).toEqual([]);
    expect(errors).toEqual([]);
    expect(r.afterSize).toBeLessThanOrEqual(300);
    expect(r.calls).toBeLessThanOrEqual(1_000);
    await page.close();
  });
});
