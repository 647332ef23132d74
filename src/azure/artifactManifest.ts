/**
 * File manifests of model artifacts for "compare": list the blobs under a version's folder with their size and
 * Content-MD5 — no download. Workspace versions: the datastore named in `modelUri` and its secrets
 * (`listSecrets`: account key or SAS; identity-based datastores fall back to the signed-in credential).
 * Registry versions: a read/list SAS from the registry's data-reference endpoint for the `modelUri` blob URL.
 */
import { ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { CloudEndpoints } from '../core/domain/cloud';
import { machineLearningProvider, parseAssetRef } from '../core/domain/ids';
import type { ModelVersion } from '../core/domain/model';
import { InventoryError } from '../core/errors';
import type { ManifestEntry } from '../core/deployments/compareText';
import type { CallOptions } from '../core/ports/catalog';
import type { ArtifactManifestPort } from '../core/ports/deployments';
import type { TokenProvider } from '../core/ports/tokenProvider';
import { apiVersions } from './apiVersions';
import { sendJson } from './armLro';
import { datastoreBlobLocation } from './blobEndpoint';
import type { ArmClientFactory } from './clientFactory';
import { toInventoryError } from './errorMapping';

interface BlobListing {
  readonly container: ContainerClient;
  /** Blob name prefix of the model folder (or single file), no trailing slash. */
  readonly prefix: string;
}

/** Blobs `prefix` names: the file itself, or everything under `prefix/`. Paths relative to the folder. */
export async function listManifest(listing: BlobListing, abortSignal?: AbortSignal): Promise<ManifestEntry[]> {
  const prefix = listing.prefix.replace(/\/+$/, '');
  const entries: ManifestEntry[] = [];
  for await (const blob of listing.container.listBlobsFlat({ prefix, abortSignal })) {
    let relative: string;
    if (blob.name === prefix) relative = prefix.split('/').pop() ?? prefix;
    else if (prefix === '' || blob.name.startsWith(`${prefix}/`)) relative = prefix === '' ? blob.name : blob.name.slice(prefix.length + 1);
    else continue; // `model.pkl2` is not under `model.pkl`
    const md5 = blob.properties.contentMD5;
    entries.push({
      path: relative,
      size: blob.properties.contentLength ?? 0,
      ...(md5 && md5.length ? { contentMd5: Buffer.from(md5).toString('base64') } : {}),
    });
  }
  return entries;
}

export class ArmArtifactManifests implements ArtifactManifestPort {
  constructor(
    private readonly clients: ArmClientFactory,
    private readonly cloud: CloudEndpoints,
    private readonly credential: TokenProvider,
  ) {}

  async listArtifactFiles(version: ModelVersion, options: CallOptions = {}): Promise<ManifestEntry[]> {
    const action = `list the files of version ${version.version} of model '${version.modelName}'`;
    try {
      const listing = version.scope.kind === 'registry' ? await this.registryListing(version, options) : await this.workspaceListing(version, options);
      return await listManifest(listing, options.abortSignal);
    } catch (error) {
      throw toInventoryError(error, { action, abortSignal: options.abortSignal });
    }
  }

  private async workspaceListing(version: ModelVersion, options: CallOptions): Promise<BlobListing> {
    const ref = version.modelUri ? parseAssetRef(version.modelUri) : undefined;
    if (!ref || ref.kind !== 'datastorePath') {
      throw new InventoryError('validation', `The files of ${version.modelName}:${version.version} are not in a datastore (${version.modelUri ?? 'no model URI'}), so they cannot be listed.`);
    }
    const ws = ref.workspace ?? { subscriptionId: version.scope.subscriptionId, resourceGroup: version.scope.resourceGroup, workspaceName: version.scope.name };
    const client = this.clients.forSubscription(ws.subscriptionId);
    const datastore = await client.datastores.get(ws.resourceGroup, ws.workspaceName, ref.datastore, { abortSignal: options.abortSignal });
    const props = datastore.properties as { accountName?: string; containerName?: string };
    const location = datastoreBlobLocation(this.cloud, { name: ref.datastore, ...props });
    let container: ContainerClient;
    try {
      const secrets = await client.datastores.listSecrets(ws.resourceGroup, ws.workspaceName, ref.datastore, { abortSignal: options.abortSignal });
      const s = secrets as { secretsType?: string; key?: string; sasToken?: string };
      if (s.secretsType === 'AccountKey' && s.key) {
        container = new ContainerClient(location.containerUrl, new StorageSharedKeyCredential(location.accountName, s.key));
      } else if (s.secretsType === 'Sas' && s.sasToken) {
        container = new ContainerClient(`${location.containerUrl}?${s.sasToken.replace(/^\?/, '')}`);
      } else {
        container = new ContainerClient(location.containerUrl, this.credential);
      }
    } catch (error) {
      // Identity-based datastores have no secrets (400): the signed-in identity reads the blobs itself.
      if ((error as { statusCode?: number }).statusCode !== 400) throw error;
      container = new ContainerClient(location.containerUrl, this.credential);
    }
    return { container, prefix: ref.path };
  }

  private async registryListing(version: ModelVersion, options: CallOptions): Promise<BlobListing> {
    const blobUri = version.modelUri;
    if (!blobUri || !/^https?:\/\//i.test(blobUri)) {
      throw new InventoryError('validation', `Registry version ${version.modelName}:${version.version} has no storage URL (${blobUri ?? 'no model URI'}).`);
    }
    const { scope } = version;
    const [sub, rg, reg] = [scope.subscriptionId, scope.resourceGroup, scope.name].map(encodeURIComponent);
    const url = `${this.clients.endpoint}/subscriptions/${sub}/resourceGroups/${rg}/providers/${machineLearningProvider}/registries/${reg}`
      + `/datareferences/${encodeURIComponent(version.modelName)}/versions/${encodeURIComponent(version.version)}?api-version=${apiVersions.registries}`;
    const assetId = `azureml://registries/${scope.name}/models/${version.modelName}/versions/${version.version}`;
    const response = await sendJson<{ blobReferenceForConsumption?: { credential?: { sasUri?: string } } }>(
      this.clients.forSubscription(scope.subscriptionId), 'POST', url, { assetId, blobUri }, options.abortSignal,
    );
    const sasUri = response.body?.blobReferenceForConsumption?.credential?.sasUri;
    if (!sasUri) throw new InventoryError('service', `The registry gave no SAS for ${version.modelName}:${version.version}.`);
    const containerPath = new URL(sasUri).pathname.replace(/\/+$/, '');
    const blobPath = decodeURIComponent(new URL(blobUri).pathname);
    const decodedContainer = decodeURIComponent(containerPath);
    if (!blobPath.startsWith(`${decodedContainer}/`)) {
      throw new InventoryError('service', `The registry's SAS is for another container than ${version.modelName}:${version.version}'s files.`);
    }
    return { container: new ContainerClient(sasUri), prefix: blobPath.slice(decodedContainer.length + 1) };
  }
}
