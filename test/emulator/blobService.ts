import {
  AccountSASPermissions, AccountSASResourceTypes, AccountSASServices, ContainerClient, ContainerSASPermissions,
  generateAccountSASQueryParameters, generateBlobSASQueryParameters, SASProtocol, StorageSharedKeyCredential,
} from '@azure/storage-blob';
import { AZURITE_ACCOUNT_KEY, AZURITE_ACCOUNT_NAME } from './config';

/** Where Azurite is and how to mint SAS URLs for it (what the emulator hands out instead of real storage). */
export interface BlobServiceInfo {
  readonly accountName: string;
  readonly accountKey: string;
  /** Path-style account URL, `http://127.0.0.1:<port>/devstoreaccount1`. */
  readonly accountUrl: string;
  /** Container SAS URL with the given permissions (`rl` read/list, `rcwl` upload), valid for `hours`. */
  containerSasUrl(container: string, permissions: string, hours?: number): string;
  /** Account SAS token (leading `?`, `srt=co&ss=bf&sp=rcuwdl`) like listSecrets returns for expirable secrets. */
  accountSasToken(hours: number): string;
  /** ARM id of the (pretend) storage account behind Azurite, for `storageAccountArmId` fields. */
  readonly storageAccountArmId: string;
  /** Creates the container in Azurite when it does not exist yet. */
  createContainer(container: string): Promise<void>;
}

export function azuriteBlobService(blobPort: number, storageAccountArmId: string): BlobServiceInfo {
  const accountUrl = `http://127.0.0.1:${blobPort}/${AZURITE_ACCOUNT_NAME}`;
  const credential = new StorageSharedKeyCredential(AZURITE_ACCOUNT_NAME, AZURITE_ACCOUNT_KEY);
  return {
    accountName: AZURITE_ACCOUNT_NAME,
    accountKey: AZURITE_ACCOUNT_KEY,
    accountUrl,
    storageAccountArmId,
    containerSasUrl(container, permissions, hours = 1) {
      const sas = generateBlobSASQueryParameters(
        {
          containerName: container,
          permissions: ContainerSASPermissions.parse(permissions),
          startsOn: new Date(Date.now() - 5 * 60_000),
          expiresOn: new Date(Date.now() + hours * 3600_000),
          protocol: SASProtocol.HttpsAndHttp,
        },
        credential,
      ).toString();
      return `${accountUrl}/${container}?${sas}`;
    },
    async createContainer(container) {
      await new ContainerClient(`${accountUrl}/${container}`, credential).createIfNotExists();
    },
    accountSasToken(hours) {
      const sas = generateAccountSASQueryParameters(
        {
          services: AccountSASServices.parse('bf').toString(),
          resourceTypes: AccountSASResourceTypes.parse('co').toString(),
          permissions: AccountSASPermissions.parse('rcuwdl'),
          expiresOn: new Date(Date.now() + hours * 3600_000),
          protocol: SASProtocol.HttpsAndHttp,
        },
        credential,
      ).toString();
      return `?${sas}`;
    },
  };
}
