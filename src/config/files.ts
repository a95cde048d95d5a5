/**
 * Reading and writing the user's files: the one place that opens a file ordo did not write
 * itself (ordo.yml, an import, a key file, an editor's temp file) and the one place that
 * writes an output file. A read refuses anything that is not a regular file, or is larger
 * than its limit, before it reads a byte: a symlink to /dev/zero, a FIFO or a directory
 * gets a clear answer instead of a hang or a process that grows until it is killed.
 */
import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DataError, OrdoError } from '../errors.js';

/** The limits of what ordo reads; README "Guarantees" lists them. */
export const FILE_LIMITS = {
  /** A real ordo.yml is well under a kilobyte; past this size it is not one. */
  config: 256 * 1024,
  /** `ordo import`: an export of 100,000 items with their history is about 60 MB. */
  import: 128 * 1024 * 1024,
  /** A PEM private key is a few hundred bytes. */
  key: 64 * 1024,
  /** What an editor saves for `ordo reorder --editor`: one line per ranked item. */
  editor: 16 * 1024 * 1024,
} as const;

export interface ReadLimits {
  /** Refuse a file larger than this many bytes. */
  maxBytes: number;
  /** What the file is, for messages: "the configuration", "the import file". */
  what: string;
  /** How to fix a refused file. */
  hint: string;
  /** The error for a file that does not exist or cannot be opened; defaults to a DataError. */
  unreadable?: (error: NodeJS.ErrnoException) => OrdoError;
}

const kindOf = (stat: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string =>
  stat.isDirectory() ? 'a directory' : stat.isFIFO() ? 'a FIFO (named pipe)' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : stat.isSocket() ? 'a socket' : 'not a regular file';

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`;
}

/**
 * Reads a regular file of at most `maxBytes` as UTF-8. The file is opened without blocking
 * (a FIFO with no writer would wait forever) and checked through its descriptor, so a
 * symlink is judged by what it points at and nothing can be swapped in between.
 */
export function readBoundedFile(path: string, limits: ReadLimits): string {
  return decodeUtf8(readBoundedBytes(path, limits), path, limits);
}

/** UTF-8 text (a leading byte order mark dropped), or a DataError naming the first byte that is not. */
export function decodeUtf8(bytes: Buffer, path: string, limits: Pick<ReadLimits, 'what' | 'hint'>): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let at = 0;
    // Find the offending byte only now that it is known to exist: decoding halves until it is pinned.
    for (let lo = 0, hi = bytes.length; lo < hi; ) {
      const mid = (lo + hi + 1) >> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
        lo = mid;
        at = mid;
      } catch {
        hi = mid - 1;
      }
    }
    const line = bytes.subarray(0, at).toString('latin1').split('\n').length;
    throw new DataError('FILE_NOT_TEXT', `${path}:${line}: ${limits.what} is not UTF-8 text (byte ${at + 1} is not part of a UTF-8 character).`, limits.hint);
  }
}

export function readBoundedBytes(path: string, limits: ReadLimits): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (limits.unreadable) throw limits.unreadable(e);
    throw new DataError('FILE_UNREADABLE', `Cannot read ${limits.what} ${path}: ${reason(e)}.`, limits.hint);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      throw new DataError('FILE_NOT_REGULAR', `${path} is ${kindOf(stat)}, not a file: ordo reads ${limits.what} only from a regular file.`, limits.hint);
    }
    if (stat.size > limits.maxBytes) throw tooLarge(path, stat.size, limits);
    // Read one byte past the limit: a file that grows while it is read is caught as well.
    const buffer = Buffer.allocUnsafe(Math.min(stat.size, limits.maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > limits.maxBytes) throw tooLarge(path, length, limits);
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof OrdoError) throw error;
    const e = error as NodeJS.ErrnoException;
    throw new DataError('FILE_UNREADABLE', `Cannot read ${limits.what} ${path}: ${reason(e)}.`, limits.hint);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(path: string, size: number, limits: ReadLimits): DataError {
  return new DataError(
    'FILE_TOO_LARGE',
    `${path} is ${size > limits.maxBytes + 1 ? formatBytes(size) : `over ${formatBytes(limits.maxBytes)}`}; ordo reads ${limits.what} of at most ${formatBytes(limits.maxBytes)} (${limits.maxBytes} bytes).`,
    limits.hint,
  );
}

/** The system's reason without Node's "ENOENT: ..., open '/x'" decoration. */
export function reason(error: NodeJS.ErrnoException): string {
  const m = /^[A-Z]+: ([^,]+)/.exec(error.message);
  return m ? m[1]! : error.message;
}

/**
 * Writes a whole file or nothing: the text goes to a temporary file beside the target, which
 * then replaces it in one rename. A reader (or a crash) sees the old file or the new one.
 */
export function writeFileAtomic(target: string, data: string | Buffer, mode?: number): void {
  let path = target;
  try {
    const stat = statSync(target);
    // A pipe or device (-o /dev/stdout) is a stream, not a file to replace: write into it.
    if (!stat.isFile() && !stat.isDirectory()) return void writeFileSync(target, data);
    path = realpathSync(target); // through a symlink to the file it names, not over the link
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data, mode === undefined ? { flag: 'wx' } : { flag: 'wx', mode });
    renameSync(tmp, path);
  } catch (error) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the directory itself is the problem; the first error says so
    }
    throw error;
  }
}

/**
 * mkdir -p, one level at a time. Node's own `recursive: true` spins forever on some file
 * systems that answer mkdir with ENOENT (/proc, /sys); this fails with the system's error.
 */
export function ensureDirectory(dir: string, mode?: number): void {
  try {
    if (statSync(dir).isDirectory()) return;
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: dir });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code, syscall: 'mkdir', path: dir });
    if (code !== 'ENOENT') throw error;
  }
  const parent = dirname(dir);
  if (parent !== dir) ensureDirectory(parent, mode);
  try {
    mkdirSync(dir, mode === undefined ? undefined : { mode });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
