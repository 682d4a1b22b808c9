/**
 * The ClassTracker tutorial, in Node: a build-system workload (Dir, File, Base, Node and
 * Executor objects, a few thousand of them) is profiled with snapshots before/after reading
 * the build files and before/after building, then run again with a leaner node layout, each
 * run in a fresh Node process of its own. Prints both summaries and their diff, writes both
 * dumps, and a report embedding those same dumps. Run with `npm start`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClassTracker, readDump, Stats, Tracked, writeReport, type Dump } from '../../platform/node/index.js';
import { buildModel, type ModelNode } from './buildModel.js';

/** Deterministic pseudo-random numbers, so both runs build the same graph. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

interface Workload {
  tracker: ClassTracker;
  graph: unknown[];
}

/**
 * Collects garbage first (the demo runs with --expose-gc), so that each snapshot's platform
 * total is the heap still in use rather than whatever garbage the previous step left.
 */
function snapshot(tracker: ClassTracker, label: string): Promise<unknown> {
  (globalThis as { gc?: () => void }).gc?.();
  return tracker.snapshot(label);
}

/** Runs the build once with the given layout, taking the tutorial's four snapshots. */
async function runBuild(lean: boolean): Promise<Workload> {
  const tracker = new ClassTracker();
  const M = buildModel(Tracked, tracker, lean);
  const random = rng(2198);
  const graph: unknown[] = [];

  // Start-up: the top directory, a few tool directories and the default executors.
  const top = new M.Dir('#', null);
  const dirs: ModelNode[] = [top];
  for (const name of ['site_scons', 'tools', 'build', 'variant', 'cache']) {
    const d = new M.Dir(name, top);
    top.addChild(d);
    dirs.push(d);
  }
  const executors: object[] = [];
  for (let i = 0; i < 7; i++) executors.push(new M.Executor(`tool-init-${i}`, [top], []));
  const aliases = [new M.Base('all', null)];
  const file0 = new M.File('SConstruct', top);
  graph.push(top, dirs, executors, aliases, file0, new M.Node('root-alias'));
  await snapshot(tracker, 'before reading SConscript files:');

  // Reading the build files: the directory tree, the source files and their aliases.
  const files: ModelNode[] = [file0];
  for (let d = dirs.length; d < 108; d++) {
    const parent = dirs[Math.floor(random() * dirs.length)]!;
    const dir = new M.Dir(`dir${d}`, parent);
    parent.addChild(dir);
    dirs.push(dir);
  }
  for (let f = 1; f < 1500; f++) {
    const dir = dirs[Math.floor(random() * dirs.length)]!;
    const file = new M.File(`src${f}.${random() < 0.8 ? 'c' : 'h'}`, dir);
    dir.addChild(file);
    files.push(file);
  }
  for (let a = 1; a < 1102; a++) aliases.push(new M.Base(`alias${a}`, null));
  graph.push(files);
  await snapshot(tracker, 'after reading SConscript files:');

  // Dependency scanning: every object file depends on its source and a few headers.
  const headers = files.filter((f) => f.name.endsWith('.h'));
  const objects: ModelNode[] = [];
  for (const src of files.filter((f) => f.name.endsWith('.c')).slice(0, 802)) {
    const obj = new M.File(src.name.replace(/\.c$/, '.o'), dirs[2]!);
    obj.addSource(src);
    for (let h = 0; h < 3; h++) obj.addSource(headers[Math.floor(random() * headers.length)]!);
    objects.push(obj);
    files.push(obj);
  }
  await snapshot(tracker, 'before building targets:');

  // Building: one executor per object file plus link steps; every target records its build info.
  for (const obj of objects) {
    const ex = new M.Executor('$CC -c -o $TARGET $SOURCES', [obj], [obj]);
    obj.setExecutor(ex);
    executors.push(ex);
    obj.markBuilt(Math.floor(random() * 2 ** 48).toString(16).padStart(12, '0'));
  }
  for (let l = executors.length; l < 1311; l++) {
    const program = new M.File(`prog${l}`, dirs[3]!);
    const ex = new M.Executor('$LINK -o $TARGET $SOURCES', [program], objects.slice(l % 700, (l % 700) + 12));
    program.setExecutor(ex);
    executors.push(ex);
    files.push(program);
    program.markBuilt(Math.floor(random() * 2 ** 48).toString(16).padStart(12, '0'));
  }
  for (const a of aliases) for (let k = 0; k < 2; k++) a.addChild(files[Math.floor(random() * files.length)]!);
  await snapshot(tracker, 'after building targets:');
  return { tracker, graph };
}

/** The two runs: the dump file each writes, its heading, its layout, and its name in the report. */
const RUNS = [
  { key: 'before', title: 'Run 1: the original node layout', lean: false, name: 'original node layout' },
  { key: 'after', title: 'Run 2: the size-optimised node layout', lean: true, name: 'leaner node layout' },
] as const;

/**
 * One run, in a process of its own (`--run <key> <dump path>`): builds, prints the summary and
 * writes the dump while the run's objects are still alive. A fresh process gives every run the
 * same starting heap, so the runs' platform totals and `pct` columns can be compared.
 */
async function childRun(key: string, dumpPath: string): Promise<void> {
  const spec = RUNS.find((r) => r.key === key);
  if (spec === undefined) throw new Error(`tutorial: unknown run "${key}" (expected ${RUNS.map((r) => r.key).join(' or ')})`);
  const run = await runBuild(spec.lean);
  run.tracker.stats().printSummary();
  await run.tracker.writeDump(dumpPath);
  // Keep the run's graph alive until its dump is written.
  void run.graph.length;
}

async function main(): Promise<void> {
  const outDir = join(process.cwd(), 'out');
  mkdirSync(outDir, { recursive: true });
  const show = (p: string) => relative(process.cwd(), p) || p;

  console.log('heapcensus tutorial: a build-system workload, profiled with @Tracked classes');
  const paths: string[] = [];
  for (const spec of RUNS) {
    const path = join(outDir, `heapcensus-${spec.key}.json.gz`);
    console.log(`\n${spec.title}`);
    // The same Node flags (--expose-gc, --enable-source-maps) for the run's own process.
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--run', spec.key, path], { stdio: 'inherit' });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`tutorial: ${spec.title.toLowerCase()} failed (exit code ${r.status ?? r.signal})`);
    paths.push(path);
  }
  // Everything below reads the dump files back, so the diff and the report show exactly what the files hold.
  const [before, after] = paths.map((p) => readDump(p)) as [Dump, Dump];

  console.log('\nDid the optimisation help? (last snapshot of each run)');
  console.log(Stats.from(before).diff(Stats.from(after)).toString());

  console.log('\nDumps written:');
  for (const p of paths) console.log(`  ${show(p)}`);
  console.log('\nExplore them with the CLI, for example:');
  console.log(`  npx heapcensus stats ${show(paths[1]!)} --class SCons.Node.FS.File --sort size --limit 3`);
  console.log(`  npx heapcensus diff ${show(paths[0]!)} ${show(paths[1]!)}`);
  const reportPath = await writeReport([before, after], join(outDir, 'heapcensus-report.html'), { names: RUNS.map((r) => r.name) });
  console.log(`\nReport comparing both runs (open it in a browser): ${show(reportPath)}`);
}

const [flag, key, dumpPath] = process.argv.slice(2);
(flag === '--run' && key !== undefined && dumpPath !== undefined ? childRun(key, dumpPath) : main()).catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
