import type { EmulatorState, RegistryRecord, SubscriptionRecord, WorkspaceRecord } from '../state/model';
import { registryArmId, workspaceArmId } from '../state/ids';
import type { ArmContext } from './context';
import { gatewayError } from './errors';

/**
 * Resolving the subscription / resource group / workspace / registry of a request, failing the way ARM does:
 * SubscriptionNotFound, ResourceGroupNotFound, ResourceNotFound for the addressed resource itself, and
 * ParentResourceNotFound when a child is addressed under a missing workspace or registry.
 */
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function findSubscription(state: EmulatorState, subscriptionId: string): SubscriptionRecord | undefined {
  return state.subscriptions.find((s) => same(s.subscriptionId, subscriptionId));
}

export function requireSubscription(ctx: ArmContext): SubscriptionRecord {
  const sub = findSubscription(ctx.state, ctx.params.sub);
  if (!sub) throw gatewayError(404, 'SubscriptionNotFound', `The subscription '${ctx.params.sub}' could not be found.`);
  return sub;
}

export function requireResourceGroup(ctx: ArmContext): { subscription: SubscriptionRecord; resourceGroup: string } {
  const subscription = requireSubscription(ctx);
  const resourceGroup = subscription.resourceGroups.find((rg) => same(rg, ctx.params.rg));
  if (!resourceGroup) throw gatewayError(404, 'ResourceGroupNotFound', `Resource group '${ctx.params.rg}' could not be found.`);
  return { subscription, resourceGroup };
}

function operationVerb(method: string): string {
  return method === 'GET' ? 'read' : method === 'DELETE' ? 'delete' : method === 'POST' ? 'action' : 'write';
}

/** The child resource type addressed below a parent, e.g. `workspaces/models` for `.../workspaces/w/models/m`. */
function childType(ctx: ArmContext, parentType: string): string {
  const segments = ctx.url.pathname.split('/');
  const i = segments.findIndex((s) => same(s, parentType));
  return `${parentType}/${segments[i + 2] ?? ''}`;
}

export function requireWorkspace(ctx: ArmContext, asParent = true): WorkspaceRecord {
  requireResourceGroup(ctx);
  const ws = ctx.state.workspaces.find((w) => same(w.subscriptionId, ctx.params.sub) && same(w.resourceGroup, ctx.params.rg) && same(w.name, ctx.params.ws));
  if (ws) return ws;
  const id = workspaceArmId({ subscriptionId: ctx.params.sub, resourceGroup: ctx.params.rg, name: ctx.params.ws });
  if (!asParent) {
    throw gatewayError(404, 'ResourceNotFound', `The Resource 'Microsoft.MachineLearningServices/workspaces/${ctx.params.ws}' under resource group '${ctx.params.rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  }
  throw gatewayError(404, 'ParentResourceNotFound', `Failed to perform '${operationVerb(ctx.method)}' on resource(s) of type '${childType(ctx, 'workspaces')}', because the parent resource '${id}' could not be found.`);
}

export function requireRegistry(ctx: ArmContext, asParent = true): RegistryRecord {
  requireResourceGroup(ctx);
  const reg = ctx.state.registries.find((r) => same(r.subscriptionId, ctx.params.sub) && same(r.resourceGroup, ctx.params.rg) && same(r.name, ctx.params.reg));
  if (reg) return reg;
  const id = registryArmId({ subscriptionId: ctx.params.sub, resourceGroup: ctx.params.rg, name: ctx.params.reg });
  if (!asParent) {
    throw gatewayError(404, 'ResourceNotFound', `The Resource 'Microsoft.MachineLearningServices/registries/${ctx.params.reg}' under resource group '${ctx.params.rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  }
  throw gatewayError(404, 'ParentResourceNotFound', `Failed to perform '${operationVerb(ctx.method)}' on resource(s) of type '${childType(ctx, 'registries')}', because the parent resource '${id}' could not be found.`);
}

