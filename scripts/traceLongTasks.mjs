// Records a Chromium performance trace (CDP Tracing, through playwright-core) of one long-task
// scenario and prints every task over 50 ms on the page's main thread with what ran inside it
// (GC phases, script, the tracker's slices marked with performance.mark). Evidence for
// BENCHMARKS.md, not a benchmark. Run `npm run build` first.
// Usage: node --expose-gc scripts/traceLongTasks.mjs snapshot|blank|array|background|deathSnapshot [n] [out.json]
// or: node scripts/traceLongTasks.mjs trace.json (analyzes a saved trace). TRACE_MS: threshold; TRACE_WARM: warm-ups.
import { readdirSync, readFileSync as readText, writeFileSync } from 'node:fs';

/** Run and run-queue wait time (ns) of every thread of the renderer processes (Linux /proc schedstat). */
function schedstats() {
  const out = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readText(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const [run, wait] = readText(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
        out.set(`${pid}/${tid}`, { run, wait });
      }
    } catch {
      // the process ended
    }
  }
  return out;
}
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const which = process.argv[2] ?? 'snapshot';
const N = Number(process.argv[3] ?? 1_000_000);
const out = process.argv[4];
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-blink-features=ForceEagerMeasureMemory', '--js-flags=--expose-gc',
];
const CATEGORIES = [
  'toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'v8.gc',
  'disabled-by-default-v8.gc', 'blink.user_timing',
].join(',');
/** Tasks longer than this (ms) are listed (TRACE_MS, default 50). */
const THRESH = Number(process.env.TRACE_MS ?? 50) * 1000;

