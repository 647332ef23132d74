/**
 * Where a datastore's blobs are. The URL comes from the configured cloud's template, not from the datastore's
 * own `endpoint` suffix: a custom cloud (Azure Stack, or Azurite's path-style `http://host:port/<account>`)
 * cannot be addressed as `https://<account>.blob.<suffix>`.
 */
import { blobServiceUrl, type CloudEndpoints } from '../core/domain/cloud';
import { InventoryError } from '../core/errors';

export interface BlobLocation {
  readonly accountName: string;
  readonly containerName: string;
  /** Blob service URL of the account, no trailing slash. */
  readonly serviceUrl: string;
  readonly containerUrl: string;
}

/** The blob location of an Azure Blob datastore (`properties.accountName` / `containerName`). */
export function datastoreBlobLocation(
  cloud: CloudEndpoints,
  datastore: { readonly name?: string; readonly accountName?: string; readonly containerName?: string },
): BlobLocation {
  const { accountName, containerName } = datastore;
  if (!accountName || !containerName) {
    throw new InventoryError('validation', `Datastore '${datastore.name ?? '?'}' has no storage account or container; only Azure Blob datastores are supported.`);
  }
  const serviceUrl = blobServiceUrl(cloud, accountName);
  return { accountName, containerName, serviceUrl, containerUrl: `${serviceUrl}/${encodeURIComponent(containerName)}` };
}
