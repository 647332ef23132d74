/**
 * Downloads a model version: resolve its files (blobAccess.ts), list them, plan (pure core: layout, path safety,
 * case collisions, folder markers, "no files"), ask what to do with an existing destination, then fetch everything
 * into a temporary sibling folder with the shared transfer engine and rename it into place only when every file is
 * complete and verified. On failure or cancel the temporary folder is removed, an existing destination is left as it
 * was, and the error says so — a folder that looks complete is always complete.
 *
 * Layout: `<destination>/<model name>/<version>/<files as under the model's prefix>`; a single-file model is
 * `<destination>/<model name>/<version>/<file name>`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, lstat, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isRestError } from '@azure/core-rest-pipeline';
import type { StoragePipelineOptions } from '@azure/storage-blob';
import type { CloudEndpoints } from '../core/domain/cloud';
import type { ModelVersion } from '../core/domain/model';
import {
  buildDownloadPlan, decideExisting, isPartialFolderOf, needsLocalMd5, partialFolderName,
  type DownloadPlan, type ExistingFolderChoice, type RemoteBlob,
} from '../core/download/plan';
import { InventoryError } from '../core/errors';
import type { TokenProvider } from '../core/ports/tokenProvider';
import type { TransferProgress } from '../core/transfer/progress';
import { openModelArtifact, type ArtifactLocation } from './blobAccess';
import type { ArmClientFactory } from './clientFactory';
import { toInventoryError } from './errorMapping';
import { DownloadVerificationError, downloadFiles, type DownloadOptions } from './transfer/blobDownload';

export type DownloadPhase = 'resolving' | 'listing' | 'checking' | 'downloading' | 'finishing' | 'done';

export interface DownloadProgress extends TransferProgress {
  readonly phase: DownloadPhase;
}

export interface ExistingDestination {
  readonly path: string;
  readonly plan: DownloadPlan;
}

export interface DownloadModelOptions {
  readonly signal?: AbortSignal;
  onProgress?(progress: DownloadProgress): void;
  /** Log lines (request ids, retries, skips); never secrets. */
  onLog?(line: string): void;
  /** The final folder already exists: overwrite it, keep identical files, or stop. Default: cancel. */
  onExisting?(existing: ExistingDestination): Promise<ExistingFolderChoice>;
  /** Transfer tuning (range size, window, retry policy). */
  readonly transfer?: Pick<DownloadOptions, 'rangeSize' | 'window' | 'retry'>;
  readonly storagePipeline?: StoragePipelineOptions;
}

export interface DownloadOutcome {
  /** The final folder `<destination>/<model name>/<version>`. */
  readonly path: string;
  readonly plan: DownloadPlan;
  readonly fileCount: number;
  readonly totalBytes: number;
  /** Files fetched from storage by this call. */
  readonly downloadedFiles: number;
  readonly downloadedBytes: number;
  /** Identical files kept from an existing folder ("skip identical"). */
  readonly keptFiles: number;
  /** Local files of the replaced folder that are not in Azure, so are gone now (the folder ends up as in Azure). */
  readonly removedFiles: number;
  /** Files whose MD5 was checked against the blob's Content-MD5. */
  readonly verifiedFiles: number;
  readonly durationMs: number;
  readonly replacedExisting: boolean;
  readonly storageRequests: number;
}

const folderMarkerKeys = ['hdi_isfolder', 'Hdi_isfolder', 'HDI_ISFOLDER'];

/** Files (and links) under `root` whose `/`-separated relative path is not in `keep`. */
async function countFilesNotIn(root: string, keep: ReadonlySet<string>, prefix = ''): Promise<number> {
  let count = 0;
  for (const entry of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    const rel = `${prefix}${entry.name}`;
    if (entry.isDirectory()) count += await countFilesNotIn(join(root, entry.name), keep, `${rel}/`);
    else if (!keep.has(rel)) count++;
  }
  return count;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(() => true, () => false);
}

