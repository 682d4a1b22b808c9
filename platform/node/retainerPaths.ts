import { findHeldNodes, type HeapGraph, heapGraphFromChunks, NO_NODE } from './heapGraphParser.js';

/**
 * The marker convention: before the snapshot, put the objects to explain in the array property
 * `list` of an object of a class named `HeapcensusRetainerTargets` (in a page too); the search
 * finds them through it and never enters it.
 */
export const RETAINER_MARKER = 'HeapcensusRetainerTargets';
/** The marker's array property (see RETAINER_MARKER). */
export const RETAINER_FIELD = 'list';

/**
 * Classes of heapcensus' own holders: never entered, so that references held by heapcensus
 * itself (markers for a snapshot, trackers and their records, `keep`) never appear in a path.
 */
export const HEAPCENSUS_HOLDERS: readonly string[] = [
  RETAINER_MARKER, 'HeapcensusExactRoots', 'ClassTracker', 'Lifecycle', 'RecordStore', 'SweepScheduler', 'TrackedClasses', 'SizeColumns', 'SnapshotRun', 'FoldRun', 'MetricsView',
];

/** Options of `retainerPaths`. */
export interface RetainerPathOptions {
  /** The name to give each target in its path (the tracked class name); default: its snapshot name. */
  labels?: ReadonlyArray<string | undefined>;
  /** More holder classes never to enter (besides HEAPCENSUS_HOLDERS). */
  skipClasses?: readonly string[];
}

/** How V8 names the edges from a WeakMap key (and its table) to the value: `3 / part of key (K @12) -> value (…) pair in WeakMap (…)`. */
const EPHEMERON_EDGE = /^(?:\d+ \/ )?part of key \(/;
const UNSEEN = 0xffffffff;
/** Parent marks of the BFS seeds: a global object (`(global)`), or the snapshot's root. */
const FROM_GLOBAL = 0xfffffffe;
const FROM_ROOT = 0xfffffffd;

/**
 * V8 internals a developer cannot act on, never entered: hidden classes and their descriptors
 * (`object shape`), code and what hangs on it (bytecode, feedback vectors and cells, scope infos:
 * type `code`), and the same by name where an older V8 types them otherwise. Other `system / *`
 * nodes stay: a closure's Context, a pending promise's reactions, a module, a global's PropertyCell.
 */
const SKIP_TYPES = ['object shape', 'code'];
const SKIP_NAMES = /^system \/ (Map\b|DescriptorArray|StrongDescriptorArray|TransitionArray|PrototypeInfo|EnumCache|FeedbackVector|FeedbackCell|FeedbackMetadata|ClosureFeedbackCellArray|AllocationSite|SharedFunctionInfo|ScopeInfo|BytecodeArray)/;
const isSkippedName = (s: string): boolean => SKIP_NAMES.test(s);
/** A scope: `system / Context` (Node), `system / Context / scope @12` (Chromium names each). */
const isContextName = (s: string): boolean => s === 'system / Context' || s.startsWith('system / Context / ');
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * For each target node (NO_NODE: skipped), the shortest retainer path from a GC root as steps a
 * developer reads: `['(global)', 'holder.cache', 'Array[41]', 'Leaky']`. Objects reachable from a
 * global object get their path from it; others from the GC roots (`(Stack roots)`, `(Global
 * handles)`, ...). Weak and shortcut edges, hidden classes, code, feedback vectors and other
 * `system / *` internals, and heapcensus' own holders are never followed. Memory: two Uint32Array
 * of the node count (BFS parents and queue) beside the graph. Undefined: no path found.
 */
export function retainerPaths(g: HeapGraph, targets: ArrayLike<number>, options: RetainerPathOptions = {}): Array<string[] | undefined> {
  const parent = bfsParents(g, options.skipClasses ?? []);
  const out: Array<string[] | undefined> = [];
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    if (t === NO_NODE || t >= g.nodeCount || parent[t] === UNSEEN) {
      out.push(undefined);
      continue;
    }
    const edges: number[] = [];
    let n = t;
    while (parent[n]! < FROM_ROOT) {
      const e = parent[n]!;
      edges.push(e);
      n = sourceOf(g, e);
    }
    edges.reverse();
    out.push(renderPath(g, n, parent[n] === FROM_GLOBAL, edges, options.labels?.[i]));
  }
  return out;
}

