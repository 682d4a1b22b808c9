import { lstat, open, readdir, readlink, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** Mode of a file created by writeFileAtomic (before the umask): dumps and reports hold previews of app strings. */
export const NEW_FILE_MODE = 0o600;

/** Most symbolic links followed from the path given to the file written (as the kernel's ELOOP limit). */
const MAX_LINKS = 40;

/** Temporary names: `.<first 64 chars of the name>.heapcensus-<pid>.tmp`, next to the target. */
const TMP_SUFFIX = '.tmp';
const tmpPrefix = (target: string): string => `.${basename(target).slice(0, 64)}.heapcensus-`;

/** What `writeFileAtomic` writes: bytes, text (UTF-8), or chunks of bytes as they are made (a streamed dump). */
export type FileData = Uint8Array | string | AsyncIterable<Uint8Array>;

/** Targets this process is writing now (their temporary files are not orphans). */
const writing = new Set<string>();

/**
 * Writes `data` to `path` without ever leaving it half-written. A regular file (or a new one)
 * is replaced atomically: a temporary file next to it, flushed, then renamed over it, keeping
 * the old file's mode (new files get 0600). Symbolic links are followed and kept (their target
 * is replaced); devices, FIFOs and sockets (`/dev/null`, `/dev/stdout`) are written through.
 * Temporary files left by a killed write are removed. Errors name `what` and the path given,
 * never the temporary file. Chunks are read only once the file is open, one write each. Resolves
 * to the absolute path given.
 */
export async function writeFileAtomic(path: string, data: FileData, what: string): Promise<string> {
  if (typeof path !== 'string' || path === '') throw new TypeError(`${what}: path must be a non-empty string`);
  const given = resolve(path);
  // Writes of one path by this process run one after another in call order, so the last call
  // wins (their first awaits could otherwise finish in any order).
  const before = queued.get(given);
  const mine = before === undefined ? writeNow(given, data, what) : before.then(() => writeNow(given, data, what));
  const settled = mine.then(noop, noop);
  queued.set(given, settled);
  void settled.then(() => {
    if (queued.get(given) === settled) queued.delete(given);
  });
  return mine;
}

/** The last write queued for each absolute path given (settles when it has, whether it failed or not). */
const queued = new Map<string, Promise<void>>();
const noop = (): void => undefined;

async function writeNow(given: string, data: FileData, what: string): Promise<string> {
  const fail = (e: unknown): Error => writeError(what, given, e);
  let kind: 'new' | 'file' | 'through';
  let target = given;
  let mode = NEW_FILE_MODE;
  let owner: { uid: number; gid: number } | undefined;
  try {
    const st = await stat(given);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (st.isFile()) {
      kind = 'file';
      target = await realpath(given);
      mode = st.mode & 0o7777;
      owner = { uid: st.uid, gid: st.gid };
    } else kind = 'through';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fail(e);
    kind = 'new';
    try {
      target = await danglingTarget(given);
    } catch (e2) {
      throw fail(e2);
    }
  }
  if (kind === 'through') {
    try {
      const fh = await open(given, 'w');
      try {
        await writeData(fh, data);
      } finally {
        await fh.close();
      }
    } catch (e) {
      throw fail(e);
    }
    return given;
  }
  const tmp = `${join(dirname(target), tmpPrefix(target))}${process.pid}${TMP_SUFFIX}`;
  // A second write of the same target by this process waits for the first (they share the temporary name).
  while (writing.has(tmp)) await writingDone(tmp);
  writing.add(tmp);
  let written = false;
  try {
    await removeOrphans(target);
    // A leftover (or planted) file or link under the temporary name is removed, then the name
    // is created exclusively: never a write through someone else's link.
    await unlink(tmp).catch(() => undefined);
    const fh = await open(tmp, 'wx', mode);
    try {
      if (owner !== undefined && process.getuid?.() === 0) await fh.chown(owner.uid, owner.gid).catch(() => undefined);
      await fh.chmod(mode); // the umask narrowed the mode given to open()
      await writeData(fh, data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
    written = true;
    return given;
  } catch (e) {
    throw fail(e);
  } finally {
    if (!written) await unlink(tmp).catch(() => undefined);
    writing.delete(tmp);
    wake(tmp);
  }
}

/** Writes `data` at the handle's position: at once, or chunk after chunk (each `writeFile` continues where the last ended). */
async function writeData(fh: FileHandle, data: FileData): Promise<void> {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    await fh.writeFile(data);
    return;
  }
  for await (const chunk of data) await fh.writeFile(chunk);
}

const waiters = new Map<string, Array<() => void>>();
function writingDone(tmp: string): Promise<void> {
  return new Promise((r) => {
    const list = waiters.get(tmp);
    if (list === undefined) waiters.set(tmp, [r]);
    else list.push(r);
  });
}
function wake(tmp: string): void {
  const list = waiters.get(tmp);
  waiters.delete(tmp);
  for (const r of list ?? []) r();
}

/**
 * Where a write to the missing `path` creates its file: `path` itself, or, when it is a
 * symbolic link to a missing file, the end of the link chain (the link is kept).
 */
async function danglingTarget(path: string): Promise<string> {
  let p = path;
  for (let i = 0; i < MAX_LINKS; i++) {
    let isLink: boolean;
    try {
      isLink = (await lstat(p)).isSymbolicLink();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return p;
      throw e;
    }
    if (!isLink) return p;
    p = resolve(dirname(p), await readlink(p));
  }
  throw Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP' });
}

/**
 * Removes temporary files of earlier writes of `target` whose process is gone (killed mid-write),
 * and this process's own that no write is using. Best effort: a failure here never fails the write.
 */
async function removeOrphans(target: string): Promise<void> {
  const dir = dirname(target);
  const prefix = tmpPrefix(target);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TMP_SUFFIX)) continue;
    const pidText = name.slice(prefix.length, name.length - TMP_SUFFIX.length);
    if (!/^[1-9][0-9]{0,9}$/.test(pidText)) continue;
    const pid = Number(pidText);
    const orphan = pid === process.pid ? !writing.has(join(dir, name)) : !alive(pid);
    if (orphan) await unlink(join(dir, name)).catch(() => undefined);
  }
}

/** True unless no process `pid` exists (a process of another user counts as alive). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Why a write failed, in words, by error code (the system's message would name the temporary file). */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory (the folder does not exist)',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many levels of symbolic links',
  ENXIO: 'no reader or device (a socket or a FIFO nobody reads)',
  EFBIG: 'file too large',
  EEXIST: 'file exists',
  EXDEV: 'cross-device link',
};

/** The error of a failed write: names `path` (never the temporary file) and the reason, with the code as `cause.code`. */
function writeError(what: string, path: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === undefined ? (e instanceof Error ? e.message : String(e)) : `${code}: ${REASONS[code] ?? 'the system refused the write'}`;
  const cause = Object.assign(new Error(reason), { code, syscall: (e as NodeJS.ErrnoException | undefined)?.syscall });
  return Object.assign(new Error(`${what}: could not write ${path}: ${reason}`, { cause }), { code });
}
