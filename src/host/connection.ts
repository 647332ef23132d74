/**
 * What the UI needs from the current sign-in and cloud, rebuilt by the composition root whenever the relevant
 * settings, the stored secret or the signed-out state change. UI code reads `current()` at the moment it acts, so
 * it never holds a stale catalog.
 */
import type { CloudEndpoints } from '../core/domain/cloud';
import type { Tenant } from '../core/domain/model';
import type { CallOptions, MlCatalog } from '../core/ports/catalog';
import type { InventorySettings } from './settings';

export interface Connection {
  readonly settings: InventorySettings;
  /** Undefined when the cloud settings are invalid; `catalog` then rejects every call with that validation error. */
  readonly cloud: CloudEndpoints | undefined;
  readonly catalog: MlCatalog;
  listTenants(options?: CallOptions): Promise<readonly Tenant[]>;
  /** Prompts for an account; only the VS Code Microsoft-account method can. */
  readonly interactiveSignIn?: () => Promise<void>;
}

export interface ConnectionSource {
  current(): Connection;
}
