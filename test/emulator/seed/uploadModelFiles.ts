import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { BlobServiceInfo } from '../blobService';
import { cliObjectHash } from './cliHash';

/**
 * Uploads a local model folder (or single file) to Azurite with the real storage SDK, in the layouts the Azure ML
 * CLI produces: workspace models under `LocalUpload/<cli hash>/<basename>/...` with Content-MD5 and the
 * upload-confirmation metadata on the indicator blob; registry models at `<basename>/...` in the registry container.
 */
function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

export function containerClient(blob: BlobServiceInfo, container: string): ContainerClient {
  return new ContainerClient(`${blob.accountUrl}/${container}`, new StorageSharedKeyCredential(blob.accountName, blob.accountKey));
}

async function uploadAll(client: ContainerClient, localPath: string, prefix: string): Promise<string[]> {
  await client.createIfNotExists();
  const root = statSync(localPath).isDirectory() ? localPath : join(localPath, '..');
  const uploaded: string[] = [];
  for (const file of filesUnder(localPath)) {
    const name = `${prefix}${relative(root, file).split('\\').join('/')}`;
    const data = readFileSync(file);
    await client.getBlockBlobClient(name).uploadData(data, {
      blobHTTPHeaders: { blobContentMD5: createHash('md5').update(data).digest() },
    });
    uploaded.push(name);
  }
  return uploaded.sort();
}

/** Workspace upload; returns the `LocalUpload/<hash>/<basename>` path the modelUri points at. */
export async function uploadToWorkspaceBlobstore(blob: BlobServiceInfo, container: string, localPath: string, model: { name: string; version: string }): Promise<string> {
  const hash = cliObjectHash(localPath);
  const client = containerClient(blob, container);
  const folder = statSync(localPath).isDirectory() ? `${basename(localPath)}/` : '';
  const blobs = await uploadAll(client, localPath, `LocalUpload/${hash}/${folder}`);
  // The indicator is the first blob in sorted order; az ml skips re-uploads when it carries upload_status=completed.
  await client.getBlockBlobClient(blobs[0]).setMetadata({ upload_status: 'completed', name: model.name, version: model.version });
  return `LocalUpload/${hash}/${basename(localPath)}`;
}

/** Registry upload; returns the folder URL inside the registry container (the version's modelUri). */
export async function uploadToRegistryContainer(blob: BlobServiceInfo, container: string, localPath: string): Promise<string> {
  await uploadAll(containerClient(blob, container), localPath, statSync(localPath).isDirectory() ? `${basename(localPath)}/` : '');
  return `${blob.accountUrl}/${container}/${basename(localPath)}`;
}
