/**
 * The download half of the transfer engine (shares `Window`, `withRetry` and `TransferProgress` with
 * blobUpload.ts). Each file is fetched as ranged GETs of `rangeSize`; at most `window` GETs are in flight across
 * all files, and every GET streams straight to its place in the file, so memory stays at about `window` socket
 * buffers whatever the file sizes. A range that fails is retried from the byte it had reached (per-range retry on
 * top of the SDK's own), and every GET carries `If-Match: <etag>` from the listing, so a blob replaced during the
 * download fails clearly instead of mixing two versions. Each file's MD5 is computed while it downloads: as each
 * range completes, the contiguous completed part is read back (page cache) and hashed in order on a worker thread
 * (md5Worker.ts), so the thread receiving and writing the bytes does no hashing; it is compared with the blob's
 * Content-MD5 and the size is checked on disk. The first failure or an abort stops everything.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ContainerClient } from '@azure/storage-blob';
import type { TransferProgress } from '../../core/transfer/progress';
import { startSpanHasher, type SpanHasher } from './md5Worker';
import { linkedAbort } from './linkedAbort';
import { defaultRetryPolicy, isAbortError, withRetry, type RetryPolicy } from './retry';
import { Window } from './window';

export interface DownloadItem {
  readonly blobName: string;
  readonly localPath: string;
  readonly size: number;
  /** Base64 Content-MD5 of the blob, when it has one: the file is verified against it. */
  readonly contentMd5?: string;
  /** ETag from the listing: every GET is conditional on it. */
  readonly etag?: string;
}

export interface DownloadOptions {
  /** Bytes per ranged GET (default 8 MiB). */
  readonly rangeSize?: number;
  /** GETs in flight at most (default 8). */
  readonly window?: number;
  readonly retry?: RetryPolicy;
  readonly signal?: AbortSignal;
  onProgress?(progress: TransferProgress): void;
  onRetry?(blobName: string, attempt: number, delayMs: number, error: unknown): void;
}

export interface DownloadedFile {
  readonly blobName: string;
  readonly localPath: string;
  readonly size: number;
  /** MD5 of what was written (base64). */
  readonly md5: string;
  /** Whether it was checked against the blob's Content-MD5. */
  readonly md5Verified: boolean;
}

export interface DownloadOutcome {
  readonly files: readonly DownloadedFile[];
  /** Storage GETs sent (retries included). */
  readonly requests: number;
}

/** A file whose bytes on disk do not match what the blob says. Not retried: the source or the disk is wrong. */
export class DownloadVerificationError extends Error {
  constructor(readonly blobName: string, readonly check: 'size' | 'md5', detail: string) {
    super(`"${blobName}" failed verification (${check}): ${detail}`);
    this.name = 'DownloadVerificationError';
  }
}

const MiB = 1024 * 1024;

interface Range {
  readonly offset: number;
  readonly length: number;
  done: boolean;
}

/** Announces each file's completed ranges to the hasher in file order: the contiguous run from the start. */
class Frontier {
  private next = 0;

  constructor(private readonly hasher: SpanHasher, private readonly id: number, private readonly ranges: readonly Range[]) {}

  advance(): void {
    while (this.next < this.ranges.length && this.ranges[this.next]!.done) {
      const range = this.ranges[this.next++]!;
      this.hasher.add(this.id, range.offset, range.length);
    }
  }
}