async function fileMd5Base64(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024, ...(signal ? { signal } : {}) })) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

/** Whether `dir`'s file system folds letter case (probe: write a lower-case name, look for its upper-case twin). */
export async function isCaseInsensitiveFs(dir: string): Promise<boolean> {
  const token = randomBytes(4).toString('hex');
  const probe = join(dir, `.case-probe-${token}`);
  await writeFile(probe, '');
  try {
    return await exists(join(dir, `.CASE-PROBE-${token.toUpperCase()}`));
  } finally {
    await rm(probe, { force: true });
  }
}

/** `path` is strictly inside `root` (after resolving `..`). */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel.split(sep)[0] !== '..' && !isAbsolute(rel);
}

export class ModelDownloader {
  constructor(
    private readonly clients: ArmClientFactory,
    private readonly cloud: CloudEndpoints,
    private readonly credential: TokenProvider,
  ) {}

  /** Lists the blobs of `location` the CLI way: `<prefix>/` as a folder; else the blob named `<prefix>` (a single file). */
  static async list(location: ArtifactLocation, signal?: AbortSignal): Promise<{ under: RemoteBlob[]; exact?: RemoteBlob }> {
    const prefix = location.prefix.replace(/\/+$/, '');
    const toRemote = (blob: { name: string; properties: { contentLength?: number; contentMD5?: Uint8Array; etag?: string }; metadata?: Record<string, string> }): RemoteBlob => {
      const md5 = blob.properties.contentMD5;
      const marker = folderMarkerKeys.some((k) => blob.metadata?.[k]?.toLowerCase() === 'true');
      return {
        name: blob.name,
        size: blob.properties.contentLength ?? 0,
        ...(md5 && md5.length ? { contentMd5: Buffer.from(md5).toString('base64') } : {}),
        ...(blob.properties.etag ? { etag: blob.properties.etag } : {}),
        ...(marker ? { isFolderMarker: true } : {}),
      };
    };
    const under: RemoteBlob[] = [];
    for await (const blob of location.container.listBlobsFlat({ prefix: prefix ? `${prefix}/` : '', includeMetadata: true, abortSignal: signal })) under.push(toRemote(blob));
    if (under.some((b) => !b.isFolderMarker) || prefix === '') return { under };
    try {
      const props = await location.container.getBlobClient(prefix).getProperties({ abortSignal: signal });
      const exact = toRemote({ name: prefix, properties: { contentLength: props.contentLength ?? 0, ...(props.contentMD5 ? { contentMD5: props.contentMD5 } : {}), ...(props.etag ? { etag: props.etag } : {}) }, ...(props.metadata ? { metadata: props.metadata } : {}) });
      return { under, exact };
    } catch (error) {
      if (isRestError(error) && error.statusCode === 404) return { under };
      throw error;
    }
  }

  async download(version: ModelVersion, destination: string, options: DownloadModelOptions = {}): Promise<DownloadOutcome> {
    const started = Date.now();
    const signal = options.signal;
    const log = (line: string): void => options.onLog?.(line);
    const what = `${version.modelName}:${version.version}`;
    const phase = (p: DownloadPhase, t: TransferProgress = { bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0 }): void => options.onProgress?.({ ...t, phase: p });
    const step = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (error) {
        const mapped = toInventoryError(error, { action, abortSignal: signal });
        if (mapped.kind === 'cancelled') throw new InventoryError('cancelled', `Cancelled: download of ${what}. Nothing was written.`);
        throw mapped;
      }
    };

