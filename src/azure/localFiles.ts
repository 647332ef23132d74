/**
 * `FileTreeReader` over the local disk (node:fs). Paths given to it are root-relative with `/` separators.
 */
import { constants, createReadStream } from 'node:fs';
import { access, lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { EntryStat, FileTreeReader, LinkTarget } from '../core/register/fileTree';
import type { RegisterSource } from '../core/register/plan';
import { md5Files } from './transfer/md5Worker';

function kindOf(s: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryStat['kind'] {
  if (s.isSymbolicLink()) return 'symlink';
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'directory';
  return 'other';
}

export class LocalFileTree implements FileTreeReader {
  private rootReal: Promise<string> | undefined;

  constructor(readonly root: string) {}

  /** Absolute path of a root-relative path. */
  absolute(rel: string): string {
    return rel ? join(this.root, ...rel.split('/')) : this.root;
  }

  realPath(rel: string): Promise<string> {
    if (rel === '') return (this.rootReal ??= realpath(this.root));
    return realpath(this.absolute(rel));
  }

  async readDir(rel: string): Promise<readonly string[]> {
    return readdir(this.absolute(rel));
  }

  async lstat(rel: string): Promise<EntryStat> {
    const s = await lstat(this.absolute(rel));
    return { kind: kindOf(s), size: s.isFile() ? s.size : 0 };
  }

  async resolveLink(rel: string): Promise<LinkTarget | undefined> {
    let real: string;
    try {
      real = await realpath(this.absolute(rel));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      if (code === 'ELOOP') return { kind: 'other', size: 0, realPath: this.absolute(rel), insideRoot: true };
      throw error;
    }
    const s = await stat(real);
    const rootReal = await this.realPath('');
    const within = relative(rootReal, real);
    const insideRoot = within === '' || (!within.startsWith(`..${sep}`) && within !== '..' && !isAbsolute(within));
    const kind = kindOf(s);
    return { kind: kind === 'symlink' ? 'other' : kind, size: s.isFile() ? s.size : 0, realPath: real, insideRoot };
  }

  async checkReadable(rel: string): Promise<void> {
    await access(this.absolute(rel), constants.R_OK);
    // access() is true for root whatever the mode; opening is the real test (non-blocking: a FIFO swapped in
    // since the scan's lstat must not hang it), and the opened entry must still be a regular file.
    const handle = await open(this.absolute(rel), constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      if (!(await handle.stat()).isFile()) throw notRegularFile(rel);
    } finally {
      await handle.close();
    }
  }

  async *readChunks(rel: string, chunkSize = 1024 * 1024): AsyncIterable<Uint8Array> {
    const stream = createReadStream(this.absolute(rel), { highWaterMark: chunkSize });
    for await (const chunk of stream) yield chunk as Buffer;
  }

  /** Per-file MD5s on a worker thread (run by the planner in parallel with the CLI hash). */
  md5Files(rels: readonly string[], signal?: AbortSignal): Promise<readonly Uint8Array[]> {
    return md5Files(rels.map((rel) => this.absolute(rel)), signal);
  }

  /**
   * Missing → undefined. Anything but a regular file (FIFO, socket, device, folder) is refused before it is opened:
   * opening a FIFO named `.amlignore` or `MLmodel` would block the scan forever. O_NONBLOCK guards the window between
   * the check and the open.
   */
  async readText(rel: string, maxBytes = 1024 * 1024): Promise<string | undefined> {
    const path = this.absolute(rel);
    let s;
    try {
      s = await stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
    if (!s.isFile()) throw notRegularFile(rel);
    const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const opened = await handle.stat();
      if (!opened.isFile()) throw notRegularFile(rel);
      const buffer = Buffer.alloc(Math.min(opened.size, maxBytes));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  }
}

/** The error `readText`/`checkReadable` throw for a FIFO, socket, device or folder. */
function notRegularFile(rel: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`"${rel}" is not a regular file`);
  error.code = 'ENOTREG';
  return error;
}

/**
 * The reader and source for a local folder or file. A folder is read from itself; a file from its parent folder
 * (its name is the only entry used). The source name is the base name of the resolved path, as `az ml` uses it.
 */
export async function openLocalSource(path: string): Promise<{ reader: LocalFileTree; source: RegisterSource }> {
  const absolute = resolve(path);
  const s = await stat(absolute);
  if (s.isDirectory()) {
    const real = await realpath(absolute);
    return { reader: new LocalFileTree(absolute), source: { kind: 'folder', displayPath: absolute, name: basename(real) } };
  }
  return { reader: new LocalFileTree(dirname(absolute)), source: { kind: 'file', displayPath: absolute, name: basename(absolute) } };
}
