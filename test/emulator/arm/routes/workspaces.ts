import { EMULATOR_TENANT_ID } from '../../config';
import { PROVIDER, resourceGroupId, workspaceArmId } from '../../state/ids';
import type { WorkspaceRecord } from '../../state/model';
import { ok, type ArmContext } from '../context';
import { requireResourceGroup, requireSubscription, requireWorkspace } from '../lookup';
import { pageOf } from '../paging';
import type { Router } from '../router';

/** Workspaces: list by subscription, list by resource group, get. Body shaped like the recorded 2024-10-01-preview GET. */
export function renderWorkspace(ws: WorkspaceRecord) {
  const id = workspaceArmId(ws);
  const rgId = resourceGroupId(ws.subscriptionId, ws.resourceGroup);
  const short = ws.name.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 12);
  return {
    id,
    name: ws.name,
    type: `${PROVIDER}/workspaces`,
    location: ws.location,
    tags: ws.tags,
    etag: null,
    properties: {
      friendlyName: ws.friendlyName,
      description: ws.description,
      storageAccount: `${rgId}/providers/Microsoft.Storage/storageAccounts/st${short}`,
      keyVault: `${rgId}/providers/Microsoft.Keyvault/vaults/kv${short}`,
      applicationInsights: `${rgId}/providers/Microsoft.insights/components/ai${short}`,
      containerRegistry: `${rgId}/providers/Microsoft.ContainerRegistry/registries/cr${short}`,
      hbiWorkspace: false,
      tenantId: EMULATOR_TENANT_ID,
      imageBuildCompute: null,
      provisioningState: 'Succeeded',
      v1LegacyMode: false,
      softDeleteEnabled: false,
      creationTime: ws.systemData.createdAt,
      notebookInfo: {
        resourceId: ws.workspaceId.replace(/-/g, ''),
        fqdn: `ml-${short}-${ws.location}-${ws.workspaceId}.${ws.location}.notebooks.azure.net`,
        isPrivateLinkEnabled: false,
        notebookPreparationError: null,
      },
      storageHnsEnabled: false,
      workspaceId: ws.workspaceId,
      linkedModelInventoryArmId: null,
      privateLinkCount: 0,
      publicNetworkAccess: 'Enabled',
      discoveryUrl: `https://${ws.location}.api.azureml.ms/discovery`,
      mlFlowTrackingUri: `azureml://${ws.location}.api.azureml.ms/mlflow/v1.0${id}`,
      sdkTelemetryAppInsightsKey: ws.workspaceId,
      sasGetterUri: '',
      enableDataIsolation: false,
      systemDatastoresAuthMode: 'accesskey',
      // Fields newer api-versions (2024-10-01-preview, as recorded) add; harmless to older clients.
      managedNetwork: { changeableIsolationModes: ['AllowInternetOutbound', 'AllowOnlyApprovedOutbound'], isolationMode: 'Disabled' },
      allowRoleAssignmentOnRG: true,
      ipAllowlist: [],
      networkAcls: { defaultAction: 'Allow', ipRules: [] },
      serverlessComputeSettings: null,
      EnableSoftwareBillOfMaterials: false,
      enableServiceSideCMKEncryption: false,
    },
    identity: { type: 'SystemAssigned', principalId: ws.workspaceId, tenantId: EMULATOR_TENANT_ID },
    kind: 'Default',
    sku: { name: 'Basic', tier: 'Basic' },
    systemData: ws.systemData,
  };
}

function listIn(ctx: ArmContext, filter: (ws: WorkspaceRecord) => boolean) {
  const items = ctx.state.workspaces.filter(filter);
  return ok(pageOf(ctx, items, 100, renderWorkspace));
}

export function registerWorkspaceRoutes(router: Router): void {
  const sameCase = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  router.add('GET', `/subscriptions/{sub}/providers/${PROVIDER}/workspaces`, (ctx) => {
    const sub = requireSubscription(ctx);
    return listIn(ctx, (ws) => sameCase(ws.subscriptionId, sub.subscriptionId));
  });
  router.add('GET', `/subscriptions/{sub}/resourceGroups/{rg}/providers/${PROVIDER}/workspaces`, (ctx) => {
    const { subscription, resourceGroup } = requireResourceGroup(ctx);
    return listIn(ctx, (ws) => sameCase(ws.subscriptionId, subscription.subscriptionId) && sameCase(ws.resourceGroup, resourceGroup));
  });
  router.add('GET', `/subscriptions/{sub}/resourceGroups/{rg}/providers/${PROVIDER}/workspaces/{ws}`, (ctx) => ok(renderWorkspace(requireWorkspace(ctx, false))));
}
