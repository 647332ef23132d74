/**
 * Where a model's bytes are and how to reach them — the one place that turns ARM facts into storage clients, used
 * by register (upload), download and the compare manifests:
 * - a workspace datastore: `GET datastores/<name>` → account + container (URL from the cloud's blob template),
 *   then `listSecrets` → account key or SAS; identity-based datastores (`credentialsType: None`, or listSecrets
 *   400 "No secrets") fall back to the signed-in identity's token (reference §1.8, §3.1 step 4);
 * - a registry upload: `startPendingUpload` → a container SAS (§1.7);
 * - a registry download: the data-reference endpoint → a read/list SAS for the version's `modelUri` (§1.7, §3.3);
 * - a version's `modelUri` in any spelling (long/short datastore URI, legacy run output, job output, registry
 *   storage URL) → container + blob prefix, or a clear refusal (`runs:/`, unknown forms).
 * Messages and logs never contain keys or SAS tokens.
 */
import type { TokenCredential } from '@azure/core-auth';
import { ContainerClient, StorageSharedKeyCredential, type StoragePipelineOptions } from '@azure/storage-blob';
import type { CloudEndpoints } from '../core/domain/cloud';
import { parseAssetRef, type AssetRef, type ScopeRef, type WorkspaceRef } from '../core/domain/ids';
import type { ModelVersion } from '../core/domain/model';
import { InventoryError } from '../core/errors';
import type { TokenProvider } from '../core/ports/tokenProvider';
import { apiVersions } from './apiVersions';
import { sendJson } from './armLro';
import { pathSegment, scopeUrl } from './urlSegment';
import { datastoreBlobLocation } from './blobEndpoint';
import type { ArmClientFactory } from './clientFactory';

export interface BlobAccessContext {
  readonly clients: ArmClientFactory;
  readonly cloud: CloudEndpoints;
  readonly credential: TokenProvider;
}

export interface BlobAccessOptions {
  readonly signal?: AbortSignal;
  /** Storage pipeline options (tests: retry tuning). */
  readonly storagePipeline?: StoragePipelineOptions;
  /** Log lines (request ids, which credential was used); never secrets. */
  onLog?(line: string): void;
}

export interface DatastoreContainer {
  readonly container: ContainerClient;
  /** Container URL without credentials (what a modelUri / message may show). */
  readonly containerUrl: string;
  readonly auth: 'accountKey' | 'sas' | 'token';
}

interface RawDatastore {
  readonly properties?: { readonly accountName?: string; readonly containerName?: string; readonly datastoreType?: string; readonly credentials?: { readonly credentialsType?: string } };
}

interface BlobReference {
  readonly blobReferenceForConsumption?: { readonly blobUri?: string; readonly credential?: { readonly credentialType?: string; readonly sasUri?: string } };
}

function requestId(headers: { get(name: string): string | undefined }): string {
  return headers.get('x-ms-request-id') ?? '?';
}

/** A datastore's container with the best credential the workspace hands out (key, SAS, else the user's token). */
export async function openDatastoreContainer(ctx: BlobAccessContext, ws: WorkspaceRef, datastoreName: string, options: BlobAccessOptions = {}): Promise<DatastoreContainer> {
  const client = ctx.clients.forSubscription(ws.subscriptionId);
  const dsUrl = `${scopeUrl(ctx.clients.endpoint, { kind: 'workspace', subscriptionId: ws.subscriptionId, resourceGroup: ws.resourceGroup, name: ws.workspaceName })}/datastores/${pathSegment(datastoreName, 'Datastore name')}`;
  const ds = await sendJson<RawDatastore>(client, 'GET', `${dsUrl}?api-version=2022-10-01`, undefined, options.signal);
  options.onLog?.(`GET datastore ${datastoreName}: x-ms-request-id ${requestId(ds.headers)}`);
  const type = ds.body?.properties?.datastoreType;
  if (type && type !== 'AzureBlob') {
    throw new InventoryError('validation', `Datastore '${datastoreName}' of workspace '${ws.workspaceName}' is an ${type} datastore; only Azure Blob datastores are supported.`);
  }
  const location = datastoreBlobLocation(ctx.cloud, { name: datastoreName, ...ds.body?.properties });
  const credentialsType = ds.body?.properties?.credentials?.credentialsType ?? 'None';
  let secrets: { secretsType?: string; key?: string; sasToken?: string } | undefined;
  if (credentialsType !== 'None') {
    try {
      const response = await sendJson<typeof secrets>(client, 'POST', `${dsUrl}/listSecrets?api-version=2022-10-01`, undefined, options.signal);
      secrets = response.body ?? undefined;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== 400 || !/no secrets/i.test((error as Error).message)) throw error;
      secrets = undefined;
    }
  }
  const pipeline = options.storagePipeline ?? {};
  if (secrets?.secretsType === 'AccountKey' && secrets.key) {
    return { container: new ContainerClient(location.containerUrl, new StorageSharedKeyCredential(location.accountName, secrets.key), pipeline), containerUrl: location.containerUrl, auth: 'accountKey' };
  }
  if (secrets?.secretsType === 'Sas' && secrets.sasToken) {
    return { container: new ContainerClient(`${location.containerUrl}?${secrets.sasToken.replace(/^\?/, '')}`, undefined, pipeline), containerUrl: location.containerUrl, auth: 'sas' };
  }
  // Identity-based datastore: the user's own token (needs a Storage Blob Data role on the account).
  options.onLog?.(`Datastore ${datastoreName} has no secrets (${credentialsType}); using the signed-in identity for storage.`);
  return { container: new ContainerClient(location.containerUrl, ctx.credential as TokenCredential, pipeline), containerUrl: location.containerUrl, auth: 'token' };
}