/** Breadth-first from the global objects (the root's shortcut edges; native contexts' global objects) first, then from the root: each node's parent edge. */
function bfsParents(g: HeapGraph, skipClasses: readonly string[]): Uint32Array {
  const skipEdge = new Uint8Array(g.edgeTypes.length);
  for (const t of ['weak', 'shortcut']) if (g.edgeTypes.includes(t)) skipEdge[g.edgeTypes.indexOf(t)] = 1;
  const skipType = new Uint8Array(g.nodeTypes.length);
  for (const t of SKIP_TYPES) if (g.nodeTypes.includes(t)) skipType[g.nodeTypes.indexOf(t)] = 1;
  const own = new Set([...HEAPCENSUS_HOLDERS, ...skipClasses]);
  const skipName = new Uint8Array(g.strings.length);
  g.strings.forEach((s, i) => {
    if (isSkippedName(s) || own.has(s)) skipName[i] = 1;
  });
  const skipped = (n: number): boolean => skipType[g.type[n]!] === 1 || skipName[g.name[n]!] === 1;
  // A WeakMap's table holds each value by an internal "part of key (…) -> value (…) pair in WeakMap"
  // edge, and so does the key: only the key's edge retains (an ephemeron), so the table's (an
  // `array` node; a key is an object or a function, never one) is skipped.
  const internal = g.edgeTypes.indexOf('internal');
  const arrayType = g.nodeTypes.indexOf('array');
  const pairName = new Uint8Array(g.strings.length);
  g.strings.forEach((s, i) => {
    if (EPHEMERON_EDGE.test(s)) pairName[i] = 1;
  });

  const parent = new Uint32Array(g.nodeCount).fill(UNSEEN);
  const queue = new Uint32Array(g.nodeCount);
  let head = 0;
  let tail = 0;
  const walk = (): void => {
    while (head < tail) {
      const n = queue[head++]!;
      for (let e = g.firstEdge[n]!, end = g.firstEdge[n + 1]!; e < end; e++) {
        const type = g.edgeType[e]!;
        if (skipEdge[type] === 1 || (type === internal && pairName[g.edgeName[e]!] === 1 && g.type[n] === arrayType)) continue;
        const to = g.edgeTo[e]!;
        if (parent[to] !== UNSEEN || skipped(to)) continue;
        parent[to] = e;
        queue[tail++] = to;
      }
    }
  };
  const seedGlobal = (to: number): void => {
    if (parent[to] !== UNSEEN || skipped(to)) return;
    parent[to] = FROM_GLOBAL;
    queue[tail++] = to;
  };
  const shortcut = g.edgeTypes.indexOf('shortcut');
  for (let e = g.firstEdge[0]!; e < g.firstEdge[1]!; e++) if (g.edgeType[e] === shortcut) seedGlobal(g.edgeTo[e]!);
  // Chromium's snapshots have no root shortcuts to the globals: each native context's global object.
  const globalObject = g.strings.indexOf('global_object');
  const isContext = Uint8Array.from(g.strings, (s) => (s.startsWith('system / NativeContext') ? 1 : 0));
  for (let n = 0; globalObject >= 0 && n < g.nodeCount; n++) {
    if (isContext[g.name[n]!] !== 1) continue;
    for (let e = g.firstEdge[n]!; e < g.firstEdge[n + 1]!; e++) if (g.edgeType[e] === internal && g.edgeName[e] === globalObject) seedGlobal(g.edgeTo[e]!);
  }
  walk();
  if (parent[0] === UNSEEN) {
    parent[0] = FROM_ROOT;
    queue[tail++] = 0;
    walk();
  }
  return parent;
}

