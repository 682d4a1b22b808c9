/**
 * The `heapcensus` command: summaries, per-instance stats and comparisons of dump files.
 * @example
 * heapcensus summary out/after.json.gz
 * heapcensus diff out/before.json.gz out/after.json.gz --fail-on-growth 10
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_DUMP_BYTES, SdkError, type Dump } from '../../src/index.js';
import { escapeUnsafeJson, sanitizeLines } from '../../src/stats/format.js';
import { SORT_KEYS, Stats, trustedStats, type SortKey } from '../../src/stats/Stats.js';
import type { StatsDiff } from '../../src/stats/StatsDiff.js';
import { diffJson, growthOver, statsJson, summaryJson } from './cliJson.js';
import { readDumpFile } from './readDumpFile.js';
import { writeReport } from './writeReport.js';

/** The report file `heapcensus report` writes without `-o`. */
const DEFAULT_REPORT = 'heapcensus-report.html';

/** Where the CLI writes: anything with `write(text)` (process.stdout / process.stderr, or a test buffer). */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Per-class growth below this many bytes never fails `diff --fail-on-growth` (64 KiB; `--min-growth` changes it). */
const DEFAULT_MIN_GROWTH = 64 * 1024;

/** The `version` field of every `--json` document; raised only when a key changes meaning or goes away. */
const JSON_VERSION = 1;

type OptionName = 'class' | 'sort' | 'limit' | 'label' | 'output' | 'json' | 'fail-on-growth' | 'min-growth' | 'all' | 'max-size';

/** Every option: whether it takes a value, its short form, and its help line. */
const OPTIONS: Record<OptionName, { value: boolean; short?: string; help: string }> = {
  class: { value: true, help: '--class X          only instances of class X (exact name, else names containing X)' },
  sort: { value: true, help: `--sort key         ${SORT_KEYS.join(', ')} (repeat or comma-separate)` },
  limit: { value: true, help: '--limit n          print n instances (a whole number >= 1), or a fraction of them (0 < n < 1)' },
  label: { value: true, help: '--label L          the snapshot label to compare in both dumps (default: the last snapshots)' },
  output: { value: true, short: 'o', help: '-o, --output file  the report file to write (default: heapcensus-report.html)' },
  json: { value: false, help: '--json             machine-readable JSON on stdout (docs/cli.md describes it)' },
  'fail-on-growth': { value: true, help: '--fail-on-growth P exit 3 when a class\'s bytes, or the tracked total, grew by more than P percent' },
  'min-growth': { value: true, help: `--min-growth B     ...and by at least B bytes (default ${DEFAULT_MIN_GROWTH}, so tiny classes never trip it)` },
  all: { value: false, help: '--all              every class (default: up to 50 a table, the largest or most changed first, then a count of the rest)' },
  'max-size': { value: true, help: '--max-size n       the largest dump to read (JSON, or what a .gz inflates to), bytes or K/M/G; default 256M' },
};

/** Each command: its arguments, its options and what it does. */
const COMMANDS = {
  summary: { args: '<dump>', options: ['json', 'all', 'max-size'], about: 'per-snapshot, per-class table (active, bytes, average, pct)' },
  stats: { args: '<dump>', options: ['class', 'sort', 'limit', 'json', 'max-size'], about: 'per-instance details: trace, sizes, referent trees' },
  diff: { args: '<before> <after>', options: ['label', 'json', 'fail-on-growth', 'min-growth', 'all', 'max-size'], about: 'compare the last snapshots of two dumps (or the ones labelled L)' },
  report: {
    args: '<dump> [<dump2>]',
    options: ['output', 'max-size'],
    about: 'the self-contained HTML report, dump(s) embedded (two: before and after compared)',
  },
} satisfies Record<string, { args: string; options: OptionName[]; about: string }>;
type Command = keyof typeof COMMANDS;

const FOOTER = `Dumps are .json or .json.gz files written by tracker.writeDump() or download().
Exit codes: 0 ok, 1 bad input (missing, truncated, corrupt, foreign or newer dump; no such class
or label), 2 usage, 3 diff --fail-on-growth found growth.`;

const USAGE = `Usage: heapcensus <command> [options]     (heapcensus <command> --help: one command)

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${`${name} ${c.args}`.padEnd(28)}${c.about}`).join('\n')}

Options:
${Object.entries(OPTIONS).map(([name, o]) => `  ${o.help}  [${Object.entries(COMMANDS).filter(([, c]) => (c.options as string[]).includes(name)).map(([n]) => n).join(', ')}]`).join('\n')}
  -h, --help         show this help
  -v, --version      print the version

