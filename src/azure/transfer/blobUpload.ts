/**
 * The upload half of the transfer engine (the download half, blobDownload.ts, shares `Window`, `withRetry` and
 * the progress shape). Files stream from disk block by block: at most `window` requests are in flight across all files, so
 * memory stays at about `window × blockSize`. Small files go in one PUT; larger ones as staged blocks + a block-list
 * commit. Every blob gets `Content-MD5` (the whole content's MD5: precomputed by the caller, or computed while
 * streaming). Each block and commit is retried with backoff on transient failures, on top of the SDK's retries.
 * The first failure or an abort stops everything (in-flight requests are aborted), so cancellation is immediate.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { isRestError } from '@azure/core-rest-pipeline';
import type { ContainerClient } from '@azure/storage-blob';
import type { TransferProgress } from '../../core/transfer/progress';
import { linkedAbort } from './linkedAbort';
import { defaultRetryPolicy, withRetry, type RetryPolicy } from './retry';
import { Window } from './window';

export interface UploadItem {
  readonly localPath: string;
  readonly blobName: string;
  readonly size: number;
  /** The content's MD5 when already known (e.g. computed during the CLI-hash pass). */
  readonly contentMD5?: Uint8Array;
}

/** Shared with the download half (src/core/transfer/progress.ts). */
export type { TransferProgress };

export interface ExistingBlob {
  readonly size: number;
  readonly contentMD5?: Uint8Array;
}

export interface UploadOptions {
  readonly blockSize?: number;
  /** Files up to this size go in one PUT (default: blockSize). */
  readonly singleShotMax?: number;
  /** Requests in flight at most (default 8). */
  readonly window?: number;
  readonly retry?: RetryPolicy;
  readonly signal?: AbortSignal;
  /** `If-None-Match: *` on every blob (registry uploads): an existing blob is reused only when its MD5 matches. */
  readonly createOnly?: boolean;
  /** Blobs already in the container (from a listing): reused when size and MD5 match, no bytes sent. */
  readonly existing?: ReadonlyMap<string, ExistingBlob>;
  onProgress?(progress: TransferProgress): void;
  onRetry?(blobName: string, attempt: number, delayMs: number, error: unknown): void;
}

export interface UploadOutcome {
  /** Blobs written by this call. */
  readonly uploaded: readonly string[];
  /** Blobs that were already there with the same content. */
  readonly reused: readonly string[];
  /** Storage write requests sent (puts, blocks, commits; retries included). */
  readonly requests: number;
}

export class BlobConflictError extends Error {
  constructor(readonly blobName: string) {
    super(`The storage already holds a different "${blobName}"; it cannot be overwritten.`);
    this.name = 'BlobConflictError';
  }
}

const MiB = 1024 * 1024;

function sameMd5(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return !!a && !!b && Buffer.from(a).equals(Buffer.from(b));
}

async function fileMd5(path: string, signal?: AbortSignal): Promise<Uint8Array> {
  const md5 = createHash('md5');
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(4 * MiB);
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      md5.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return md5.digest();
}

/** Reads exactly `length` bytes at `position` (a short read means the file changed under us). */
async function readExactly(handle: Awaited<ReturnType<typeof open>>, length: number, position: number, path: string): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw Object.assign(new Error(`"${path}" became shorter while it was being uploaded.`), { code: 'FILE_CHANGED' });
    done += bytesRead;
  }
  return buffer;
}

function blockId(index: number): string {
  return Buffer.from(`block-${index.toString().padStart(8, '0')}`).toString('base64');
}

