/**
 * Tree node ids from ARM ids. `armIdKey` lower-cases the case-insensitive parts, so the same resource echoed in
 * another casing keeps its id (and its expansion state); model names and versions keep their case.
 */
import { armIdKey, formatScopeArmId } from '../core/domain/ids';
import type { ModelScope, Subscription } from '../core/domain/model';

export function subscriptionNodeId(subscription: Subscription): string {
  return armIdKey(subscription.id || `/subscriptions/${subscription.subscriptionId}`);
}

/** Built from the scope's coordinates rather than `scope.id`, which partial service data may lack. */
export function scopeNodeId(scope: ModelScope): string {
  return armIdKey(formatScopeArmId({ kind: scope.kind, subscriptionId: scope.subscriptionId, resourceGroup: scope.resourceGroup, name: scope.name }));
}

export function modelNodeId(scope: ModelScope, modelName: string): string {
  return `${scopeNodeId(scope)}/models/${modelName}`;
}

export function versionNodeId(scope: ModelScope, modelName: string, version: string): string {
  return `${modelNodeId(scope, modelName)}/versions/${version}`;
}
