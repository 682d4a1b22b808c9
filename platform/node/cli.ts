/**
 * The `heapcensus` command: summaries, per-instance stats and comparisons of dump files.
 * @example
 * heapcensus summary out/after.json.gz
 * heapcensus diff out/before.json.gz out/after.json.gz
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_DUMP_BYTES, SdkError, type Dump } from '../../src/index.js';
import { sanitizeLines } from '../../src/format.js';
import { SORT_KEYS, Stats, type SortKey } from '../../src/Stats.js';
import { readDumpFile } from './readDumpFile.js';
import { writeReport } from './writeReport.js';

/** The report file `heapcensus report` writes without `-o`. */
const DEFAULT_REPORT = 'heapcensus-report.html';

/** Where the CLI writes: anything with `write(text)` (process.stdout / process.stderr, or a test buffer). */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const USAGE = `Usage: heapcensus <command> [options]

Commands:
  summary <dump> [--all]              per-snapshot, per-class table (active, bytes, average, pct)
  stats <dump> [--class X] [--sort key]... [--limit n]
                                      per-instance details: trace, sizes, referent trees
  diff <before> <after> [--label L] [--all]
                                      compare the last snapshots (or the ones labelled L)
  report <dump> [<dump2>] [-o file]   the self-contained HTML report with the dump(s) embedded:
                                      one dump: its overview; two: before and after compared
                                      (default file: heapcensus-report.html)

Options:
  --class X      only instances of class X (exact name, else names containing X)
  --sort key     classname, size, tsize, birth, death, name, repr (repeat or comma-separate)
  --limit n      print n instances, or a fraction below 1 of them
  --label L      the snapshot label to compare in both dumps
  --all          summary, diff: every class (default: up to 50 per table, the largest
                 or most changed first, then a line counting the rest)
  --max-size n   the largest dump to read (JSON text, or what a .gz inflates to), in bytes or
                 with a K, M or G suffix (binary); default 256M
  -o, --output   the report file to write
  -h, --help     show this help
  --version      print the version

Dumps are .json or .json.gz files written by tracker.writeDump() or download().
Exit codes: 0 ok, 1 bad input (missing, truncated, corrupt, foreign or newer dump), 2 usage.`;

class UsageError extends Error {}

