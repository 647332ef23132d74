import { randomUUID } from 'node:crypto';
import { PROVIDER } from '../../state/ids';
import { ok } from '../context';
import { validationError } from '../errors';
import { requireRegistry } from '../lookup';
import type { Router } from '../router';

/**
 * Registry blob hand-off (2024-04-01): startPendingUpload gives a read/write/list SAS on the registry's Azurite
 * container (files go to `<model folder basename>/...` at its root); getBlobReferenceSAS gives a read/list SAS for
 * downloading a registered version. URLs are path-style Azurite URLs.
 */
const REG = `/subscriptions/{sub}/resourceGroups/{rg}/providers/${PROVIDER}/registries/{reg}`;

export function registerRegistryUploadRoutes(router: Router): void {
  router.add('POST', `${REG}/models/{model}/versions/{version}/startPendingUpload`, (ctx) => {
    const reg = requireRegistry(ctx);
    const body = (ctx.body ?? {}) as { pendingUploadId?: string | null; pendingUploadType?: string };
    const type = body.pendingUploadType ?? 'TemporaryBlobReference';
    if (type !== 'TemporaryBlobReference' && type !== 'None') throw validationError(`Unsupported pendingUploadType '${type}'.`);
    const sasUri = ctx.blob.containerSasUrl(reg.containerName, 'rcwl');
    return ok({
      blobReferenceForConsumption: {
        blobUri: `${ctx.blob.accountUrl}/${reg.containerName}`,
        storageAccountArmId: ctx.blob.storageAccountArmId,
        credential: { credentialType: 'SAS', sasUri },
      },
      pendingUploadId: body.pendingUploadId ?? randomUUID(),
      pendingUploadType: type,
    });
  });

  router.add('POST', `${REG}/datareferences/{name}/versions/{version}`, (ctx) => {
    const reg = requireRegistry(ctx);
    const body = (ctx.body ?? {}) as { assetId?: string; blobUri?: string };
    if (!body.blobUri) throw validationError("The request body must contain 'blobUri'.");
    return ok({
      blobReferenceForConsumption: {
        blobUri: body.blobUri,
        storageAccountArmId: ctx.blob.storageAccountArmId,
        credential: { credentialType: 'SAS', sasUri: ctx.blob.containerSasUrl(reg.containerName, 'rl') },
      },
    });
  });
}
