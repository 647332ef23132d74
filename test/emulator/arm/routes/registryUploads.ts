import { createHash, randomUUID } from 'node:crypto';
import { PROVIDER } from '../../state/ids';
import { ok } from '../context';
import { assetNotFound, validationError } from '../errors';
import { requireRegistry } from '../lookup';
import type { Router } from '../router';
import type { ArmContext } from '../context';

/**
 * Registry blob hand-off (2024-04-01), as real Azure does it: every pending upload gets its **own** container
 * (created in Azurite), so one version's folder never holds another version's files. startPendingUpload answers
 * with a read/write/list SAS on that container (files go to `<model folder basename>/...` at its root); the same
 * `pendingUploadId` gets the same container again. getBlobReferenceSAS gives a read/list SAS on the container of
 * the registered version's `modelUri` (falling back to the request's `blobUri` for versions not registered yet).
 * URLs are path-style Azurite URLs.
 */
const REG = `/subscriptions/{sub}/resourceGroups/{rg}/providers/${PROVIDER}/registries/{reg}`;

/** A container name (3–63 chars, lowercase letters, digits, hyphens) unique to one pending upload. */
export function pendingUploadContainer(registry: string, model: string, version: string, pendingUploadId: string): string {
  const digest = createHash('sha256').update(`${registry.toLowerCase()}\n${model}\n${version}\n${pendingUploadId}`).digest('hex');
  return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}-pending`;
}

/** The container segment of a path-style Azurite URL `http://host:port/<account>/<container>/...` (or a virtual-host URL). */
function containerOf(ctx: ArmContext, blobUri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(blobUri);
  } catch {
    return undefined;
  }
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const account = new URL(ctx.blob.accountUrl).pathname.split('/').filter(Boolean)[0];
  const index = segments[0] === account ? 1 : 0;
  return segments[index];
}

export function registerRegistryUploadRoutes(router: Router): void {
  router.add('POST', `${REG}/models/{model}/versions/{version}/startPendingUpload`, async (ctx) => {
    const reg = requireRegistry(ctx);
    const body = (ctx.body ?? {}) as { pendingUploadId?: string | null; pendingUploadType?: string };
    const type = body.pendingUploadType ?? 'TemporaryBlobReference';
    if (type !== 'TemporaryBlobReference' && type !== 'None') throw validationError(`Unsupported pendingUploadType '${type}'.`);
    const pendingUploadId = body.pendingUploadId ?? randomUUID();
    const container = pendingUploadContainer(reg.name, ctx.params.model, ctx.params.version, pendingUploadId);
    await ctx.blob.createContainer(container);
    return ok({
      blobReferenceForConsumption: {
        blobUri: `${ctx.blob.accountUrl}/${container}`,
        storageAccountArmId: ctx.blob.storageAccountArmId,
        credential: { credentialType: 'SAS', sasUri: ctx.blob.containerSasUrl(container, 'rcwl') },
      },
      pendingUploadId,
      pendingUploadType: type,
    });
  });

  router.add('POST', `${REG}/datareferences/{name}/versions/{version}`, (ctx) => {
    const reg = requireRegistry(ctx);
    const body = (ctx.body ?? {}) as { assetId?: string; blobUri?: string };
    if (!body.blobUri) throw validationError("The request body must contain 'blobUri'.");
    const model = reg.models[ctx.params.name.toLowerCase()];
    const version = model?.versions[ctx.params.version.toLowerCase()];
    const registeredUri = typeof version?.properties.modelUri === 'string' ? version.properties.modelUri : undefined;
    const container = (registeredUri && containerOf(ctx, registeredUri)) ?? containerOf(ctx, body.blobUri);
    if (!container) throw assetNotFound('DataReferenceNotFound', `No storage is known for ${ctx.params.name}:${ctx.params.version} in registry '${reg.name}'.`);
    return ok({
      blobReferenceForConsumption: {
        blobUri: registeredUri ?? body.blobUri,
        storageAccountArmId: ctx.blob.storageAccountArmId,
        credential: { credentialType: 'SAS', sasUri: ctx.blob.containerSasUrl(container, 'rl') },
      },
    });
  });
}