export async function uploadFiles(container: ContainerClient, items: readonly UploadItem[], options: UploadOptions = {}): Promise<UploadOutcome> {
  const blockSize = options.blockSize ?? 8 * MiB;
  const singleShotMax = options.singleShotMax ?? blockSize;
  const window = new Window(options.window ?? 8);
  const retry = options.retry ?? defaultRetryPolicy;
  const internal = linkedAbort(options.signal);
  const signal = internal.signal;

  const bytesTotal = items.reduce((n, i) => n + i.size, 0);
  let bytesDone = 0;
  let filesDone = 0;
  let requests = 0;
  const uploaded: string[] = [];
  const reused: string[] = [];
  const report = (): void => options.onProgress?.({ bytesDone, bytesTotal, filesDone, filesTotal: items.length });
  const conditions = options.createOnly ? { ifNoneMatch: '*' } : undefined;
  const retrying = (name: string) => ({ onRetry: (attempt: number, delay: number, error: unknown) => options.onRetry?.(name, attempt, delay, error) });

  /** 409 under createOnly: the blob exists. Same content → reuse; else a clear conflict. */
  const resolveConflict = async (item: UploadItem, md5: Uint8Array): Promise<void> => {
    const props = await container.getBlockBlobClient(item.blobName).getProperties({ abortSignal: signal });
    if (!sameMd5(props.contentMD5, md5) || props.contentLength !== item.size) throw new BlobConflictError(item.blobName);
  };
  const isExists = (error: unknown): boolean => isRestError(error) && error.statusCode === 409;

  const uploadOne = async (item: UploadItem): Promise<void> => {
    const blob = container.getBlockBlobClient(item.blobName);
    const known = options.existing?.get(item.blobName);
    if (known && known.size === item.size && known.contentMD5) {
      const local = item.contentMD5 ?? (await fileMd5(item.localPath, signal));
      if (sameMd5(local, known.contentMD5)) {
        reused.push(item.blobName);
        bytesDone += item.size;
        filesDone++;
        report();
        return;
      }
    }
    const handle = await open(item.localPath, 'r');
    try {
      if (item.size <= singleShotMax) {
        await window.run(async () => {
          const data = await readExactly(handle, item.size, 0, item.localPath);
          const md5 = item.contentMD5 ?? createHash('md5').update(data).digest();
          try {
            await withRetry(() => {
              requests++;
              return blob.upload(data, data.length, { blobHTTPHeaders: { blobContentMD5: md5 }, conditions, abortSignal: signal });
            }, retry, signal, retrying(item.blobName));
            uploaded.push(item.blobName);
          } catch (error) {
            if (!options.createOnly || !isExists(error)) throw error;
            await resolveConflict(item, md5);
            reused.push(item.blobName);
          }
        }, signal);
        bytesDone += item.size;
      } else {
        const md5 = item.contentMD5 ? undefined : createHash('md5');
        const ids: string[] = [];
        const staged: Array<Promise<void>> = [];
        for (let offset = 0, index = 0; offset < item.size; offset += blockSize, index++) {
          await window.acquire(signal);
          let data: Buffer;
          try {
            data = await readExactly(handle, Math.min(blockSize, item.size - offset), offset, item.localPath);
          } catch (error) {
            window.release();
            throw error;
          }
          md5?.update(data);
          const id = blockId(index);
          ids.push(id);
          const stage = withRetry(() => {
            requests++;
            return blob.stageBlock(id, data, data.length, { abortSignal: signal });
          }, retry, signal, retrying(item.blobName))
            .then(() => {
              bytesDone += data.length;
              report();
            })
            .finally(() => window.release());
          // A failed block aborts the rest at once; the error is rethrown by Promise.all below.
          stage.catch(() => internal.abort());
          staged.push(stage);
        }
        await Promise.all(staged);
        const contentMD5 = item.contentMD5 ?? md5!.digest();
        try {
          await window.run(() => withRetry(() => {
            requests++;
            return blob.commitBlockList(ids, { blobHTTPHeaders: { blobContentMD5: contentMD5 }, conditions, abortSignal: signal });
          }, retry, signal, retrying(item.blobName)), signal);
          uploaded.push(item.blobName);
        } catch (error) {
          if (!options.createOnly || !isExists(error)) throw error;
          await resolveConflict(item, contentMD5);
          reused.push(item.blobName);
        }
      }
    } finally {
      await handle.close();
    }
    filesDone++;
    report();
  };

  // File-level workers share the request window; a large file holds several slots, a small file one.
  // Largest first: a big file's blocks fill the window early instead of trailing alone at the end.
  const queue = [...items].sort((a, b) => b.size - a.size);
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (queue.length > 0 && !signal.aborted) {
      const item = queue.shift()!;
      try {
        await uploadOne(item);
      } catch (error) {
        firstError ??= error;
        internal.abort(error);
        return;
      }
    }
  };
  try {
    report();
    await Promise.all(Array.from({ length: Math.max(1, Math.min(window.size, items.length)) }, worker));
    if (firstError !== undefined) throw options.signal?.aborted ? (options.signal.reason ?? firstError) : firstError;
    if (options.signal?.aborted) throw options.signal.reason;
    return { uploaded: uploaded.sort(), reused: reused.sort(), requests };
  } finally {
    internal.unlink();
  }
}

/** Blobs under `prefix` with size and Content-MD5 (one listing; used to reuse what an earlier attempt uploaded). */
export async function listExisting(container: ContainerClient, prefix: string, signal?: AbortSignal): Promise<Map<string, ExistingBlob>> {
  const found = new Map<string, ExistingBlob>();
  for await (const blob of container.listBlobsFlat({ prefix, abortSignal: signal })) {
    found.set(blob.name, { size: blob.properties.contentLength ?? -1, contentMD5: blob.properties.contentMD5 });
  }
  return found;
}