    phase('resolving');
    const location = await step(`find the files of ${what}`, () => openModelArtifact({ clients: this.clients, cloud: this.cloud, credential: this.credential }, version, {
      ...(signal ? { signal } : {}), ...(options.storagePipeline ? { storagePipeline: options.storagePipeline } : {}), onLog: log,
    }));
    phase('listing');
    const listing = await step(`list the files of ${what} in ${location.where}`, () => ModelDownloader.list(location, signal));
    const root = resolve(destination);
    await step(`create the destination folder ${root}`, () => mkdir(root, { recursive: true }));
    const caseInsensitive = await isCaseInsensitiveFs(root).catch(() => process.platform === 'win32' || process.platform === 'darwin');
    const planned = buildDownloadPlan({ modelName: version.modelName, version: version.version, listing: { prefix: location.prefix, ...listing }, caseInsensitive, windowsNames: process.platform === 'win32' });
    if (!planned.ok) throw new InventoryError('validation', planned.problem.message, { code: planned.problem.code });
    const plan = planned.plan;
    for (const warning of plan.warnings) log(`Warning: ${warning}`);
    if (plan.folderMarkers.length) log(`Skipped ${plan.folderMarkers.length} folder marker blob(s).`);

    const modelFolder = join(root, plan.folder[0]);
    const finalPath = join(modelFolder, plan.folder[1]);
    if (!isInside(root, finalPath)) throw new InventoryError('validation', `Download of ${what} refused: "${finalPath}" is outside "${root}".`);
    await mkdir(modelFolder, { recursive: true });
    // Leftovers of an earlier interrupted download of this version are never a usable result.
    for (const name of await readdir(modelFolder)) {
      if (isPartialFolderOf(plan.version, name)) {
        await rm(join(modelFolder, name), { recursive: true, force: true });
        log(`Removed the leftover ${name} of an earlier interrupted download.`);
      }
    }

    let choice: ExistingFolderChoice | undefined;
    if (await exists(finalPath)) {
      const finalStat = await stat(finalPath);
      if (!finalStat.isDirectory()) throw new InventoryError('conflict', `Cannot download ${what}: "${finalPath}" exists and is not a folder.`);
      choice = options.onExisting ? await options.onExisting({ path: finalPath, plan }) : 'cancel';
      if (choice === 'cancel') throw new InventoryError('cancelled', `Cancelled: ${finalPath} already exists and was left as it was.`);
    }

    const partial = join(modelFolder, partialFolderName(plan.version, randomBytes(4).toString('hex')));
    const localOf = (base: string, relPath: string): string => {
      const path = join(base, ...relPath.split('/'));
      if (!isInside(base, path)) throw new InventoryError('validation', `Download of ${what} refused: "${relPath}" resolves outside the destination.`);
      return path;
    };
    // Every target path is checked before the first byte moves.
    for (const f of plan.files) localOf(partial, f.relPath);

