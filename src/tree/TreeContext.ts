import type { MlCatalog } from '../core/ports/catalog';
import type { DeploymentLookup } from './deploymentLookup';
import type { InventoryFilters } from './inventoryFilters';

export interface TreeOptions {
  readonly pageSize: number;
  readonly showArchived: boolean;
  /** Subscription ids to show; empty = all. */
  readonly subscriptions: readonly string[];
  /** Tag key of the approval badge ('' or absent: no badge). */
  readonly approvalTagKey?: string;
}

/** What every node may use. Getters, because the catalog and settings are replaced when settings change. */
export interface TreeContext {
  catalog(): MlCatalog;
  options(): TreeOptions;
  readonly filters: InventoryFilters;
  readonly deployments: DeploymentLookup;
  /** The root reports whether listing subscriptions worked, which drives the welcome view. */
  setSignedIn(isSignedIn: boolean): void;
}
