/**
 * The calibration corpus: 33 shapes, each a root whose bytes the layout model, exact mode and
 * a V8 heap snapshot are compared on. One source of truth for Node (test/unit/calibration.test.ts,
 * test/unit/exactCalibration.test.ts) and Chromium (test/browser/calibration.test.ts, which
 * transpiles this file and imports it into the page as an ES module).
 *
 * Keep it self-contained: no imports, nothing Node- or DOM-specific, no TypeScript that emits
 * helpers (enums, namespaces, decorators). Helpers and classes live at module level so that
 * the closures' context chain ends in the module's context, which the program reaches anyway.
 */

/** A flat, non-internalized one-byte (or two-byte) string of n chars, distinct per seed. */
const str = (n: number, seed = 0, c = 'abcdefghij') => {
  const out: string[] = String(seed).split('');
  for (let i = out.length; i < n; i++) out.push(c[(i + seed) % c.length]!);
  return out.join('');
};

/** Closures sharing one context (n, history); defined here so no other context leaks in. */
function makeCounter(start: number) {
  let n = start;
  const history: number[] = Array.from({ length: 20 }, (_, i) => i);
  return { inc: () => ++n, get: () => n + history.length, reset: () => { n = 0; } };
}

/** A ring of nodes built the common way: a literal, then links added. */
function makeRing(size: number) {
  const ring: Array<{ prev?: unknown; next?: unknown; v: number }> = Array.from({ length: size }, (_, v) => ({ v }));
  ring.forEach((n, i) => {
    n.next = ring[(i + 1) % size];
    n.prev = ring[(i + size - 1) % size];
  });
  return ring[0]!;
}

class Point {
  constructor(public x: number, public y: number) {}
}
class User {
  name: string;
  email: string;
  age: number;
  score: number;
  tags: string[];
  constructor(i: number) {
    this.name = str(12, i);
    this.email = `${str(8, i)}@example.com`.split('').join('');
    this.age = 20 + (i % 50);
    this.score = i + 0.25;
    this.tags = [str(5, i), str(6, i + 1)];
  }
}
class Secret {
  #token: string;
  #count = 0;
  label: string;
  constructor(i: number) {
    this.#token = str(40, i);
    this.label = str(10, i);
  }
  peek() { return this.#token.length + this.#count; }
}
class Account {
  id: number;
  owner: string;
  history: number[] = [];
  constructor(i: number) {
    this.id = i;
    this.owner = str(16, i);
  }
}

/** Builds the corpus; nothing else keeps its objects alive. */
export function corpus(): Array<[name: string, value: object]> {
  // Finish in-object slack tracking (V8 shrinks instances after ~7 constructions), as in a
  // real program with many instances of a tracked class.
  for (let i = 0; i < 20; i++) void [new Point(i, i), new User(i), new Secret(i), new Account(i)];
  const dynamic: Record<string, number> = {};
  for (let i = 0; i < 100; i++) dynamic[`key${i}`] = i;
  const deleted: Record<string, unknown> = { a: str(10, 1), b: str(10, 2), c: str(10, 3), d: 1 };
  delete deleted.a;
  const pushed: Array<{ i: number }> = [];
  for (let i = 0; i < 1000; i++) pushed.push({ i });
  const pushedInts: number[] = [];
  for (let i = 0; i < 50; i++) pushedInts.push(i * 7);
  const leaf = { blob: str(300) };
  const account = new Account(7);
  for (let i = 0; i < 30; i++) account.history.push(i * 3);
  const json = JSON.parse(JSON.stringify(Array.from({ length: 50 }, (_, i) => ({
    id: i, title: str(20, i), price: i + 0.99, tags: [str(4, i), str(5, i)], meta: { created: 1700000000000 + i, ok: i % 2 === 0 },
  })))) as object;
  return [
    ['empty object literal', {}],
    ['literal, 3 Smis', { a: 1, b: 2, c: 3 }],
    ['literal, 3 doubles', { x: 1.5, y: -2.25, z: 1e100 }],
    ['class instance (Point)', new Point(3, 4)],
    ['class instance (User)', new User(1)],
    ['short string', { s: str(12) }],
    ['long string', { s: str(5000) }],
    ['two-byte string', { s: str(300, 0, 'αβγδ€') }],
    ['array of 1000 Smis', Array.from({ length: 1000 }, (_, i) => i)],
    ['array of 1000 doubles', Array.from({ length: 1000 }, (_, i) => i / 3)],
    ['array of 200 objects', Array.from({ length: 200 }, (_, i) => ({ id: i, name: str(8, i) }))],
    ['200 objects, 10 distinct string values', Array.from({ length: 200 }, (_, i) => ({ id: i, kind: str(8, i % 10) }))],
    ['strings from split', Array.from({ length: 200 }, (_, i) => str(10, i * 7)).join(',').split(',')],
    ['literal, 10 mixed fields', { id: 7, name: str(14, 7), ok: true, when: null, ratio: 0.75, n: 12, list: [str(9, 1)], inner: { a: 1 }, big: 12345678901, tag: str(6, 3) }],
    ['BigInt and RegExp', { big: 2n ** 200n + BigInt(Date.now()), re: new RegExp(str(12, 5)) }],
    ['array grown by push (1000 objects)', pushed],
    ['array grown by push (50 Smis)', pushedInts],
    ['nested JSON records', json],
    ['Map 100 string -> object', new Map(Array.from({ length: 100 }, (_, i) => [str(10, i) + i, { v: i }]))],
    ['Set of 200 numbers', new Set(Array.from({ length: 200 }, (_, i) => i * 1.5))],
    ['Date', new Date(1700000000000)],
    ['Float64Array(1000)', new Float64Array(1000)],
    ['Uint8Array(32) on-heap', new Uint8Array(32)],
    ['ArrayBuffer(10000)', new ArrayBuffer(10000)],
    ['closures with shared context', makeCounter(5)],
    ['cyclic ring of 50 nodes', makeRing(50)],
    ['shared leaf inside one root', { a: leaf, b: leaf, c: [leaf, leaf] }],
    ['private #fields (Secret)', new Secret(3)],
    ['dictionary mode (100 dynamic keys)', dynamic],
    ['dictionary after delete', deleted],
    ['class instance with pushed array', account],
    ['Map of Maps', new Map(Array.from({ length: 10 }, (_, i) => [i, new Map([[str(6, i), i], [str(7, i), i + 1]])]))],
    ['symbol keys', { [Symbol('a')]: str(20), [Symbol('b')]: 2 }],
  ];
}
