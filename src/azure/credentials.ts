/**
 * `TokenCredential`s for the sign-in modes other than VS Code's own Microsoft account (that one lives in the
 * host layer). Every credential is pointed at the cloud's authority; for clouds whose authority Entra ID does
 * not know (sovereign/custom/emulator, `isKnownAuthority === false`) instance discovery is turned off, or MSAL
 * would ask login.microsoftonline.com to validate the authority.
 */
import {
  AzureCliCredential, ClientSecretCredential, EnvironmentCredential, ManagedIdentityCredential, type TokenCredential,
} from '@azure/identity';
import type { CloudEndpoints } from '../core/domain/cloud';
import { InventoryError } from '../core/errors';

export type CredentialMode = 'azureCli' | 'servicePrincipal' | 'environment' | 'managedIdentity';

export const credentialModes: readonly CredentialMode[] = ['azureCli', 'servicePrincipal', 'environment', 'managedIdentity'];

export interface CredentialOptions {
  /** Tenant to sign in to; required for a service principal, optional otherwise. */
  readonly tenantId?: string;
  /** Service principal application id, or the client id of a user-assigned managed identity. */
  readonly clientId?: string;
  /** Service principal secret. The host reads it from SecretStorage and passes it in; it is never persisted here. */
  readonly clientSecret?: string;
}

function missing(mode: CredentialMode, what: string): InventoryError {
  return new InventoryError('validation', `The ${mode === 'servicePrincipal' ? 'service principal' : mode} sign-in needs ${what}. Set it and sign in again.`);
}

/** Builds the credential for `mode` in `cloud`. Throws a `validation` InventoryError when settings are incomplete. */
export function createCredential(mode: CredentialMode, cloud: CloudEndpoints, options: CredentialOptions = {}): TokenCredential {
  const authority = { authorityHost: cloud.authorityHost };
  const discovery = { disableInstanceDiscovery: !cloud.isKnownAuthority };
  const tenant = options.tenantId ? { tenantId: options.tenantId } : {};
  switch (mode) {
    case 'azureCli':
      // The CLI signs in against its own configured cloud (`az cloud set`); tenantId selects the directory.
      return new AzureCliCredential({ ...authority, ...tenant });
    case 'servicePrincipal':
      if (!options.tenantId) throw missing(mode, 'a tenant id');
      if (!options.clientId) throw missing(mode, 'a client (application) id');
      if (!options.clientSecret) throw missing(mode, 'a client secret');
      return new ClientSecretCredential(options.tenantId, options.clientId, options.clientSecret, { ...authority, ...discovery });
    case 'environment':
      // AZURE_AUTHORITY_HOST, when set, describes the environment the variables were issued for: it wins.
      return new EnvironmentCredential({ authorityHost: process.env['AZURE_AUTHORITY_HOST'] || cloud.authorityHost, ...discovery });
    case 'managedIdentity':
      return options.clientId ? new ManagedIdentityCredential({ clientId: options.clientId, ...authority }) : new ManagedIdentityCredential(authority);
  }
}
