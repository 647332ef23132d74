/**
 * File manifests of model artifacts for "compare": list the blobs under a version's folder with their size and
 * Content-MD5 — no download. Where the files are and which credential reads them comes from blobAccess.ts
 * (datastore + secrets for workspace versions, the data-reference SAS for registry versions), shared with
 * register and download.
 */
import type { ContainerClient } from '@azure/storage-blob';
import type { CloudEndpoints } from '../core/domain/cloud';
import type { ModelVersion } from '../core/domain/model';
import type { ManifestEntry } from '../core/deployments/compareText';
import type { CallOptions } from '../core/ports/catalog';
import type { ArtifactManifestPort } from '../core/ports/deployments';
import type { TokenProvider } from '../core/ports/tokenProvider';
import { openModelArtifact } from './blobAccess';
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
      const location = await openModelArtifact({ clients: this.clients, cloud: this.cloud, credential: this.credential }, version, options.abortSignal ? { signal: options.abortSignal } : {});
      return await listManifest(location, options.abortSignal);
    } catch (error) {
      throw toInventoryError(error, { action, abortSignal: options.abortSignal });
    }
  }
}