/** The node an edge leaves from: the last node whose first edge is at or before it. */
function sourceOf(g: HeapGraph, e: number): number {
  let lo = 0;
  let hi = g.nodeCount - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (g.firstEdge[mid]! <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A node as a developer names it: a class name, `fn()`, `string`, a root's name. */
function nodeLabel(g: HeapGraph, n: number): string {
  const type = g.nodeTypes[g.type[n]!];
  const name = g.strings[g.name[n]!] ?? '';
  switch (type) {
    case 'closure':
      return `${name === '' ? '(anonymous)' : name}()`;
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return 'string';
    case 'number':
    case 'symbol':
    case 'bigint':
      return type;
    case 'regexp':
      return `/${name}/`;
    case 'array':
      return name === '' ? '(internal array)' : name;
    case 'object':
      return isContextName(name) ? 'context' : constructorName(g, n) ?? (name === '' ? '(object)' : name);
    default:
      return name === '' ? `(${type ?? 'node'})` : name;
  }
}

/**
 * The name of the object's constructor as the program sees it (`obj.constructor.name`, read from
 * its prototype's own `constructor`, and that function's own `name`): V8 names an object after its
 * constructor's source name, which for a tracked class is the tracker's wrapper's (`Tracked`).
 */
function constructorName(g: HeapGraph, n: number): string | undefined {
  const proto = edgeTarget(g, n, 'property', '__proto__');
  const ctor = proto === undefined ? undefined : edgeTarget(g, proto, 'property', 'constructor');
  if (ctor === undefined || g.nodeTypes[g.type[ctor]!] !== 'closure') return undefined;
  // A `name` of its own (data, as the tracker gives its wrapper) wins over the source name.
  const own = edgeTarget(g, ctor, 'property', 'name');
  const name = own !== undefined && g.nodeTypes[g.type[own]!] === 'string' ? g.strings[g.name[own]!] : g.strings[g.name[ctor]!];
  return name === undefined || name === '' ? undefined : name;
}

/** The target of `n`'s edge of type `type` named `name`. */
function edgeTarget(g: HeapGraph, n: number, type: string, name: string): number | undefined {
  const t = g.edgeTypes.indexOf(type);
  for (let e = g.firstEdge[n]!; e < g.firstEdge[n + 1]!; e++) if (g.edgeType[e] === t && g.strings[g.edgeName[e]!] === name) return g.edgeTo[e]!;
  return undefined;
}

/** A property name as it is written after an object: `.name` or `["odd name"]`. */
const propertyAccessor = (name: string): string => (IDENTIFIER.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`);

/** The name of edge `e` (a string, or an element index as text). */
function edgeName(g: HeapGraph, e: number): string {
  const type = g.edgeTypes[g.edgeType[e]!];
  return type === 'element' || type === 'hidden' ? String(g.edgeName[e]) : (g.strings[g.edgeName[e]!] ?? String(g.edgeName[e]));
}

/** The edge from `n` named `name` (internal edges of hash tables are named by slot number), or -1. */
function edgeNamed(g: HeapGraph, n: number, name: string): number {
  for (let e = g.firstEdge[n]!; e < g.firstEdge[n + 1]!; e++) if (edgeName(g, e) === name) return e;
  return -1;
}

/** A Map key as written in `Map[key]`: a string's text, else the key's label. */
function keyText(g: HeapGraph, key: number): string {
  const type = g.nodeTypes[g.type[key]!];
  if (type === 'string') return JSON.stringify(g.strings[g.name[key]!] ?? '');
  return nodeLabel(g, key);
}

/**
 * The steps of a path: a global object starts with `(global)` and chains the properties of plain
 * objects (`holder.cache`); every other object is written as its label plus how it holds the next
 * (`Array[41]`, `Map["k"]`, `onData()` then `context variable registry`); the target last.
 */
function renderPath(g: HeapGraph, start: number, fromGlobal: boolean, edges: readonly number[], label: string | undefined): string[] {
  const steps: string[] = [];
  /** The expression being built while the holders are plain objects (or the global: ''). */
  let chain: string | undefined;
  if (fromGlobal) {
    steps.push('(global)');
    chain = '';
  }
  const synthetic = g.nodeTypes.indexOf('synthetic');
  const objectType = g.nodeTypes.indexOf('object');
  const plainName = g.strings.indexOf('Object');
  const isPlain = (n: number): boolean => g.type[n] === objectType && g.name[n] === plainName;
  let from = start;
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    const to = g.edgeTo[e]!;
    const type = g.edgeTypes[g.edgeType[e]!];
    const name = edgeName(g, e);
    const fromName = g.strings[g.name[from]!] ?? '';
    let text: string | undefined;
    if (g.type[from] === synthetic) {
      // The root and "(GC roots)" are implied; a root category (Stack roots, Global handles) is a step.
      if (g.type[to] !== synthetic && from !== 0 && fromName !== '(GC roots)') steps.push(fromName);
    } else if (type === 'context') {
      steps.push(`context variable ${name}`);
      // A plain object in a variable: its properties chain on the variable's name (`s.events`).
      chain = isPlain(to) && i + 1 < edges.length ? name : undefined;
      from = to;
      continue;
    } else if (type === 'internal' && EPHEMERON_EDGE.test(name)) {
      text = `${chain ?? nodeLabel(g, from)} as a WeakMap key`;
    } else if (type === 'internal' && (name === 'context' || name === 'previous') && isContextName(g.strings[g.name[to]!] ?? '')) {
      // A closure's scope, or a scope's outer scope: the next step names the variable.
      if (g.nodeTypes[g.type[from]!] === 'closure') text = nodeLabel(g, from);
    } else if (type === 'internal' && name === 'table' && /^(Map|Set|WeakMap|WeakSet)$/.test(fromName) && i + 1 < edges.length) {
      // A collection's hash table: the next edge is the entry's slot; a Map's key is in the slot before.
      const slot = Number(edgeName(g, edges[i + 1]!));
      const keyEdge = fromName.endsWith('Map') && Number.isInteger(slot) ? edgeNamed(g, to, String(slot - 1)) : -1;
      text = keyEdge >= 0 ? `${fromName}[${keyText(g, g.edgeTo[keyEdge]!)}]` : `${fromName} entry`;
      i++;
      from = g.edgeTo[edges[i]!]!;
      steps.push(text);
      chain = undefined;
      continue;
    } else {
      const holder = chain ?? nodeLabel(g, from);
      const access = type === 'property' ? propertyAccessor(name) : type === 'element' ? `[${name}]` : ` (${type ?? 'edge'} ${name})`;
      text = holder === '' ? access.replace(/^\./, '') : holder + access;
      if (isPlain(to) && (type === 'property' || type === 'element') && i + 1 < edges.length) {
        chain = text;
        from = to;
        continue;
      }
    }
    if (text !== undefined) steps.push(text);
    chain = undefined;
    from = to;
  }
  steps.push(label ?? nodeLabel(g, from));
  return collapseInternals(eventListeners(steps));
}

/** A step through V8's machinery: an internal or hidden edge, an internal object, an anonymous closure. */
const isMachinery = (step: string): boolean => /\((internal|hidden) [^)]*\)$/.test(step) || step.startsWith('system / ') || step === '(anonymous)()';

/**
 * Runs of two or more machinery steps read as one: `(pending async calls: 13 steps)` when they
 * go through generators and promises (awaiting async functions), else `(V8 internals: n steps)`.
 */
function collapseInternals(steps: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < steps.length; ) {
    let j = i;
    while (j < steps.length - 1 && isMachinery(steps[j]!)) j++;
    if (j - i >= 2) {
      const run = steps.slice(i, j);
      out.push(`(${run.some((s) => /^(Generator|Promise|system \/ Promise)/.test(s)) ? 'pending async calls' : 'V8 internals'}: ${run.length} steps)`);
      i = j;
    } else {
      out.push(steps[i]!);
      i++;
    }
  }
  return out;
}

/** `EventEmitter._events.data` (then `Array[1]` when several listen) reads as `EventEmitter listener 'data'` (`#1`). */
function eventListeners(steps: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < steps.length; i++) {
    const m = /^(.+)\._events(?:\.([\w$]+)|\[("(?:[^"\\]|\\.)*")\])$/.exec(steps[i]!);
    if (m === null) {
      out.push(steps[i]!);
      continue;
    }
    const event = m[2] ?? (JSON.parse(m[3]!) as string);
    const many = /^Array\[(\d+)\]$/.exec(steps[i + 1] ?? '');
    out.push(`${m[1]} listener '${event}'${many !== null ? ` #${many[1]}` : ''}`);
    if (many !== null) i++;
  }
  return out;
}

/**
 * Retainer paths from a heap snapshot's text (sync or async chunks, e.g. DevTools
 * `HeapProfiler.addHeapSnapshotChunk` events): the `count` objects held by the marker (see
 * RETAINER_MARKER), one list of steps each, undefined where the marker or a path was not found.
 */
export async function retainerPathsFromChunks(chunks: Iterable<string> | AsyncIterable<string>, options: RetainerPathOptions & { count: number }): Promise<Array<string[] | undefined>> {
  const graph = await heapGraphFromChunks(chunks);
  const nodes = findHeldNodes(graph, RETAINER_MARKER, RETAINER_FIELD, options.count) ?? new Uint32Array(options.count).fill(NO_NODE);
  return retainerPaths(graph, nodes, options);
}
