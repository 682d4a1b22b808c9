import { EventEmitter } from 'node:events';
import v8 from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHeapGraph, type RawSnapshot } from '../../platform/node/exactSizes.js';
import { explainRetainers } from '../../platform/node/explainRetainers.js';
import { HeapGraphParser, heapGraphFromChunks } from '../../platform/node/heapGraphParser.js';
import { RETAINER_MARKER, retainerPathsFromChunks } from '../../platform/node/retainerPaths.js';

/**
 * Retainer paths on known object graphs, from real V8 heap snapshots of this process: each graph
 * is built in a function of its own (closures made in one scope share its variables, so they
 * would retain each other's objects) and hung on a global the test removes afterwards.
 */
const g = globalThis as Record<string, unknown>;
const globals: string[] = [];
const hang = (name: string, value: unknown): void => {
  g[name] = value;
  globals.push(name);
};
afterEach(() => {
  for (const name of globals.splice(0)) delete g[name];
});

/** The path of one object, joined for reading. */
async function pathOf(make: () => object, label?: string): Promise<string | undefined> {
  let target: object | undefined = make();
  const [path] = await explainRetainers(() => {
    const t = target;
    target = undefined;
    return [t];
  }, [label]);
  return path?.join(' → ');
}

class Leaky {
  constructor(readonly n: number) {}
}
class Key {}
/** A marker as a page defines it (V8 names objects after the class's own name, not a computed one). */
class HeapcensusRetainerTargets {
  constructor(readonly list: object[]) {}
}
class InMap {}
class InClosure {}
class InListener {}

describe('retainer paths', () => {
  it('global → object property → array → instance', async () => {
    const path = await pathOf(() => {
      const holder = { cache: [] as Leaky[] };
      for (let i = 0; i < 42; i++) holder.cache.push(new Leaky(i));
      hang('rpHolder', holder);
      return holder.cache[41]!;
    });
    expect(path).toBe('(global) → rpHolder.cache → Array[41] → Leaky');
  });

  it('names the target with the label given (the tracked name)', async () => {
    const path = await pathOf(() => {
      const leaky = new Leaky(1);
      hang('rpOne', leaky);
      return leaky;
    }, 'Document');
    expect(path).toBe('(global) → rpOne → Document');
  });

  it('a Map entry, with its key', async () => {
    expect(
      await pathOf(() => {
        const registry = new Map<string, object>([['first', {}], ['doc-7', new InMap()]]);
        hang('rpRegistry', { registry });
        return registry.get('doc-7')!;
      }),
    ).toBe('(global) → rpRegistry.registry → Map["doc-7"] → InMap');
    expect(
      await pathOf(() => {
        const byKey = new Map<Key, InMap>([[new Key(), new InMap()]]);
        hang('rpByKey', byKey);
        return [...byKey.values()][0]!;
      }),
    ).toBe('(global) → rpByKey → Map[Key] → InMap');
    expect(
      await pathOf(() => {
        const set = new Set([new InMap()]);
        hang('rpSet', set);
        return [...set][0]!;
      }),
    ).toBe('(global) → rpSet → Set entry → InMap');
  });

  it('a closure\'s context variable', async () => {
    const path = await pathOf(() => {
      const registry = new InClosure();
      hang('rpGetter', function getRegistry() {
        return registry;
      });
      return registry;
    });
    expect(path).toBe('(global) → rpGetter → getRegistry() → context variable registry → InClosure');
  });

  it('an event listener on an EventEmitter', async () => {
    const path = await pathOf(() => {
      const emitter = new EventEmitter();
      const listener = new InListener();
      emitter.on('data', function onData() {
        return listener;
      });
      hang('rpEmitter', emitter);
      return listener;
    });
    expect(path).toBe("(global) → rpEmitter → EventEmitter listener 'data' → onData() → context variable listener → InListener");
  });

  it('the second of several listeners of one event', async () => {
    const path = await pathOf(() => {
      const emitter = new EventEmitter();
      emitter.on('change', () => undefined);
      emitter.on('change', makeListener(new InListener()));
      hang('rpEmitter2', emitter);
      return (emitter.listeners('change')[1] as () => InListener)();
    });
    expect(path).toBe("(global) → rpEmitter2 → EventEmitter listener 'change' #1 → onChange() → context variable held → InListener");
  });

  it('finds no path for an object held only weakly: a WeakRef, a WeakMap value whose key only it holds', async () => {
    const path = await pathOf(() => {
      const obj = new Leaky(0);
      hang('rpWeak', { ref: new WeakRef(obj) });
      return obj;
    });
    expect(path).toBeUndefined();
    // The WeakMap's table reaches the value, but only the key retains it (an ephemeron).
    const cycle = await pathOf(() => {
      const key = new Key();
      const value = { key };
      const map = new WeakMap([[key, value]]);
      hang('rpWeakMap', map);
      return value;
    });
    expect(cycle).toBeUndefined();
  });

  it('a WeakMap value held through its live key', async () => {
    const path = await pathOf(() => {
      const key = new Key();
      const map = new WeakMap([[key, new InMap()]]);
      hang('rpKey', key);
      hang('rpMeta', map);
      return map.get(key)!;
    });
    expect(path).toBe('(global) → rpKey → Key as a WeakMap key → InMap');
    // A function as the key (as heapcensus keys its class records).
    const byClass = await pathOf(() => {
      const map = new WeakMap([[Key, new InMap()]]);
      hang('rpByClass', map);
      return map.get(Key)!;
    });
    expect(byClass).toMatch(/ → Key\(\) as a WeakMap key → InMap$/);
  });
});