if (which.endsWith('.json')) {
  const { readFileSync } = await import('node:fs');
  analyze(JSON.parse(readFileSync(which, 'utf8')));
  process.exit(0);
}
const { ensureDemo } = await import(pathToFileURL(join(root, 'demo/browser/build.mjs')).href);
const { serveStatic } = await import(pathToFileURL(join(root, 'scripts/serveStatic.mjs')).href);
const server = await serveStatic(await ensureDemo(), { isolated: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(0);
  page.on('console', (m) => console.log('[page]', m.text()));
  if (which === 'background' || which === 'deathSnapshot' || which === 'blank') {
    await page.goto('about:blank');
    await page.addScriptTag({ path: join(root, 'dist/heapcensus.iife.js') });
  } else {
    await page.goto(`${server.origin}/standard/`);
    await page.waitForFunction(() => 'editor' in globalThis);
  }
  // blank: n paragraphs-like instances on a blank page (no demo timer reading tracker.index each second).
  if (which === 'blank') {
    await page.evaluate((n) => {
      const t = globalThis.heapcensus.tracker;
      const Para = t.trackClass(class Para { constructor(doc, i) { this.doc = doc; this.text = `Paragraph ${i}: some text`; this.kind = 'p'; this.edits = 0; } });
      globalThis.docs = [];
      for (let d = 0; d < n / 1000; d++) {
        const doc = { paragraphs: [] };
        for (let i = 0; i < 1000; i++) doc.paragraphs.push(new Para(doc, i));
        globalThis.docs.push(doc);
      }
    }, N);
  }
  if (which === 'snapshot') await page.evaluate((docs) => globalThis.editor.openDocuments(docs, 1000), N / 1000);
  if (which === 'array') {
    await page.evaluate((n) => {
      class Holder {
        items = Array.from({ length: n }, (_, i) => ({ i }));
      }
      globalThis.bigHolder = new Holder();
      globalThis.heapcensus.tracker.trackObject(globalThis.bigHolder);
    }, N);
  }
  // Instrument: every slice of tracker work is a performance.measure in the trace.
  await page.evaluate(() => {
    const t = globalThis.heapcensus.tracker;
    const p = t.platform;
    const original = p.yieldToHost;
    globalThis.__slices = [];
    globalThis.__sliceStart = performance.now();
    // The phase of a snapshot's slice: the walk and fold until the first sizing slice.
    globalThis.__phase = 'walk/fold';
    const sizeSlice = t._sizeSlice;
    t._sizeSlice = function (...a) {
      globalThis.__phase = 'size';
      return sizeSlice.apply(this, a);
    };
    // The end of a fold (its last scan and the pass removing the records) runs in one go.
    const life = t._life;
    const foldFinish = life._foldFinish;
    life._foldFinish = function (run) {
      const f0 = performance.now();
      foldFinish.call(this, run);
      performance.measure('foldFinish', { start: f0, end: performance.now() });
    };
    p.yieldToHost = async () => {
      const end = performance.now();
      globalThis.__slices.push(end - globalThis.__sliceStart);
      performance.measure(`slice ${globalThis.__phase}`, { start: globalThis.__sliceStart, end });
      await original.call(p);
      globalThis.__sliceStart = performance.now();
    };
    if (globalThis.heapcensus.tracker.snapshotSync) {
      globalThis.__long = [];
      new PerformanceObserver((l) => globalThis.__long.push(...l.getEntries().map((e) => [e.startTime, e.duration]))).observe({ type: 'longtask' });
    }
  });
  if (which === 'background' || which === 'deathSnapshot') {
    await page.evaluate((n) => {
      const t = globalThis.heapcensus.tracker;
      globalThis.MassDot ??= t.trackClass(class MassDot { constructor(i) { this.i = i; } });
      const dots = new Array(n);
      for (let i = 0; i < n; i++) dots[i] = new globalThis.MassDot(i);
      globalThis.massDots = dots;
      // Survivors: the other half lives on (issue 15: 1M tracked, 500k die).
      globalThis.survivors = dots.filter((_, i) => i % 2 === 1);
    }, N);
    await page.evaluate(() => { globalThis.massDots = undefined; globalThis.gc(); globalThis.gc(); });
  } else {
    await page.evaluate(() => { globalThis.gc(); });
  }
  // Warm-up snapshots, untraced, as the benchmark's (TRACE_WARM, default 0).
  for (let w = 0; w < Number(process.env.TRACE_WARM ?? 0); w++) {
    await page.evaluate(async () => {
      const t = globalThis.heapcensus.tracker;
      await t.snapshot('warm-up');
      globalThis.__phase = 'walk/fold';
      t.snapshotSync('warm-up sync');
      t.snapshots.length = 0;
      globalThis.gc();
      globalThis.__slices = [];
    });
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: CATEGORIES.split(','), recordMode: 'recordAsMuchAsPossible' } });
  await new Promise((r) => setTimeout(r, 300));
  const schedBefore = schedstats();
  const res = await page.evaluate(async (kind) => {
    const g = globalThis;
    const t = g.heapcensus.tracker;
    g.__sliceStart = performance.now();
    g.__phase = 'walk/fold';
    const t0 = performance.now();
    if (kind === 'background') {
      g.gc(); g.gc();
      const counts = t._life._counts.get('MassDot');
      while (counts.live > (g.survivors?.length ?? 0)) await new Promise((ok) => setTimeout(ok, 1));
    } else if (kind === 'deathSnapshot') {
      g.gc(); g.gc();
      await new Promise((ok) => setTimeout(ok, 0));
      g.__sliceStart = performance.now();
      await t.snapshot('after deaths');
    } else {
      await t.snapshot('traced');
    }
    const total = performance.now() - t0;
    g.__slices.push(performance.now() - g.__sliceStart);
    await new Promise((ok) => setTimeout(ok, 200));
    const s = g.__slices.slice().sort((a, b) => b - a);
    return { total, slices: g.__slices.length, top: s.slice(0, 8).map((x) => Math.round(x * 10) / 10) };
  }, which);
  const schedAfter = schedstats();
  console.log(JSON.stringify(res));
  globalThis.__sched = [schedBefore, schedAfter];
  const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.end');
  const { stream } = await done;
  let text = '';
  for (;;) {
    const r = await cdp.send('IO.read', { handle: stream, size: 1 << 22 });
    text += r.base64Encoded ? Buffer.from(r.data, 'base64').toString() : r.data;
    if (r.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  if (out) writeFileSync(out, text);
  analyze(JSON.parse(text));
} finally {
  await browser.close();
  await server.close();
}

function analyze(trace) {
  const events = trace.traceEvents ?? trace;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && (x.name === 'slice' || x.name.startsWith('slice '))));
  if (!main) { console.log('no renderer main thread with slices'); return; }
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  const tasks = mine.filter((e) => (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') && e.dur > THRESH);
  console.log(`${tasks.length} tasks over ${THRESH / 1000} ms on the main thread`);
  // Async user-timing measures ('slice') are b/e pairs.
  const marks = events.filter((e) => e.pid === main.pid && (e.name === 'slice' || e.name.startsWith('slice ')) && (e.ph === 'b' || e.ph === 'e'));
  const spans = [];
  for (let i = 0; i + 1 < marks.length; i += 2) spans.push([marks[i].ts, marks[i + 1].ts, marks[i].name.slice(6)]);
  for (const t of tasks) {
    const end = t.ts + t.dur;
    const inner = mine.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= end && e.dur > 1_000 && e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'RunTask');
    const slices = spans.filter(([a, b]) => a < end && b > t.ts).map(([a, b, n]) => `${((b - a) / 1000).toFixed(1)} (${n})`);
    console.log(`\n== task ${(t.dur / 1000).toFixed(1)} ms at ${((t.ts - tasks[0].ts) / 1000).toFixed(0)} ms; slices in it: ${slices.join(', ') || 'none'}`);
    const measures = events.filter((e) => e.pid === main.pid && e.ph === 'b' && e.cat === 'blink.user_timing' && e.ts >= t.ts && e.ts < end && !e.name.startsWith('slice'));
    for (const m of measures) {
      const e2 = events.find((x) => x.ph === 'e' && x.id2?.local === m.id2?.local && x.id === m.id && x.name === m.name && x.ts >= m.ts);
      console.log(`   measure ${m.name}: ${e2 ? ((e2.ts - m.ts) / 1000).toFixed(1) : '?'} ms`);
    }
    for (const e of inner) console.log(`   +${((e.ts - t.ts) / 1000).toFixed(1).padStart(6)} ${(e.dur / 1000).toFixed(1).padStart(7)} ms  ${e.name}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : ''}${e.args?.type ? ` ${e.args.type}` : ''}`);
  }
  // (Trace events' thread times, tdur, were not trustworthy here: a 1 s snapshot's tasks summed to
  // tens of ms. How long the thread ran and waited for a CPU comes from /proc schedstat instead.)
  if (globalThis.__sched) {
    const [a, b] = globalThis.__sched;
    const k = `${main.pid}/${main.tid}`;
    if (a.has(k) && b.has(k)) console.log(`\nRenderer main thread over the operation (schedstat): ran ${((b.get(k).run - a.get(k).run) / 1e6).toFixed(0)} ms, waited for a CPU ${((b.get(k).wait - a.get(k).wait) / 1e6).toFixed(0)} ms`);
    else console.log(`\n(no schedstat for ${k})`);
  }
  // GC totals over the whole trace.
  const gc = new Map();
  for (const e of mine) if (/GC|Scaveng|Mark|Sweep|Finaliz/i.test(e.name)) { const g = gc.get(e.name) ?? [0, 0, 0]; g[0]++; g[1] += e.dur; g[2] = Math.max(g[2], e.dur); gc.set(e.name, g); }
  console.log('\nGC events on the main thread (count, total ms, max ms):');
  for (const [n, [c, tot, mx]] of [...gc].sort((a, b) => b[1][1] - a[1][1]).slice(0, 25)) console.log(`  ${n}: ${c}, ${(tot / 1000).toFixed(1)}, ${(mx / 1000).toFixed(1)}`);
}
