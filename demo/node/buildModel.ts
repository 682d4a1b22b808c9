/**
 * A build-system-like object model (after the SCons tutorial): Node, FS.Base, FS.File,
 * FS.Dir and Executor. `lean: false` is the original layout; `lean: true` is the
 * size-optimised one (lazy arrays, shared defaults, packed flags, no cached strings).
 */
import type { ClassTracker, TrackedDecorator, TrackedOptions } from '../../platform/node/index.js';

/** The model's classes, bound to one tracker. */
export interface BuildModel {
  Node: new (name: string) => ModelNode;
  Base: new (name: string, dir: ModelNode | null) => ModelNode;
  File: new (name: string, dir: ModelNode | null) => ModelNode;
  Dir: new (name: string, dir: ModelNode | null) => ModelNode;
  Executor: new (action: string, targets: ModelNode[], sources: ModelNode[]) => object;
}

/** What the workload needs of a node. */
export interface ModelNode {
  name: string;
  addSource(n: ModelNode): void;
  addChild(n: ModelNode): void;
  setExecutor(e: object): void;
  markBuilt(signature: string): void;
}

const EMPTY: readonly ModelNode[] = Object.freeze([]);

/** Defines the model classes, decorated with `@Tracked` for `tracker`. */
export function buildModel(Tracked: (o?: TrackedOptions) => TrackedDecorator, tracker: ClassTracker, lean: boolean): BuildModel {
  const opts = (name: string, more: TrackedOptions = {}): TrackedOptions => ({ tracker, name, ...more });
  // File nodes are the ones being optimised: record their referent trees and creation sites.
  const fileOpts = opts('SCons.Node.FS.File', { resolution: 1, trace: true });

  if (!lean) {
    @Tracked(opts('SCons.Node.Node'))
    class Node implements ModelNode {
      sources: ModelNode[] = [];
      depends: ModelNode[] = [];
      ignore: ModelNode[] = [];
      prerequisites: ModelNode[] = [];
      children: ModelNode[] = [];
      attributes: Record<string, unknown> = { build: null, env: null, overrides: {} };
      executor: object | null = null;
      state = 'no_state';
      precious = false;
      noclean = false;
      alwaysBuild = false;
      ninfo: Record<string, unknown> = { bsig: '', csig: '', timestamp: 0 };
      binfo: Record<string, unknown> | null = null;
      constructor(public name: string) {}
      addSource(n: ModelNode) { this.sources.push(n); this.depends.push(n); }
      addChild(n: ModelNode) { this.children.push(n); }
      setExecutor(e: object) { this.executor = e; }
      markBuilt(signature: string) {
        this.state = 'executed';
        this.ninfo.csig = signature;
        this.ninfo.timestamp = Date.now() / 1000;
        this.binfo = { bsources: this.sources.map((s) => s.name), bsourcesigs: this.sources.map((s) => `${s.name}:${signature}`), bactsig: signature };
      }
    }
    @Tracked(opts('SCons.Node.FS.Base'))
    class Base extends Node {
      abspath: string;
      path: string;
      labspath: string;
      cwd: ModelNode | null;
      constructor(name: string, public dir: ModelNode | null) {
        super(name);
        this.path = dir ? `${dir.name}/${name}` : name;
        this.abspath = `/work/project/${this.path}`;
        this.labspath = this.abspath.toLowerCase();
        this.cwd = dir;
      }
    }
    @Tracked(fileOpts)
    class File extends Base {
      suffix: string;
      contentsCache: string | null = null;
      scannerPaths: Record<string, string[]> = {};
      constructor(name: string, dir: ModelNode | null) {
        super(name, dir);
        this.suffix = name.slice(name.lastIndexOf('.'));
      }
      override markBuilt(signature: string) {
        super.markBuilt(signature);
        this.contentsCache = `${this.abspath}\n${signature.repeat(4)}`;
        this.scannerPaths = { CPPPATH: ['include', 'src', this.path], LIBPATH: ['lib'] };
      }
    }
    @Tracked(opts('SCons.Node.FS.Dir'))
    class Dir extends Base {
      entries: Record<string, ModelNode> = {};
      searched = false;
      override addChild(n: ModelNode) { super.addChild(n); this.entries[n.name] = n; this.entries[n.name.toLowerCase() + '~'] = n; }
    }
    @Tracked(opts('SCons.Executor.Executor'))
    class Executor {
      batches: Array<{ targets: ModelNode[]; sources: ModelNode[] }>;
      env: Record<string, string>;
      overridelist: object[] = [{}];
      lvars: Record<string, string> | null = null;
      constructor(public action: string, targets: ModelNode[], sources: ModelNode[]) {
        this.batches = [{ targets: [...targets], sources: [...sources] }];
        this.env = { CC: 'cc', CFLAGS: '-O2 -g', CPPPATH: 'include src', ACTION: action };
      }
    }
    return { Node, Base, File, Dir, Executor };
  }

  @Tracked(opts('SCons.Node.Node'))
  class Node implements ModelNode {
    sources: ModelNode[] = EMPTY as ModelNode[];
    children: ModelNode[] = EMPTY as ModelNode[];
    executor: object | null = null;
    flags = 0;
    csig = '';
    constructor(public name: string) {}
    addSource(n: ModelNode) { if (this.sources === EMPTY) this.sources = []; this.sources.push(n); }
    addChild(n: ModelNode) { if (this.children === EMPTY) this.children = []; this.children.push(n); }
    setExecutor(e: object) { this.executor = e; }
    markBuilt(signature: string) { this.flags |= 1; this.csig = signature; }
  }
  @Tracked(opts('SCons.Node.FS.Base'))
  class Base extends Node {
    constructor(name: string, public dir: ModelNode | null) { super(name); }
  }
  @Tracked(fileOpts)
  class File extends Base {}
  @Tracked(opts('SCons.Node.FS.Dir'))
  class Dir extends Base {
    entries: Map<string, ModelNode> | null = null;
    override addChild(n: ModelNode) { super.addChild(n); (this.entries ??= new Map()).set(n.name, n); }
  }
  @Tracked(opts('SCons.Executor.Executor'))
  class Executor {
    targets: ModelNode[];
    sources: ModelNode[];
    constructor(public action: string, targets: ModelNode[], sources: ModelNode[]) {
      this.targets = targets;
      this.sources = sources;
    }
  }
  return { Node, Base, File, Dir, Executor };
}