${FOOTER}`;

/** The help text of one command. */
function commandUsage(name: Command): string {
  const c = COMMANDS[name];
  const opts = (c.options as OptionName[]).map((o) => `  ${OPTIONS[o].help}`).join('\n');
  return `Usage: heapcensus ${name} ${c.args} [options]\n\n${c.about}\n\nOptions:\n${opts}\n  -h, --help         show this help\n\n${FOOTER}`;
}

class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage to print with the message (stderr), or undefined for the short hint. */
    readonly usageOf?: Command | 'all',
  ) {
    super(message);
  }
}

/** Runs the CLI with `argv` (arguments after the program name); resolves to the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  // Names, labels, traces and previews come from untrusted dumps: no control or bidi character reaches the terminal.
  const out = (text: string): void => void io.stdout.write(`${sanitizeLines(text.endsWith('\n') ? text.slice(0, -1) : text)}\n`);
  const err = (text: string): void => void io.stderr.write(`heapcensus: ${sanitizeLines(text)}\n`);
  try {
    return await run(argv, out, err);
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.usageOf === undefined) err(`${e.message}\nRun "heapcensus --help" for usage.`);
      else {
        if (e.message !== '') err(e.message);
        io.stderr.write(`${e.usageOf === 'all' ? USAGE : commandUsage(e.usageOf)}\n`);
      }
      return 2;
    }
    err(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

interface Parsed {
  positionals: string[];
  values: Partial<Record<OptionName, string[]>>;
  flags: { help: boolean; version: boolean };
}

/**
 * Splits `argv` into positionals, options and the help/version flags. An option's value is the next
 * argument whatever it looks like (`--limit -3` gives "-3" for --limit to judge), or `--opt=value`;
 * `--` ends the options. Unknown options are collected and named together in one line.
 */
function parse(argv: string[]): Parsed {
  const byName = new Map<string, OptionName>();
  for (const [name, o] of Object.entries(OPTIONS) as [OptionName, (typeof OPTIONS)[OptionName]][]) {
    byName.set(`--${name}`, name);
    if (o.short !== undefined) byName.set(`-${o.short}`, name);
  }
  const parsed: Parsed = { positionals: [], values: {}, flags: { help: false, version: false } };
  const unknown: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      for (let k = i + 1; k < argv.length; k++) parsed.positionals.push(argv[k]!);
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    if (flag === '--help' || flag === '-h') parsed.flags.help = true;
    else if (flag === '--version' || flag === '-v') parsed.flags.version = true;
    else {
      const name = byName.get(flag);
      if (name === undefined) {
        unknown.push(flag);
        continue;
      }
      let value: string;
      if (!OPTIONS[name].value) {
        if (eq >= 0) throw new UsageError(`${flag} takes no value`);
        value = '';
      } else if (eq >= 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i]!;
      else throw new UsageError(`${flag} needs a value`);
      (parsed.values[name] ??= []).push(value);
    }
  }
  if (unknown.length > 0) throw new UsageError(`unknown option${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}`);
  return parsed;
}

/** The one value of a single-valued option, or undefined; repeating it is a usage error. */
function single(p: Parsed, name: OptionName): string | undefined {
  const v = p.values[name];
  if (v === undefined) return undefined;
  if (v.length > 1) throw new UsageError(`--${name} given ${v.length} times: give it once`);
  return v[0];
}

/** A numeric option: a finite decimal number accepted by `ok`, else a usage error saying what is allowed. */
function numberOption(name: OptionName, raw: string, allowed: string, ok: (n: number) => boolean): number {
  const n = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || !ok(n)) throw new UsageError(`--${name} must be ${allowed}, got ${JSON.stringify(raw)}`);
  return n;
}

function limitOf(raw: string): number {
  return numberOption('limit', raw, 'a whole number of instances (1 or more) or a fraction of them between 0 and 1 (e.g. 10 or 0.25)', (n) => (n > 0 && n < 1) || (n >= 1 && Number.isInteger(n)));
}

async function run(argv: string[], out: (t: string) => void, err: (t: string) => void): Promise<number> {
  const p = parse(argv);
  const [verb, ...files] = p.positionals;
  const command = verb !== undefined && Object.hasOwn(COMMANDS, verb) ? (verb as Command) : undefined;
  if (p.flags.help) {
    out(command === undefined ? USAGE : commandUsage(command));
    return 0;
  }
  if (p.flags.version) {
    out(`heapcensus ${version()}`);
    return 0;
  }
  if (verb === undefined) throw new UsageError('', 'all');
  if (command === undefined) throw new UsageError(`unknown command ${JSON.stringify(verb)} (commands: ${Object.keys(COMMANDS).join(', ')})`);
  const allowed = COMMANDS[command].options as OptionName[];
  const stray = (Object.keys(p.values) as OptionName[]).filter((k) => !allowed.includes(k));
  if (stray.length > 0) {
    throw new UsageError(`${command}: ${stray.map((k) => `--${k}`).join(', ')} ${stray.length === 1 ? 'does' : 'do'} not apply to this command (it takes ${allowed.map((k) => `--${k}`).join(', ')})`);
  }
  const arity = (n: number, what: string): void => {
    if (files.length !== n) throw new UsageError(`${command} takes ${what}, got ${files.length} file${files.length === 1 ? '' : 's'}`, files.length < n ? command : undefined);
  };
  const json = p.values.json !== undefined;
  const printJson = (kind: string, body: object): void => out(escapeUnsafeJson(JSON.stringify({ format: `heapcensus-${kind}`, version: JSON_VERSION, ...body }, null, 2)));
  const maxBytes = maxSizeOf(single(p, 'max-size'));
  const every = p.values.all !== undefined ? { limit: Infinity } : {};
  switch (command) {
    case 'summary': {
      arity(1, 'one dump file');
      const stats = trustedStats(Stats, read(files[0]!, maxBytes));
      if (json) printJson('summary', summaryJson(stats));
      else out(stats.summary(every));
      return 0;
    }
    case 'stats': {
      arity(1, 'one dump file');
      const keys = sortKeys(p.values.sort);
      const rawLimit = single(p, 'limit');
      const limit = rawLimit === undefined ? undefined : limitOf(rawLimit);
      const className = single(p, 'class');
      const stats = trustedStats(Stats, read(files[0]!, maxBytes));
      if (className !== undefined && stats.select({ className }).names.length === 0) {
        throw new Error(`${files[0]!}: no class named or containing ${JSON.stringify(className)} (classes: ${listOf(stats.trackedClasses)})`);
      }
      if (keys.length > 0) stats.sort(...keys);
      if (json) printJson('stats', statsJson(stats, { className, limit }));
      else out(stats.formatStats({ className, limit }));
      return 0;
    }
    case 'diff': {
      arity(2, 'two dump files (before and after)');
      const rawPct = single(p, 'fail-on-growth');
      const pct = rawPct === undefined ? undefined : numberOption('fail-on-growth', rawPct, 'a percentage of 0 or more (e.g. 10 for 10%)', (n) => n >= 0);
      const rawFloor = single(p, 'min-growth');
      if (rawFloor !== undefined && pct === undefined) throw new UsageError('diff: --min-growth only applies with --fail-on-growth');
      const floor = rawFloor === undefined ? DEFAULT_MIN_GROWTH : numberOption('min-growth', rawFloor, 'a number of bytes, 0 or more (e.g. 65536)', (n) => n >= 0);
      const before = trustedStats(Stats, read(files[0]!, maxBytes));
      const after = trustedStats(Stats, read(files[1]!, maxBytes));
      let diff: StatsDiff;
      try {
        diff = before.diff(after, { label: single(p, 'label') });
      } catch (e) {
        if (e instanceof SdkError && e.code === 'E_OPTION') {
          err(e.message);
          return 1;
        }
        throw e;
      }
      const growth = pct === undefined ? undefined : growthOver(diff, pct, floor);
      if (json) printJson('diff', { ...diffJson(diff), ...(growth === undefined ? {} : { growth: { thresholdPct: pct, minGrowthBytes: floor, offenders: growth } }) });
      else out(diff.format(every));
      if (growth !== undefined && growth.length > 0) {
        for (const g of growth) err(`grew ${g.name === null ? 'tracked total' : `class ${JSON.stringify(g.name)}`}: ${g.before} -> ${g.after} bytes (${g.pct === null ? 'new' : `+${g.pct.toFixed(1)}%`}, over ${pct}%)`);
        return 3;
      }
      return 0;
    }
    case 'report': {
      if (files.length < 1 || files.length > 2) throw new UsageError(`report takes one dump (overview) or two (before and after), got ${files.length} files`, files.length < 1 ? 'report' : undefined);
      const output = single(p, 'output');
      if (output === '') throw new UsageError('report: -o needs a file name');
      const target = output ?? DEFAULT_REPORT;
      const input = files.find((f) => sameFile(f, target));
      if (input !== undefined) throw new UsageError(`report: the output file ${target} is the input dump ${input}; writing it would replace the dump (choose another -o file)`);
      const dumps = files.map((f) => read(f, maxBytes));
      out(`report written: ${await writeReport(dumps, target, { names: files.map((f) => basename(f)) })}`);
      return 0;
    }
  }
}

/** Up to 20 names, JSON-quoted, then how many more. */
function listOf(names: string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, 20).map((n) => JSON.stringify(n)).join(', ');
  return names.length > 20 ? `${shown} and ${names.length - 20} more` : shown;
}

function sortKeys(raw: string[] | undefined): SortKey[] {
  const keys = (raw ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  for (const k of keys) {
    if (!(SORT_KEYS as readonly string[]).includes(k)) throw new UsageError(`unknown sort key ${JSON.stringify(k)} (use ${SORT_KEYS.join(', ')})`);
  }
  // Repeats change nothing: at most the 7 keys reach sort(...keys), however long the list.
  return Array.from(new Set(keys)) as SortKey[];
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
