/**
 * What the heap-snapshot benchmarks (exactHeap, leaks) share: a heap filled with documents, and
 * the baseline they are set against: V8 writing its heap snapshot of the same heap, the chunks
 * drained unparsed, in a child process (V8's own snapshot machinery takes several times the heap).
 */
import { execFileSync } from 'node:child_process';
import process from 'node:process';
import v8 from 'node:v8';
import { check, gcNow, now } from './harness.js';

/** A document: 20 paragraph objects with strings and arrays. */
export class Doc {
  title: string;
  paragraphs: Array<{ text: string; n: number; tags: string[] }> = [];
  constructor(i: number) {
    this.title = `document ${i}`;
    for (let k = 0; k < 20; k++) this.paragraphs.push({ text: `paragraph ${k} of ${i}`.repeat(2), n: k, tags: ['a', `t${k % 7}`] });
  }
}

/** Makes documents with `make` until the heap in use reaches `mb` MB, then a full GC. */
export function fillHeap<T>(mb: number, make: (i: number) => T): T[] {
  const docs: T[] = [];
  while (process.memoryUsage().heapUsed < mb * 2 ** 20) for (let i = 0; i < 1000; i++) docs.push(make(docs.length));
  gcNow();
  return docs;
}

/** The environment variable that makes a benchmark file run as the baseline child. */
const CHILD = 'HEAPCENSUS_SNAPSHOT_BASELINE_MB';

/** In the baseline child: fills the heap, drains V8's snapshot unparsed and prints what it cost. Returns false elsewhere. */
export async function runBaselineChild(): Promise<boolean> {
  const mb = Number(process.env[CHILD]);
  if (!(mb > 0)) return false;
  const docs = fillHeap(mb, (i) => new Doc(i));
  const rssBefore = process.memoryUsage().rss;
  const t0 = now();
  const stream = v8.getHeapSnapshot();
  await new Promise<void>((resolve, reject) => {
    stream.on('data', () => undefined);
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const ms = now() - t0;
  check(docs.length > 0, 'documents made');
  process.stdout.write(`DRAIN ${JSON.stringify({ added: process.resourceUsage().maxRSS * 1024 - rssBefore, ms })}\n`);
  return true;
}

/** Runs `file` (a benchmark calling runBaselineChild first) as the baseline child with `mb` MB of documents. */
export function measureBaseline(file: string, mb: number): { added: number; ms: number } {
  const out = execFileSync(process.execPath, ['--expose-gc', file], { env: { ...process.env, [CHILD]: String(mb) }, encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = out.split('\n').find((l) => l.startsWith('DRAIN '));
  check(line !== undefined, 'the baseline process reported');
  return JSON.parse(line.slice(6)) as { added: number; ms: number };
}