/** `startPendingUpload`: a container SAS to upload a new registry version into, and the URL its modelUri starts with. */
export async function openRegistryUploadContainer(
  ctx: BlobAccessContext, registry: Pick<ScopeRef, 'subscriptionId' | 'resourceGroup' | 'name'>, modelName: string, version: string, options: BlobAccessOptions = {},
): Promise<{ container: ContainerClient; containerUrlForUri: string }> {
  const url = `${scopeUrl(ctx.clients.endpoint, { ...registry, kind: 'registry' })}/models/${pathSegment(modelName, 'Model name')}/versions/${pathSegment(version, 'Version')}/startPendingUpload?api-version=${apiVersions.registries}`;
  const response = await sendJson<BlobReference>(ctx.clients.forSubscription(registry.subscriptionId), 'POST', url, { pendingUploadType: 'TemporaryBlobReference' }, options.signal);
  options.onLog?.(`startPendingUpload: x-ms-request-id ${requestId(response.headers)}`);
  const ref = response.body?.blobReferenceForConsumption;
  const sasUri = ref?.credential?.sasUri;
  if (!ref?.blobUri || !sasUri || (ref.credential?.credentialType ?? 'SAS').toUpperCase() !== 'SAS') {
    throw new InventoryError('service', `Registry '${registry.name}' did not hand out an upload location (credential type ${ref?.credential?.credentialType ?? 'missing'}).`);
  }
  return { container: new ContainerClient(sasUri, undefined, options.storagePipeline ?? {}), containerUrlForUri: ref.blobUri.replace(/\/+$/, '') };
}

/** Container + blob prefix of a model's files. */
export interface ArtifactLocation {
  readonly container: ContainerClient;
  /** Blob name prefix of the model folder (or the single file), no trailing slash. */
  readonly prefix: string;
  /** Human description for logs and messages: `datastore workspaceblobstore of ws-x` / `registry storage`. */
  readonly where: string;
}

/** The data-reference SAS for a registry version's `modelUri` (a `https://…/<container>/<path>` URL). */
export async function openRegistryArtifact(
  ctx: BlobAccessContext, registry: Pick<ScopeRef, 'subscriptionId' | 'resourceGroup' | 'name'>, modelName: string, version: string, blobUri: string, options: BlobAccessOptions = {},
): Promise<ArtifactLocation> {
  const url = `${scopeUrl(ctx.clients.endpoint, { ...registry, kind: 'registry' })}/datareferences/${pathSegment(modelName, 'Model name')}/versions/${pathSegment(version, 'Version')}?api-version=${apiVersions.registries}`;
  const assetId = `azureml://registries/${registry.name}/models/${modelName}/versions/${version}`;
  const response = await sendJson<BlobReference>(ctx.clients.forSubscription(registry.subscriptionId), 'POST', url, { assetId, blobUri }, options.signal);
  options.onLog?.(`getBlobReferenceSAS: x-ms-request-id ${requestId(response.headers)}`);
  const credential = response.body?.blobReferenceForConsumption?.credential;
  const blobPath = decodeURIComponent(new URL(blobUri).pathname);
  const pipeline = options.storagePipeline ?? {};
  if (credential?.sasUri && (credential.credentialType ?? 'SAS').toUpperCase() === 'SAS') {
    const decodedContainer = decodeURIComponent(new URL(credential.sasUri).pathname.replace(/\/+$/, ''));
    if (!blobPath.startsWith(`${decodedContainer}/`)) {
      throw new InventoryError('service', `The registry's SAS is for another container than ${modelName}:${version}'s files.`);
    }
    return { container: new ContainerClient(credential.sasUri, undefined, pipeline), prefix: blobPath.slice(decodedContainer.length + 1).replace(/\/+$/, ''), where: `registry '${registry.name}' storage` };
  }
  // No SAS (ManagedIdentity / NoCredentials): account + container from the URL, the user's token (as the CLI does).
  const parsed = new URL(blobUri);
  const segments = parsed.pathname.split('/').filter(Boolean);
  const pathStyle = /^\d+\.\d+\.\d+\.\d+$|^localhost$/i.test(parsed.hostname);
  const containerIndex = pathStyle ? 1 : 0;
  const containerName = segments[containerIndex];
  if (!containerName) throw new InventoryError('service', `The registry gave no SAS for ${modelName}:${version} and its storage URL has no container.`);
  const containerUrl = `${parsed.origin}/${segments.slice(0, containerIndex + 1).join('/')}`;
  options.onLog?.(`Registry returned credential type ${credential?.credentialType ?? 'none'}; using the signed-in identity for storage.`);
  return {
    container: new ContainerClient(containerUrl, ctx.credential as TokenCredential, pipeline),
    prefix: decodeURIComponent(segments.slice(containerIndex + 1).join('/')),
    where: `registry '${registry.name}' storage`,
  };
}