/** Runs the CLI with `argv` (arguments after the program name); resolves to the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  // Names, labels, traces and previews come from untrusted dumps: no control or bidi character reaches the terminal.
  const out = (text: string): void => void io.stdout.write(`${sanitizeLines(text.endsWith('\n') ? text.slice(0, -1) : text)}\n`);
  const err = (text: string): void => void io.stderr.write(`heapcensus: ${sanitizeLines(text)}\n`);
  try {
    return await run(argv, out, err);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`${e.message}\nRun "heapcensus --help" for usage.`);
      return 2;
    }
    err(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

async function run(argv: string[], out: (t: string) => void, err: (t: string) => void): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
  const { values: v, positionals: pos } = parsed;
  if (v.help === true) {
    out(USAGE);
    return 0;
  }
  if (v.version === true) {
    out(`heapcensus ${version()}`);
    return 0;
  }
  const [verb, ...files] = pos;
  if (verb === undefined) {
    out(USAGE);
    return 2;
  }
  const only = (allowed: string[]): void => {
    const bad = (['class', 'sort', 'limit', 'label', 'output', 'all'] as const).find((k) => v[k] !== undefined && !allowed.includes(k));
    if (bad !== undefined) throw new UsageError(`${verb}: --${bad} does not apply to this command`);
  };
  const arity = (n: number, what: string): void => {
    if (files.length !== n) throw new UsageError(`${verb} takes ${what}, got ${files.length} file${files.length === 1 ? '' : 's'}`);
  };
  const maxBytes = maxSizeOf(v['max-size']);
  switch (verb) {
    case 'summary': {
      only(['all']);
      arity(1, 'one dump file');
      out(new Stats(read(files[0]!, maxBytes)).summary(v.all === true ? { limit: Infinity } : {}));
      return 0;
    }
    case 'stats': {
      only(['class', 'sort', 'limit']);
      arity(1, 'one dump file');
      const keys = sortKeys(v.sort);
      const limit = v.limit === undefined ? undefined : limitOf(v.limit);
      const stats = new Stats(read(files[0]!, maxBytes));
      if (keys.length > 0) stats.sort(...keys);
      out(stats.formatStats({ className: v.class, limit }));
      return 0;
    }
    case 'diff': {
      only(['label', 'all']);
      arity(2, 'two dump files (before and after)');
      const before = new Stats(read(files[0]!, maxBytes));
      const after = new Stats(read(files[1]!, maxBytes));
      try {
        out(before.diff(after, { label: v.label }).format(v.all === true ? { limit: Infinity } : {}));
      } catch (e) {
        if (e instanceof SdkError && e.code === 'E_OPTION') {
          err(e.message);
          return 1;
        }
        throw e;
      }
      return 0;
    }
    case 'report': {
      only(['output']);
      if (files.length < 1 || files.length > 2) throw new UsageError(`report takes one dump (overview) or two (before and after), got ${files.length} files`);
      if (v.output === '') throw new UsageError('report: -o needs a file name');
      const output = v.output ?? DEFAULT_REPORT;
      const input = files.find((f) => sameFile(f, output));
      if (input !== undefined) throw new UsageError(`report: the output file ${output} is the input dump ${input}; writing it would replace the dump (choose another -o file)`);
      const dumps = files.map((f) => read(f, maxBytes));
      out(`report written: ${await writeReport(dumps, output, { names: files.map((f) => basename(f)) })}`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(verb)} (commands: summary, stats, diff, report)`);
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      class: { type: 'string' },
      sort: { type: 'string', multiple: true },
      limit: { type: 'string' },
      label: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'max-size': { type: 'string' },
      all: { type: 'boolean' },
    },
  });
}

function sortKeys(raw: string[] | undefined): SortKey[] {
  const keys = (raw ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  for (const k of keys) {
    if (!(SORT_KEYS as readonly string[]).includes(k)) throw new UsageError(`unknown sort key ${JSON.stringify(k)} (use ${SORT_KEYS.join(', ')})`);
  }
  // Repeats change nothing: at most the 7 keys reach sort(...keys), however long the list.
  return Array.from(new Set(keys)) as SortKey[];
}

function limitOf(raw: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`--limit must be a positive number (n instances, or a fraction below 1), got ${JSON.stringify(raw)}`);
  return n;
}

/** True when `a` and `b` both exist and are the same file (through links and relative paths). */
function sameFile(a: string, b: string): boolean {
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** Reads and validates a dump file, at most `maxBytes` (inflated); errors name the file and the problem. */
function read(file: string, maxBytes: number): Dump {
  try {
    return readDumpFile(file, { maxBytes });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (e instanceof SdkError) throw new Error(`${file}: ${e.message}${code === 'E_DUMP_TOO_LARGE' ? ' (raise it with --max-size)' : ''}`);
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : e instanceof Error ? e.message : String(e);
    throw new Error(`${file}: cannot read: ${why}`);
  }
}

/** `--max-size`: bytes, or a number with a binary K, M or G suffix. */
function maxSizeOf(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_MAX_DUMP_BYTES;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$/i.exec(raw);
  const n = m === null ? NaN : Math.floor(Number(m[1]) * 1024 ** ' kmg'.indexOf((m[2] || ' ').toLowerCase()));
  if (!(n >= 1) || !Number.isSafeInteger(n)) throw new UsageError(`--max-size must be a size in bytes (or with K, M, G), got ${JSON.stringify(raw)}`);
  return n;
}

/** The package version, from the nearest package.json named heapcensus above this file. */
function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'heapcensus' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Not here: look further up.
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

/** True when this module is the process's entry point (`node dist/cli.js`, or the npm bin link). */
function isMain(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`heapcensus: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
