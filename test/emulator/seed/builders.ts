import { AZURITE_ACCOUNT_KEY, AZURITE_ACCOUNT_NAME } from '../config';
import { newContainer } from '../arm/modelAssets';
import { keyOf } from '../state/ids';
import type { DatastoreRecord, JsonObject, ModelContainerRecord, ModelVersionRecord, RegistryRecord, WorkspaceRecord } from '../state/model';
import { createdNow } from '../state/systemData';

/** Small constructors for seed state, so seeds read as inventories rather than JSON plumbing. */

export function blobstoreContainerName(workspaceId: string): string {
  return `azureml-blobstore-${workspaceId}`;
}

function datastore(name: string, at: Date, properties: JsonObject, secrets: JsonObject | null): DatastoreRecord {
  return { name, properties, secrets, systemData: createdNow(at) };
}

/** A workspace with its system datastores: `workspaceblobstore` (default, account key = Azurite's) and an identity-based one. */
export function workspace(init: { subscriptionId: string; resourceGroup: string; name: string; location: string; workspaceId: string; friendlyName: string; description?: string; createdAt: Date; tags?: Record<string, string> }): WorkspaceRecord {
  const blobProps = (containerName: string, credentialsType: string, isDefault: boolean): JsonObject => ({
    description: null, tags: null, properties: null, isDefault,
    credentials: { credentialsType },
    datastoreType: 'AzureBlob', accountName: AZURITE_ACCOUNT_NAME, containerName,
    // As the real service reports it; clients derive the blob URL from their cloud configuration, not from this.
    endpoint: 'core.windows.net', protocol: 'https',
    serviceDataAccessAuthIdentity: credentialsType === 'None' ? 'WorkspaceSystemAssignedIdentity' : 'None',
  });
  const ws: WorkspaceRecord = {
    subscriptionId: init.subscriptionId, resourceGroup: init.resourceGroup, name: init.name, location: init.location,
    workspaceId: init.workspaceId, friendlyName: init.friendlyName, description: init.description ?? '', tags: init.tags ?? {},
    systemData: createdNow(init.createdAt), models: {}, datastores: {}, jobs: {}, onlineEndpoints: {}, batchEndpoints: {},
  };
  ws.datastores.workspaceblobstore = datastore('workspaceblobstore', init.createdAt, blobProps(blobstoreContainerName(init.workspaceId), 'AccountKey', true), { secretsType: 'AccountKey', key: AZURITE_ACCOUNT_KEY });
  ws.datastores.workspaceartifactstore = datastore('workspaceartifactstore', init.createdAt, blobProps(`azureml-${init.workspaceId}`, 'None', false), null);
  return ws;
}

export function registry(init: { subscriptionId: string; resourceGroup: string; name: string; location: string; containerName: string; createdAt: Date }): RegistryRecord {
  return { ...init, tags: {}, systemData: createdNow(init.createdAt), models: {} };
}

/** The container `name` in `models`, created on first use (like the first version PUT does). */
export function containerIn(models: Record<string, ModelContainerRecord>, name: string, createdAt: Date): ModelContainerRecord {
  return (models[keyOf(name)] ??= newContainer(name, createdAt));
}

export interface VersionInit {
  description?: string | null;
  tags?: Record<string, string> | null;
  properties?: Record<string, string>;
  modelType?: string | null;
  modelUri: string;
  flavors?: Record<string, { data: Record<string, string> }> | null;
  jobName?: string | null;
  isArchived?: boolean;
  stage?: string;
}

export function addVersion(container: ModelContainerRecord, version: string, init: VersionInit, createdAt: Date): ModelVersionRecord {
  const record: ModelVersionRecord = {
    version,
    properties: {
      description: init.description ?? null, tags: init.tags === null ? null : (init.tags ?? {}), properties: init.properties ?? {},
      isAnonymous: false, isArchived: init.isArchived ?? false, flavors: init.flavors ?? null,
      jobName: init.jobName ?? null, modelType: init.modelType === undefined ? 'custom_model' : init.modelType, modelUri: init.modelUri,
      stage: init.stage ?? 'Development',
    },
    systemData: createdNow(createdAt),
  };
  container.versions[keyOf(version)] = record;
  if (!container.latestVersion || container.versions[keyOf(container.latestVersion)].systemData.createdAt <= record.systemData.createdAt) container.latestVersion = version;
  return record;
}

/** `azureml://...` long datastore URI of a path in a workspace's workspaceblobstore (the modelUri az ml writes). */
export function workspaceDatastoreUri(ws: WorkspaceRecord, path: string): string {
  return `azureml://subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/workspaces/${ws.name}/datastores/workspaceblobstore/paths/${path}`;
}

export function minutesAfter(base: Date, minutes: number): Date {
  return new Date(base.getTime() + minutes * 60_000);
}