function makeListener(held: InListener): () => InListener {
  return function onChange() {
    return held;
  };
}

describe('heap graph parsing for retainer paths', () => {
  it('HeapGraphParser gives the same columns as parsing the whole JSON', async () => {
    const chunks: string[] = [];
    const decoder = new TextDecoder();
    for await (const c of v8.getHeapSnapshot()) chunks.push(decoder.decode(c as Uint8Array, { stream: true }));
    const whole = parseHeapGraph(JSON.parse(chunks.join('')) as RawSnapshot);
    // Split differently from V8's chunks: into pieces of 1,000 characters.
    const text = chunks.join('');
    const p = new HeapGraphParser();
    for (let i = 0; i < text.length; i += 1000) p.write(text.slice(i, i + 1000));
    const streamed = p.end();
    expect(streamed.nodeCount).toBe(whole.nodeCount);
    for (const k of ['selfSize', 'type', 'name', 'firstEdge', 'edgeTo', 'edgeType', 'edgeName'] as const) {
      expect(Buffer.from(streamed[k].buffer, streamed[k].byteOffset, streamed[k].byteLength).equals(Buffer.from(whole[k].buffer, whole[k].byteOffset, whole[k].byteLength)), k).toBe(true);
    }
    expect(streamed.strings).toEqual(whole.strings);
  });

  it('rejects text whose arrays come before the header, or whose edges do not add up', async () => {
    await expect(heapGraphFromChunks(['{"nodes":[0,1]}'])).rejects.toThrow(/"nodes" before the "snapshot" header/);
    const meta = { node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'], node_types: [['object']], edge_fields: ['type', 'name_or_index', 'to_node'], edge_types: [['property']] };
    const text = `{"snapshot":{"meta":${JSON.stringify(meta)},"node_count":1,"edge_count":1},"nodes":[0,0,1,8,2],"edges":[0,0,0],"strings":["a"]}`;
    await expect(heapGraphFromChunks([text])).rejects.toThrow(/edge counts add up to 2, but there are 1 edges/);
  });

  it('explains objects a page-style marker holds, from snapshot text chunks (the DevTools protocol path)', async () => {
    // What heapcensus/playwright does in a page: a marker class of that name holds the objects.
    expect(HeapcensusRetainerTargets.name).toBe(RETAINER_MARKER);
    const holder = { items: [new Leaky(0), new Leaky(1)] };
    hang('rpPage', holder);
    const marker = new HeapcensusRetainerTargets([holder.items[1]!, { alone: true }]);
    const chunks: string[] = [];
    for await (const c of v8.getHeapSnapshot()) chunks.push(String(c));
    expect(marker.list).toHaveLength(2);
    const paths = await retainerPathsFromChunks(chunks, { count: 2, labels: ['Leaky'] });
    expect(paths.map((p) => p?.join(' → '))).toEqual(['(global) → rpPage.items → Array[1] → Leaky', undefined]);
  });
});