    let keptFiles = 0;
    let keptBytes = 0;
    let storageRequests = 0;
    let verifiedFiles = 0;
    let replacedExisting = false;
    let removedFiles = 0;
    await mkdir(partial);
    log(`Downloading ${what} (${plan.files.length} files, ${plan.totalBytes} bytes) from ${location.where} into ${partial}`);
    try {
      const toFetch: DownloadPlan['files'][number][] = [];
      if (choice === 'skipIdentical') {
        phase('checking', { bytesDone: 0, bytesTotal: plan.totalBytes, filesDone: 0, filesTotal: plan.files.length });
        for (const file of plan.files) {
          const existing = localOf(finalPath, file.relPath);
          const st = await stat(existing).then((s) => (s.isFile() ? { size: s.size } : undefined), () => undefined);
          const md5 = st && needsLocalMd5(file, st) ? await fileMd5Base64(existing, signal) : undefined;
          if (decideExisting(file, st && { ...st, ...(md5 ? { md5 } : {}) }) === 'keep') {
            const target = localOf(partial, file.relPath);
            await mkdir(join(target, '..'), { recursive: true });
            // A hard link costs nothing and leaves the existing folder untouched if this download fails.
            await link(existing, target).catch(() => copyFile(existing, target));
            keptFiles++;
            keptBytes += file.size;
            verifiedFiles++;
          } else {
            toFetch.push(file);
          }
        }
        log(`Kept ${keptFiles} identical file(s) (size + MD5) from ${finalPath}; fetching ${toFetch.length}.`);
      } else {
        toFetch.push(...plan.files);
      }

      const outcome = await downloadFiles(location.container, toFetch.map((f) => ({
        blobName: f.blobName, localPath: localOf(partial, f.relPath), size: f.size,
        ...(f.contentMd5 ? { contentMd5: f.contentMd5 } : {}), ...(f.etag ? { etag: f.etag } : {}),
      })), {
        ...options.transfer,
        ...(signal ? { signal } : {}),
        onProgress: (p) => phase('downloading', { bytesDone: p.bytesDone + keptBytes, bytesTotal: plan.totalBytes, filesDone: p.filesDone + keptFiles, filesTotal: plan.files.length }),
        onRetry: (blob, attempt, delay, error) => log(`Retrying ${blob} (attempt ${attempt + 1}) in ${delay} ms after: ${(error as Error)?.message ?? String(error)}`),
      });
      storageRequests = outcome.requests;
      verifiedFiles += outcome.files.filter((f) => f.md5Verified).length;

      phase('finishing', { bytesDone: plan.totalBytes, bytesTotal: plan.totalBytes, filesDone: plan.files.length, filesTotal: plan.files.length });
      if (signal?.aborted) throw signal.reason;
      if (choice) {
        removedFiles = await countFilesNotIn(finalPath, new Set(plan.files.map((f) => f.relPath)));
        // Swap: the old folder steps aside, the new one moves in, then the old one goes.
        const aside = join(modelFolder, `.${plan.version}.replaced-${randomBytes(4).toString('hex')}`);
        await rename(finalPath, aside);
        try {
          await rename(partial, finalPath);
        } catch (error) {
          await rename(aside, finalPath).catch(() => undefined);
          throw error;
        }
        await rm(aside, { recursive: true, force: true });
        replacedExisting = true;
      } else {
        await rename(partial, finalPath);
      }
    } catch (error) {
      await rm(partial, { recursive: true, force: true }).catch(() => undefined);
      const untouched = choice ? ` The existing ${finalPath} was left as it was.` : ` Nothing was left at ${finalPath}.`;
      if (signal?.aborted) throw new InventoryError('cancelled', `Cancelled: download of ${what}. The partial download was removed.${untouched}`);
      if (error instanceof DownloadVerificationError) {
        throw new InventoryError('service', `Download of ${what} failed: ${error.message}. The partial download was removed.${untouched}`, { code: `Verification${error.check === 'md5' ? 'Md5' : 'Size'}Mismatch` });
      }
      if (isRestError(error) && error.statusCode === 412) {
        throw new InventoryError('conflict', `Download of ${what} failed: its files changed in storage while they were being downloaded. The partial download was removed.${untouched} Try again.`, { code: 'BlobChanged' });
      }
      const mapped = toInventoryError(error, { action: `download ${what} from ${location.where}`, abortSignal: signal });
      throw new InventoryError(mapped.kind, `${mapped.message} The partial download was removed.${untouched}`, mapped.details);
    }

    const durationMs = Date.now() - started;
    phase('done', { bytesDone: plan.totalBytes, bytesTotal: plan.totalBytes, filesDone: plan.files.length, filesTotal: plan.files.length });
    const downloadedBytes = plan.totalBytes - keptBytes;
    log(`Downloaded ${what} to ${finalPath}: ${plan.files.length} files, ${plan.totalBytes} bytes (${downloadedBytes} fetched, ${keptFiles} kept, ${removedFiles} local removed), ${verifiedFiles} MD5-verified, in ${durationMs} ms.`);
    return {
      path: finalPath, plan, fileCount: plan.files.length, totalBytes: plan.totalBytes, downloadedFiles: plan.files.length - keptFiles,
      downloadedBytes, keptFiles, removedFiles, verifiedFiles, durationMs, replacedExisting, storageRequests,
    };
  }
}