export async function downloadFiles(container: ContainerClient, items: readonly DownloadItem[], options: DownloadOptions = {}): Promise<DownloadOutcome> {
  const rangeSize = options.rangeSize ?? 8 * MiB;
  const window = new Window(options.window ?? 8);
  const retry = options.retry ?? defaultRetryPolicy;
  const internal = linkedAbort(options.signal);
  const signal = internal.signal;
  const hasher = startSpanHasher();

  const bytesTotal = items.reduce((n, i) => n + i.size, 0);
  let bytesDone = 0;
  let filesDone = 0;
  let requests = 0;
  const files: DownloadedFile[] = [];
  const report = (): void => options.onProgress?.({ bytesDone, bytesTotal, filesDone, filesTotal: items.length });
  /** The first real failure (not the aborts it caused elsewhere) stops everything and is what the caller sees. */
  let firstError: unknown;
  let anyError: unknown;
  const fail = (error: unknown): void => {
    anyError ??= error;
    if (firstError === undefined && !(isAbortError(error) && signal.aborted)) firstError = error;
    internal.abort(error);
  };
  const madeDirs = new Set<string>();
  const ensureDir = async (dir: string): Promise<void> => {
    if (madeDirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    madeDirs.add(dir);
  };

  /** GETs `range` into `handle`, resuming after a failure from the last byte written. */
  const fetchRange = async (item: DownloadItem, handle: FileHandle, range: Range): Promise<void> => {
    const blob = container.getBlobClient(item.blobName);
    let received = 0;
    await withRetry(() => (async () => {
      requests++;
      const response = await blob.download(range.offset + received, range.length - received, {
        abortSignal: signal,
        ...(item.etag ? { conditions: { ifMatch: item.etag } } : {}),
      });
      const body = response.readableStreamBody;
      if (!body) throw new Error(`no body for ${item.blobName}`);
      for await (const chunk of body as AsyncIterable<Buffer>) {
        if (received + chunk.length > range.length) throw new DownloadVerificationError(item.blobName, 'size', 'the service sent more bytes than the range asked for');
        let written = 0;
        while (written < chunk.length) {
          const { bytesWritten } = await handle.write(chunk, written, chunk.length - written, range.offset + received + written);
          written += bytesWritten;
        }
        received += chunk.length;
        bytesDone += chunk.length;
        report();
      }
      if (received < range.length) {
        throw Object.assign(new Error(`"${item.blobName}" ended early at byte ${range.offset + received}`), { code: 'ECONNRESET' });
      }
    })().catch((error: unknown) => {
      // The storage SDK reports a connection dropped by the server mid-body as an AbortError; unless we aborted,
      // that is a transient network failure to resume from, not a cancellation.
      if (!signal.aborted && isAbortError(error)) throw Object.assign(new Error(`the connection dropped while downloading "${item.blobName}"`), { code: 'ECONNRESET', cause: error });
      throw error;
    }), retry, signal, { onRetry: (attempt, delay, error) => options.onRetry?.(item.blobName, attempt, delay, error) });
    range.done = true;
  };

  /** Verification of a fetched file: runs while the next files download, awaited before the call returns. */
  const verifications: Array<Promise<void>> = [];
  const verify = async (item: DownloadItem, id: number): Promise<void> => {
    const digest = await hasher.finish(id);
    if (digest.size !== item.size) throw new DownloadVerificationError(item.blobName, 'size', `${digest.size} bytes on disk, ${item.size} expected`);
    const md5 = Buffer.from(digest.md5).toString('base64');
    if (item.contentMd5 && md5 !== item.contentMd5) {
      throw new DownloadVerificationError(item.blobName, 'md5', `the downloaded bytes have MD5 ${md5}, the blob says ${item.contentMd5}`);
    }
    files.push({ blobName: item.blobName, localPath: item.localPath, size: item.size, md5, md5Verified: !!item.contentMd5 });
    filesDone++;
    report();
  };

  const downloadOne = async (item: DownloadItem): Promise<void> => {
    await ensureDir(dirname(item.localPath));
    const handle = await open(item.localPath, 'w+');
    // Each completed range is hashed in file order on the hashing thread (read back from the page cache), so
    // this thread only receives and writes.
    const id = hasher.begin(item.localPath);
    try {
      if (item.size > 0) {
        const count = Math.ceil(item.size / rangeSize);
        const ranges: Range[] = Array.from({ length: count }, (_, i) => ({ offset: i * rangeSize, length: Math.min(rangeSize, item.size - i * rangeSize), done: false }));
        const frontier = new Frontier(hasher, id, ranges);
        if (count === 1) {
          await window.run(() => fetchRange(item, handle, ranges[0]!), signal);
          frontier.advance();
        } else {
          const running: Array<Promise<void>> = [];
          for (const range of ranges) {
            await window.acquire(signal);
            const task = fetchRange(item, handle, range)
              .then(() => frontier.advance())
              .finally(() => window.release());
            // A failed range aborts the rest at once; Promise.all below rethrows it.
            task.catch((error: unknown) => fail(error));
            running.push(task);
          }
          await Promise.all(running);
        }
      }
    } finally {
      await handle.close();
    }
    const verification = verify(item, id);
    verification.catch((error: unknown) => fail(error));
    verifications.push(verification);
  };

  // Largest first (as the raw baseline): a big file's ranges spread over the whole window early, and its hashing
  // finishes while the small files download instead of trailing after the last byte.
  const queue = [...items].sort((a, b) => b.size - a.size);
  const worker = async (): Promise<void> => {
    while (queue.length > 0 && !signal.aborted) {
      const item = queue.shift()!;
      try {
        await downloadOne(item);
      } catch (error) {
        fail(error);
        return;
      }
    }
  };
  try {
    report();
    await Promise.all(Array.from({ length: Math.max(1, Math.min(window.size, items.length)) }, worker));
    // Files already fetched finish verifying (their spans are queued); a cancellation does not wait for them.
    if (!signal.aborted) await Promise.allSettled(verifications);
    if (options.signal?.aborted) throw options.signal.reason ?? firstError;
    if (firstError !== undefined) throw firstError;
    if (anyError !== undefined) throw anyError;
    if (signal.aborted) throw signal.reason;
    return { files: files.sort((a, b) => (a.localPath < b.localPath ? -1 : 1)), requests };
  } finally {
    internal.unlink();
    hasher.close();
  }
}
