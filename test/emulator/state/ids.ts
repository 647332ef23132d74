import type { RegistryRecord, WorkspaceRecord } from './model';

/** Canonical ARM ids, spelled as ARM returns them. */
export const PROVIDER = 'Microsoft.MachineLearningServices';

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export function workspaceArmId(ws: Pick<WorkspaceRecord, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `${resourceGroupId(ws.subscriptionId, ws.resourceGroup)}/providers/${PROVIDER}/workspaces/${ws.name}`;
}

export function registryArmId(reg: Pick<RegistryRecord, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `${resourceGroupId(reg.subscriptionId, reg.resourceGroup)}/providers/${PROVIDER}/registries/${reg.name}`;
}

/** Key for name-keyed child collections (ARM names are case-insensitive). */
export function keyOf(name: string): string {
  return name.toLowerCase();
}
