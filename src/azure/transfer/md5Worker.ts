/**
 * MD5 of whole local files, computed on a worker thread (node adapter; src/core stays free of I/O and threads).
 * The register planner runs this alongside the CLI content hash (which must finish before the upload can start,
 * since it names the blob prefix): the per-file Content-MD5s then cost no wall time on a machine with a second
 * core, and the extension host's event loop is not the one doing the hashing. The worker reads the files itself
 * (sync reads of 4 MiB — it has nothing else to do) so no bytes are copied between threads.
 *
 * Cancellation terminates the worker at once. If a worker cannot be started (an embedder without worker_threads),
 * the same hashing runs on the calling thread, chunk by chunk.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

const MiB = 1024 * 1024;

/** Runs in the worker (eval'd CommonJS; no bundling needed). */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const stop = new Int32Array(workerData.stop);
const buffer = Buffer.allocUnsafe(${4 * MiB});
for (let i = 0; i < workerData.paths.length && Atomics.load(stop, 0) === 0; i++) {
  const md5 = createHash('md5');
  const fd = openSync(workerData.paths[i], 'r');
  try {
    for (let n; Atomics.load(stop, 0) === 0 && (n = readSync(fd, buffer, 0, buffer.length, null)) > 0;) md5.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  if (Atomics.load(stop, 0) === 0) parentPort.postMessage({ index: i, md5: md5.digest() });
}
`;

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? Object.assign(new Error('The operation was cancelled.'), { name: 'AbortError' });
}

async function md5OnThisThread(paths: readonly string[], signal?: AbortSignal): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  const buffer = Buffer.allocUnsafe(4 * MiB);
  for (const path of paths) {
    const md5 = createHash('md5');
    const handle = await open(path, 'r');
    try {
      for (;;) {
        if (signal?.aborted) throw abortReason(signal);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        md5.update(buffer.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
    out.push(md5.digest());
  }
  return out;
}

/** The MD5 of each file in `paths` (same order), hashed on a worker thread. */
export function md5Files(paths: readonly string[], signal?: AbortSignal): Promise<Uint8Array[]> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  if (paths.length === 0) return Promise.resolve([]);
  let worker: Worker;
  const stop = new Int32Array(new SharedArrayBuffer(4));
  try {
    worker = new Worker(workerSource, { eval: true, workerData: { paths: [...paths], stop: stop.buffer } });
  } catch {
    return md5OnThisThread(paths, signal);
  }
  return new Promise<Uint8Array[]>((resolve, reject) => {
    const digests: Uint8Array[] = new Array(paths.length);
    let received = 0;
    let settled = false;
    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error !== undefined) {
        // Stops within one 4 MiB read; the thread then closes its file and ends by itself (terminate() could end
        // it with a file still open).
        Atomics.store(stop, 0, 1);
        worker.unref();
        reject(error);
      } else {
        resolve(digests);
      }
    };
    const onAbort = (): void => finish(abortReason(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: { index: number; md5: Uint8Array }) => {
      digests[m.index] = new Uint8Array(m.md5);
      if (++received === paths.length) finish();
    });
    worker.once('error', (error) => finish(error));
    worker.once('exit', (code) => {
      if (received < paths.length) finish(new Error(`the hashing thread stopped (exit code ${code}) after ${received} of ${paths.length} files`));
    });
  });
}

/** What a file hasher reports when a file is finished: its MD5 and its size on disk. */
export interface FileDigest {
  readonly md5: Uint8Array;
  readonly size: number;
}

/**
 * Hashes files that are being written (downloads): the writer announces each byte span once it is on disk, in file
 * order, and the span is read back (from the page cache) and hashed on a worker thread, so the MD5 costs the
 * thread that receives and writes the bytes nothing. Files are opened per span, never held open between messages.
 */
export interface SpanHasher {
  begin(path: string): number;
  /** Spans of one file must be announced contiguously and in order. */
  add(id: number, offset: number, length: number): void;
  finish(id: number): Promise<FileDigest>;
  /** Stops at once (pending spans are skipped) and releases the thread. */
  close(): void;
}

const spanWorkerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync, statSync } = require('node:fs');
const stop = new Int32Array(workerData.stop);
const buffer = Buffer.allocUnsafe(${4 * MiB});
const files = new Map();
parentPort.on('message', (m) => {
  if (m.op === 'quit') { parentPort.close(); return; }
  if (Atomics.load(stop, 0) !== 0) return;
  if (m.op === 'begin') { files.set(m.id, { path: m.path, md5: createHash('md5'), error: undefined }); return; }
  const f = files.get(m.id);
  if (!f) return;
  if (m.op === 'add') {
    if (f.error !== undefined) return;
    let fd;
    try {
      fd = openSync(f.path, 'r');
      for (let pos = m.offset, end = m.offset + m.length; pos < end;) {
        if (Atomics.load(stop, 0) !== 0) return;
        const n = readSync(fd, buffer, 0, Math.min(buffer.length, end - pos), pos);
        if (n === 0) throw new Error('the file ended at ' + pos + ' bytes while hashing');
        f.md5.update(buffer.subarray(0, n));
        pos += n;
      }
    } catch (e) {
      f.error = String((e && e.message) || e);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    return;
  }
  if (m.op === 'finish') {
    files.delete(m.id);
    if (f.error !== undefined) { parentPort.postMessage({ id: m.id, error: f.error }); return; }
    try {
      parentPort.postMessage({ id: m.id, md5: f.md5.digest(), size: statSync(f.path).size });
    } catch (e) {
      parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) });
    }
  }
});
`;

/** The same contract on the calling thread (no worker_threads): spans are read back and hashed in a promise chain. */
class InThreadSpanHasher implements SpanHasher {
  private next = 0;
  private stopped = false;
  private readonly files = new Map<number, { path: string; md5: ReturnType<typeof createHash>; chain: Promise<void> }>();
  private readonly buffer = Buffer.allocUnsafe(MiB);

  begin(path: string): number {
    const id = this.next++;
    this.files.set(id, { path, md5: createHash('md5'), chain: Promise.resolve() });
    return id;
  }

  add(id: number, offset: number, length: number): void {
    const f = this.files.get(id)!;
    f.chain = f.chain.then(async () => {
      if (this.stopped) throw new Error('stopped');
      const handle = await open(f.path, 'r');
      try {
        for (let pos = offset, end = offset + length; pos < end;) {
          const { bytesRead } = await handle.read(this.buffer, 0, Math.min(this.buffer.length, end - pos), pos);
          if (bytesRead === 0) throw new Error(`the file ended at ${pos} bytes while hashing`);
          f.md5.update(this.buffer.subarray(0, bytesRead));
          pos += bytesRead;
        }
      } finally {
        await handle.close();
      }
    });
  }

  async finish(id: number): Promise<FileDigest> {
    const f = this.files.get(id)!;
    this.files.delete(id);
    await f.chain;
    const handle = await open(f.path, 'r');
    try {
      return { md5: f.md5.digest(), size: (await handle.stat()).size };
    } finally {
      await handle.close();
    }
  }

  close(): void {
    this.stopped = true;
  }
}

class WorkerSpanHasher implements SpanHasher {
  private next = 0;
  private readonly pending = new Map<number, { resolve(d: FileDigest): void; reject(e: unknown): void }>();
  private failure: unknown;

  constructor(private readonly worker: Worker, private readonly stop: Int32Array) {
    worker.on('message', (m: { id: number; md5?: Uint8Array; size?: number; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve({ md5: new Uint8Array(m.md5!), size: m.size! });
    });
    const fail = (error: unknown): void => {
      this.failure ??= error;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`the hashing thread stopped (exit code ${code})`)));
  }

  static start(): WorkerSpanHasher {
    const stop = new SharedArrayBuffer(4);
    return new WorkerSpanHasher(new Worker(spanWorkerSource, { eval: true, workerData: { stop } }), new Int32Array(stop));
  }

  begin(path: string): number {
    const id = this.next++;
    this.worker.postMessage({ op: 'begin', id, path });
    return id;
  }

  add(id: number, offset: number, length: number): void {
    if (length > 0) this.worker.postMessage({ op: 'add', id, offset, length });
  }

  finish(id: number): Promise<FileDigest> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<FileDigest>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ op: 'finish', id });
    });
  }

  close(): void {
    // The span being read stops within one 4 MiB read and closes its file; queued spans are skipped; then the
    // thread ends by itself (no terminate(): it could end the thread with a file still open).
    Atomics.store(this.stop, 0, 1);
    this.failure ??= new Error('the hashing thread was closed');
    this.worker.postMessage({ op: 'quit' });
    this.worker.unref();
  }
}

/** A span hasher on a worker thread, or on this thread when no worker can be started. */
export function startSpanHasher(): SpanHasher {
  try {
    return WorkerSpanHasher.start();
  } catch {
    return new InThreadSpanHasher();
  }
}