function workspaceOf(version: ModelVersion, ref: { workspace?: WorkspaceRef }): WorkspaceRef {
  if (ref.workspace) return ref.workspace;
  if (version.scope.kind !== 'workspace') {
    throw new InventoryError('validation', `${version.modelName}:${version.version} names a datastore path (${version.modelUri}) without a workspace, which a registry version cannot resolve.`);
  }
  return { subscriptionId: version.scope.subscriptionId, resourceGroup: version.scope.resourceGroup, workspaceName: version.scope.name };
}

function joinPath(base: string, rest: string): string {
  const a = base.replace(/\/+$/, '');
  const b = rest.replace(/^\/+/, '').replace(/\/+$/, '');
  return a && b ? `${a}/${b}` : a || b;
}

async function datastoreArtifact(ctx: BlobAccessContext, ws: WorkspaceRef, datastore: string, path: string, options: BlobAccessOptions): Promise<ArtifactLocation> {
  const opened = await openDatastoreContainer(ctx, ws, datastore, options);
  return { container: opened.container, prefix: path.replace(/\/+$/, ''), where: `datastore '${datastore}' of workspace '${ws.workspaceName}'` };
}

/**
 * The container and prefix of a version's files. Job outputs (`azureml://jobs/<job>/outputs/<o>/paths/<p>`) are
 * resolved through the job's output binding when it names a datastore path; `runs:/` and other forms are refused
 * with the reason.
 */
export async function openModelArtifact(ctx: BlobAccessContext, version: ModelVersion, options: BlobAccessOptions = {}): Promise<ArtifactLocation> {
  const what = `${version.modelName}:${version.version}`;
  const uri = version.modelUri?.trim();
  if (!uri) throw new InventoryError('validation', `${what} has no model URI, so there are no files to fetch.`);
  if (/^https?:\/\//i.test(uri)) {
    if (version.scope.kind === 'registry') return openRegistryArtifact(ctx, version.scope, version.modelName, version.version, uri, options);
    throw new InventoryError('validation', `${what} points at a storage URL (${uri.split('?')[0]}) rather than a datastore; only registry versions are read that way.`);
  }
  const ref: AssetRef | undefined = parseAssetRef(uri);
  switch (ref?.kind) {
    case 'datastorePath':
      return datastoreArtifact(ctx, workspaceOf(version, ref), ref.datastore, ref.path, options);
    case 'runOutput':
      return datastoreArtifact(ctx, workspaceOf(version, {}), ref.datastore, ref.path, options);
    case 'jobOutput': {
      const ws = workspaceOf(version, {});
      const jobUrl = `${scopeUrl(ctx.clients.endpoint, { kind: 'workspace', subscriptionId: ws.subscriptionId, resourceGroup: ws.resourceGroup, name: ws.workspaceName })}/jobs/${pathSegment(ref.jobName, 'Job name')}?api-version=2022-10-01`;
      const job = await sendJson<{ properties?: { outputs?: Record<string, { uri?: string | null } | null> } }>(ctx.clients.forSubscription(ws.subscriptionId), 'GET', jobUrl, undefined, options.signal);
      const outputs = job.body?.properties?.outputs ?? {};
      const key = Object.keys(outputs).find((k) => k.toLowerCase() === ref.outputName.toLowerCase());
      const outputUri = key ? outputs[key]?.uri ?? undefined : undefined;
      const target = outputUri ? parseAssetRef(outputUri) : undefined;
      if (target?.kind === 'datastorePath' || target?.kind === 'runOutput') {
        options.onLog?.(`Job output ${ref.jobName}/${ref.outputName} is stored at ${outputUri}.`);
        return datastoreArtifact(ctx, target.kind === 'datastorePath' ? workspaceOf(version, target) : ws, target.datastore, joinPath(target.path, ref.path), options);
      }
      throw new InventoryError('validation', `Cannot download ${what}: its files are the output '${ref.outputName}' of job '${ref.jobName}', and that output ${key ? `is stored at ${outputUri ?? 'an unspecified location'}` : 'does not exist on the job'}, which is not a datastore path this extension can read. Download it from Azure ML studio, or register the model from the job's datastore path.`);
    }
    case 'mlflowRun':
      throw new InventoryError('validation', `Cannot download ${what}: its model URI (${uri}) points into the MLflow tracking store of run '${ref.runId}', which only MLflow can read. Register the model from the job's output (azureml://jobs/${ref.runId}/outputs/artifacts/paths/${ref.path}) to download it here.`);
    default:
      throw new InventoryError('validation', `Cannot download ${what}: its model URI (${uri.split('?')[0]}) is not a datastore path or storage URL this extension understands.`);
  }
}
