/**
 * Executes a `RegisterPlan` against Azure: uploads the files, then creates the version — interoperable with
 * `az ml` (reference §3.1 / §3.2, §1.7, §1.8).
 *
 * Workspace: `workspaceblobstore` (GET + listSecrets: account key → shared key, SAS → SAS, "no secrets" → the
 * user's token) → blob URL from the cloud table → HEAD the indicator blob and its legacy `az-ml-artifacts` twin:
 * `upload_status=completed` means the same content is already there (ours or the CLI's) and the upload is skipped →
 * otherwise upload (reusing blobs an interrupted attempt left with the same MD5), then mark the indicator — only
 * after every file is in → PUT the version with the long `azureml://…/datastores/workspaceblobstore/paths/…` URI.
 * Registry: startPendingUpload → container SAS → files under `<folder>/` with `If-None-Match: *` → version PUT as
 * an LRO, polled to its end.
 * Nothing creates the version before every byte is uploaded; a cancellation or failure leaves no version.
 */
import type { ServiceClient } from '@azure/core-client';
import type { ContainerClient, StoragePipelineOptions } from '@azure/storage-blob';
import type { CloudEndpoints } from '../core/domain/cloud';
import type { ModelScope, ModelVersion } from '../core/domain/model';
import { InventoryError } from '../core/errors';
import type { TokenProvider } from '../core/ports/tokenProvider';
import { workspaceDatastoreName, type RegisterPlan } from '../core/register/plan';
import { apiVersions } from './apiVersions';
import { operationUrlOf, sendJson, watchOperation } from './armLro';
import { openDatastoreContainer, openRegistryUploadContainer, type BlobAccessContext } from './blobAccess';
import type { ArmClientFactory } from './clientFactory';
import { toInventoryError } from './errorMapping';
import { toModelVersion, type RawArmResource } from './mappers';
import { pathSegment, scopeUrl } from './urlSegment';
import { BlobConflictError, listExisting, uploadFiles, type TransferProgress, type UploadOptions } from './transfer/blobUpload';

export type RegisterPhase = 'connecting' | 'checking' | 'uploading' | 'creating' | 'done';

export interface RegisterProgress extends TransferProgress {
  readonly phase: RegisterPhase;
}

export interface RegisterOptions {
  readonly signal?: AbortSignal;
  onProgress?(progress: RegisterProgress): void;
  /** Log lines (request ids, skips, retries); never secrets. */
  onLog?(line: string): void;
  /** Transfer tuning (block size, window, retry policy). */
  readonly transfer?: Pick<UploadOptions, 'blockSize' | 'singleShotMax' | 'window' | 'retry'>;
  /** Storage pipeline options (tests: retry tuning). */
  readonly storagePipeline?: StoragePipelineOptions;
  /** Max time to wait for a registry version LRO (default 10 min). */
  readonly lroMaxWaitMs?: number;
}

export interface RegisterOutcome {
  readonly version: ModelVersion;
  readonly modelUri: string;
  /** True when the content was already uploaded (indicator marked) and no bytes were sent. */
  readonly uploadSkipped: boolean;
  readonly uploadedFiles: number;
  readonly reusedFiles: number;
  readonly storageRequests: number;
}

const LEGACY_FOLDER = 'az-ml-artifacts';
const LOCAL_UPLOAD = 'LocalUpload';

