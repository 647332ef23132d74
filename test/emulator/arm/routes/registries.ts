import { EMULATOR_TENANT_ID } from '../../config';
import { PROVIDER, registryArmId, resourceGroupId } from '../../state/ids';
import type { RegistryRecord } from '../../state/model';
import { ok, type ArmContext } from '../context';
import { requireRegistry, requireResourceGroup, requireSubscription } from '../lookup';
import { pageOf } from '../paging';
import type { Router } from '../router';

/** Registries (2024-04-01 shape): list by subscription, list by resource group, get. */
function render(reg: RegistryRecord, ctx: ArmContext) {
  const rgId = resourceGroupId(reg.subscriptionId, reg.resourceGroup);
  return {
    id: registryArmId(reg),
    name: reg.name,
    type: `${PROVIDER}/registries`,
    location: reg.location,
    tags: reg.tags,
    kind: 'Registry',
    identity: { type: 'SystemAssigned', principalId: reg.containerName.slice(-36), tenantId: EMULATOR_TENANT_ID },
    sku: { name: 'P3', tier: 'Standard' },
    properties: {
      discoveryUrl: `https://${reg.location}.api.azureml.ms/registrymanagement/v1.0/registries/${reg.name}/discovery`,
      intellectualPropertyPublisher: null,
      managedResourceGroup: { resourceId: `/subscriptions/${reg.subscriptionId}/resourceGroups/azureml-rg-${reg.name}` },
      mlFlowRegistryUri: `azureml://${reg.location}.api.azureml.ms/mlflow/v1.0${registryArmId(reg)}`,
      publicNetworkAccess: 'Enabled',
      regionDetails: [{
        location: reg.location,
        storageAccountDetails: [{ systemCreatedStorageAccount: { storageAccountHnsEnabled: false, storageAccountType: 'Standard_LRS', allowBlobPublicAccess: false, armResourceId: { resourceId: ctx.blob.storageAccountArmId }, storageAccountName: ctx.blob.accountName } }],
        acrDetails: [{ systemCreatedAcrAccount: { acrAccountSku: 'Premium', armResourceId: { resourceId: `${rgId}/providers/Microsoft.ContainerRegistry/registries/cr${reg.name.replace(/[^a-z0-9]/gi, '')}` } } }],
      }],
      registryPrivateEndpointConnections: [],
      // The 2022-10-01-preview name of the same list (seen in recordings).
      privateEndpointConnections: [],
    },
    systemData: reg.systemData,
  };
}

export function registerRegistryRoutes(router: Router): void {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  router.add('GET', `/subscriptions/{sub}/providers/${PROVIDER}/registries`, (ctx) => {
    const sub = requireSubscription(ctx);
    return ok(pageOf(ctx, ctx.state.registries.filter((r) => same(r.subscriptionId, sub.subscriptionId)), 100, (r) => render(r, ctx)));
  });
  router.add('GET', `/subscriptions/{sub}/resourceGroups/{rg}/providers/${PROVIDER}/registries`, (ctx) => {
    const { subscription, resourceGroup } = requireResourceGroup(ctx);
    const items = ctx.state.registries.filter((r) => same(r.subscriptionId, subscription.subscriptionId) && same(r.resourceGroup, resourceGroup));
    return ok(pageOf(ctx, items, 100, (r) => render(r, ctx)));
  });
  router.add('GET', `/subscriptions/{sub}/resourceGroups/{rg}/providers/${PROVIDER}/registries/{reg}`, (ctx) => ok(render(requireRegistry(ctx, false), ctx)));
}
