/**
 * The emulator's in-memory state. Plain JSON (no Maps, no classes) so a seed file is just a serialized State and
 * a reset is a deep copy. Child collections are keyed by the lower-cased name because ARM names are case-insensitive;
 * each record keeps the name as it was created.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface SystemData {
  createdAt: string;
  createdBy: string;
  createdByType: string;
  lastModifiedAt: string;
  lastModifiedBy: string;
  lastModifiedByType: string;
}

export interface SubscriptionRecord {
  subscriptionId: string;
  displayName: string;
  state: 'Enabled' | 'Warned' | 'PastDue' | 'Disabled' | 'Deleted';
  resourceGroups: string[];
}

/** A versioned model asset (workspace or registry). `properties` holds the ARM `properties` object minus read-only fields. */
export interface ModelVersionRecord {
  version: string;
  properties: JsonObject;
  systemData: SystemData;
  /** Set while a registry version PUT (an LRO) runs or after it failed; absent means Succeeded. */
  provisioningState?: 'Creating' | 'Updating' | 'Failed';
}

export interface ModelContainerRecord {
  name: string;
  description: string | null;
  tags: Record<string, string>;
  properties: Record<string, string>;
  isArchived: boolean;
  systemData: SystemData;
  versions: Record<string, ModelVersionRecord>;
  /** Name of the version created last (`latestVersion`). */
  latestVersion: string | null;
  /** Registry versions that were deleted (lower-cased version → deletion time); registries refuse to recreate them. */
  deletedVersions: Record<string, string>;
}

/** Proxy resources stored as their ARM body parts (datastores, jobs). */
export interface ProxyResourceRecord {
  name: string;
  properties: JsonObject;
  systemData: SystemData;
}

/** Tracked resources (endpoints, deployments) stored as their ARM body parts. */
export interface TrackedResourceRecord extends ProxyResourceRecord {
  location: string;
  tags: Record<string, string>;
  kind: string | null;
  sku: JsonObject | null;
  identity: JsonObject | null;
}

/** A datastore; `secrets` (account key or SAS) is never rendered, only returned by listSecrets. */
export interface DatastoreRecord extends ProxyResourceRecord {
  secrets: JsonObject | null;
}

export interface EndpointRecord extends TrackedResourceRecord {
  deployments: Record<string, TrackedResourceRecord>;
}

export interface WorkspaceRecord {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  /** The workspace GUID used in asset ids and in the blobstore container name. */
  workspaceId: string;
  friendlyName: string;
  description: string;
  tags: Record<string, string>;
  systemData: SystemData;
  models: Record<string, ModelContainerRecord>;
  datastores: Record<string, DatastoreRecord>;
  jobs: Record<string, ProxyResourceRecord>;
  onlineEndpoints: Record<string, EndpointRecord>;
  batchEndpoints: Record<string, EndpointRecord>;
}

export interface RegistryRecord {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  /** Azurite container holding this registry's model files (`<model basename>/...`). */
  containerName: string;
  tags: Record<string, string>;
  systemData: SystemData;
  models: Record<string, ModelContainerRecord>;
}

export interface EmulatorState {
  subscriptions: SubscriptionRecord[];
  workspaces: WorkspaceRecord[];
  registries: RegistryRecord[];
}

export function emptyState(): EmulatorState {
  return { subscriptions: [], workspaces: [], registries: [] };
}
