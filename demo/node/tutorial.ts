/**
 * The ClassTracker tutorial, in Node: a build-system workload (Dir, File, Base, Node and
 * Executor objects, a few thousand of them) is profiled with snapshots before/after reading
 * the build files and before/after building, then run again with a leaner node layout.
 * Prints both summaries and their diff, and writes both dumps. Run with `npm start`.
 */
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ClassTracker, Tracked, writeReport } from '../../platform/node/index.js';
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
  await tracker.snapshot('before reading SConscript files:');

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
  await tracker.snapshot('after reading SConscript files:');

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
  await tracker.snapshot('before building targets:');

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
  await tracker.snapshot('after building targets:');
  return { tracker, graph };
}

async function main(): Promise<void> {
  const outDir = join(process.cwd(), 'out');
  mkdirSync(outDir, { recursive: true });
  const show = (p: string) => relative(process.cwd(), p) || p;

  console.log('heapcensus tutorial: a build-system workload, profiled with @Tracked classes\n');
  console.log('Run 1: the original node layout');
  const before = await runBuild(false);
  before.tracker.stats().printSummary();
  const beforePath = await before.tracker.writeDump(join(outDir, 'heapcensus-before.json.gz'));
  // Let run 1's objects go (its tracker keeps only records and figures), so that the platform
  // totals of run 2 are not inflated by them.
  before.graph.length = 0;
  (globalThis as { gc?: () => void }).gc?.();

  console.log('\nRun 2: the size-optimised node layout');
  const after = await runBuild(true);
  after.tracker.stats().printSummary();
  const afterPath = await after.tracker.writeDump(join(outDir, 'heapcensus-after.json.gz'));

  console.log('\nDid the optimisation help? (last snapshot of each run)');
  console.log(before.tracker.stats().diff(after.tracker.stats()).toString());

  console.log('\nDumps written:');
  console.log(`  ${show(beforePath)}`);
  console.log(`  ${show(afterPath)}`);
  console.log('\nExplore them with the CLI, for example:');
  console.log(`  npx heapcensus stats ${show(afterPath)} --class SCons.Node.FS.File --sort size --limit 3`);
  console.log(`  npx heapcensus diff ${show(beforePath)} ${show(afterPath)}`);
  const reportPath = await writeReport([before.tracker.toDump(), after.tracker.toDump()], join(outDir, 'heapcensus-report.html'), {
    names: ['original node layout', 'leaner node layout'],
  });
  console.log(`\nReport comparing both runs (open it in a browser): ${show(reportPath)}`);
  // Keep run 2's graph alive until everything above has been reported.
  void after.graph.length;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