/** An https URL path for a blob name: each segment percent-encoded once. */
function encodeBlobPath(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

export class ModelRegistrar {
  constructor(
    private readonly clients: ArmClientFactory,
    private readonly cloud: CloudEndpoints,
    private readonly credential: TokenProvider,
  ) {}

  private get access(): BlobAccessContext {
    return { clients: this.clients, cloud: this.cloud, credential: this.credential };
  }

  /** `localPathOf(relPath)` gives the absolute local path of a planned file. */
  async register(plan: RegisterPlan, localPathOf: (relPath: string) => string, options: RegisterOptions = {}): Promise<RegisterOutcome> {
    const signal = options.signal;
    const log = (line: string): void => options.onLog?.(line);
    const zero: TransferProgress = { bytesDone: 0, bytesTotal: plan.totalBytes, filesDone: 0, filesTotal: plan.fileCount };
    const phase = (p: RegisterPhase, t: TransferProgress = zero): void => options.onProgress?.({ ...t, phase: p });
    const client = this.clients.forSubscription(plan.scope.subscriptionId);
    const base = scopeUrl(this.clients.endpoint, plan.scope);
    const what = `'${plan.name}' version ${plan.version}`;

    phase('connecting');
    const target = plan.scope.kind === 'workspace'
      ? await this.step(`open the ${workspaceDatastoreName} datastore of workspace '${plan.scope.name}'`, signal, () => this.workspaceContainer(plan.scope, options))
      : await this.step(`start an upload to registry '${plan.scope.name}'`, signal, () => this.registryContainer(plan, options));

    let uploadSkipped = false;
    let modelUri = plan.scope.kind === 'workspace' ? plan.modelUri! : `${target.containerUrlForUri}/${encodeBlobPath(plan.modelPath)}`;
    let uploadedFiles = 0;
    let reusedFiles = 0;
    let storageRequests = 0;

    if (plan.scope.kind === 'workspace') {
      phase('checking');
      const confirmed = await this.step(`check earlier uploads of ${plan.blobPrefix}`, signal, () => this.confirmedUpload(target.container, plan.indicatorBlob, signal));
      if (confirmed) {
        uploadSkipped = true;
        if (confirmed === 'legacy') modelUri = modelUri.replace(`/paths/${LOCAL_UPLOAD}/`, `/paths/${LEGACY_FOLDER}/`);
        log(`Upload skipped: ${confirmed === 'legacy' ? LEGACY_FOLDER : LOCAL_UPLOAD}/${plan.contentHash}/ already holds this content (upload_status=completed).`);
        phase('uploading', { ...zero, bytesDone: plan.totalBytes, filesDone: plan.fileCount });
      }
    }

    if (!uploadSkipped) {
      const existing = await this.step(`list ${plan.blobPrefix || 'the upload folder'} in storage`, signal, () => listExisting(target.container, plan.blobPrefix, signal));
      const outcome = await this.step(`upload ${plan.fileCount} file${plan.fileCount === 1 ? '' : 's'} (${plan.source.name}) to ${plan.scope.kind} '${plan.scope.name}'`, signal, () => uploadFiles(
        target.container,
        plan.files.map((f) => ({ localPath: localPathOf(f.relPath), blobName: f.blobName, size: f.size, ...(f.contentMD5 ? { contentMD5: f.contentMD5 } : {}) })),
        {
          ...options.transfer,
          signal,
          existing,
          createOnly: plan.scope.kind === 'registry',
          onProgress: (p) => phase('uploading', p),
          onRetry: (blob, attempt, delay, error) => log(`Retrying ${blob} (attempt ${attempt + 1}) in ${delay} ms after: ${(error as Error)?.message ?? String(error)}`),
        },
      ));
      uploadedFiles = outcome.uploaded.length;
      reusedFiles = outcome.reused.length;
      storageRequests = outcome.requests;
      if (reusedFiles) log(`Reused ${reusedFiles} file(s) already in storage with the same MD5.`);
      if (plan.scope.kind === 'workspace') {
        // Only now, with every file in, mark the indicator so later uploads (ours or az ml's) can skip.
        await this.step('mark the upload as complete', signal, () => target.container.getBlockBlobClient(plan.indicatorBlob)
          .setMetadata({ upload_status: 'completed', name: plan.name, version: plan.version }, { abortSignal: signal }));
      }
    }

    if (signal?.aborted) throw new InventoryError('cancelled', `Cancelled: register ${what}. No version was created; a retry reuses the uploaded files.`);
    phase('creating', { ...zero, bytesDone: plan.totalBytes, filesDone: plan.fileCount });
    const version = await this.step(`create version ${plan.version} of model '${plan.name}' in ${plan.scope.kind} '${plan.scope.name}'`, signal,
      () => this.putVersion(client, base, plan, modelUri, options));
    phase('done', { ...zero, bytesDone: plan.totalBytes, filesDone: plan.fileCount });
    log(`Registered ${what} in ${plan.scope.kind} '${plan.scope.name}' at ${modelUri}.`);
    return { version, modelUri, uploadSkipped, uploadedFiles, reusedFiles, storageRequests };
  }

  private async workspaceContainer(scope: ModelScope, options: RegisterOptions): Promise<{ container: ContainerClient; containerUrlForUri: string }> {
    const ws = { subscriptionId: scope.subscriptionId, resourceGroup: scope.resourceGroup, workspaceName: scope.name };
    const opened = await openDatastoreContainer(this.access, ws, workspaceDatastoreName, { signal: options.signal, ...(options.storagePipeline ? { storagePipeline: options.storagePipeline } : {}), ...(options.onLog ? { onLog: options.onLog } : {}) });
    return { container: opened.container, containerUrlForUri: opened.containerUrl };
  }

  private registryContainer(plan: RegisterPlan, options: RegisterOptions): Promise<{ container: ContainerClient; containerUrlForUri: string }> {
    return openRegistryUploadContainer(this.access, plan.scope, plan.name, plan.version, { signal: options.signal, ...(options.storagePipeline ? { storagePipeline: options.storagePipeline } : {}), ...(options.onLog ? { onLog: options.onLog } : {}) });
  }

  /** 'current' / 'legacy' when the indicator blob carries `upload_status=completed`, else undefined. */
  private async confirmedUpload(container: ContainerClient, indicator: string, signal?: AbortSignal): Promise<'current' | 'legacy' | undefined> {
    const legacy = indicator.replace(new RegExp(`^${LOCAL_UPLOAD}/`), `${LEGACY_FOLDER}/`);
    const marked = async (name: string): Promise<boolean> => {
      try {
        const props = await container.getBlockBlobClient(name).getProperties({ abortSignal: signal });
        return props.metadata?.['upload_status'] === 'completed';
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return false;
        throw error;
      }
    };
    // The CLI lets the legacy location win when both are confirmed.
    if (await marked(legacy)) return 'legacy';
    if (await marked(indicator)) return 'current';
    return undefined;
  }

  private async putVersion(client: ServiceClient, base: string, plan: RegisterPlan, modelUri: string, options: RegisterOptions): Promise<ModelVersion> {
    // 2024-04-01 for both scopes: registries need it, and it is the first stable API with `stage` for workspaces.
    const url = `${base}/models/${pathSegment(plan.name, 'Model name')}/versions/${pathSegment(plan.version, 'Version')}?api-version=${apiVersions.registries}`;
    const body = {
      properties: {
        modelUri,
        modelType: plan.modelType,
        ...(plan.flavors ? { flavors: plan.flavors } : {}),
        ...(plan.description ? { description: plan.description } : {}),
        tags: plan.tags,
        properties: plan.properties,
        ...(plan.stage ? { stage: plan.stage } : {}),
        isAnonymous: false,
        isArchived: false,
      },
    };
    const created = await sendJson<RawArmResource>(client, 'PUT', url, body, options.signal);
    options.onLog?.(`PUT version: ${created.status}, x-ms-request-id ${created.headers.get('x-ms-request-id') ?? '?'}`);
    const operation = operationUrlOf(created);
    if (operation) {
      const result = await watchOperation(client, operation, { abortSignal: options.signal, maxWaitMs: options.lroMaxWaitMs ?? 600_000 }, created.headers);
      if (result.state === 'failed') {
        throw new InventoryError('service', `Azure could not create version ${plan.version} of model '${plan.name}': ${result.message}`, { code: result.code });
      }
      if (result.state === 'watching-stopped') {
        throw new InventoryError(result.reason === 'cancelled' ? 'cancelled' : 'service',
          `Stopped waiting for version ${plan.version} of model '${plan.name}' to be created (${result.reason}); it may still appear. Operation: ${result.operationUrl.split('?')[0]}`);
      }
      const final = await sendJson<RawArmResource>(client, 'GET', url, undefined, options.signal);
      return toModelVersion(plan.scope, plan.name, final.body);
    }
    return toModelVersion(plan.scope, plan.name, created.body);
  }

  private async step<T>(action: string, signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof BlobConflictError) {
        throw new InventoryError('conflict', `Could not ${action}: ${error.message} Register under a new version, or remove the stale upload.`, { code: 'BlobAlreadyExists' });
      }
      if ((error as { code?: unknown }).code === 'FILE_CHANGED') throw new InventoryError('validation', `Could not ${action}: ${(error as Error).message} Register again once the folder is stable.`);
      const mapped = toInventoryError(error, { action, abortSignal: signal });
      if (mapped.kind === 'cancelled') {
        throw new InventoryError('cancelled', `Cancelled: ${action}. No version was created; a retry reuses the files already uploaded.`);
      }
      throw mapped;
    }
  }
}
