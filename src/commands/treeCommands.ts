/** Refresh, paging, retry, filters and the archived toggle of the inventory view. */
import { Setting } from '../constants';
import type { ScopeRef } from '../core/domain/ids';
import type { ModelScope } from '../core/domain/model';
import { parseTagFilters } from '../core/domain/tagFilter';
import { InventoryError } from '../core/errors';
import { updateSetting } from '../host/settings';
import { isVersionIdentity } from '../shared/protocol/modelVersion';
import { describeTagFilters } from '../tree/inventoryFilters';
import { MessageNode } from '../tree/nodes/MessageNode';
import { ModelNode } from '../tree/nodes/ModelNode';
import { LoadMoreNode } from '../tree/nodes/LoadMoreNode';
import { isPageableNode } from '../tree/TreeNode';
import type { TreeNode } from '../tree/TreeNode';
import type { CommandServices } from './CommandServices';
import { userCancelled } from './runCommand';

function isTreeNode(value: unknown): value is TreeNode {
  return typeof value === 'object' && value !== null && typeof (value as TreeNode).getTreeItem === 'function';
}

/** The deployed-where index, which Refresh re-reads along with the tree. */
export interface DeployedIndexRefresh {
  /** Re-read every workspace. */
  refreshAll(): void;
  /** Re-read one workspace. */
  refreshWorkspace(workspace: ScopeRef): void;
}

export function refreshAll(services: CommandServices, index?: DeployedIndexRefresh): void {
  services.view.provider.refresh();
  index?.refreshAll();
}

/** The workspace or registry a node belongs to (walking up), or undefined above that level. */
function scopeOf(node: TreeNode): ModelScope | undefined {
  for (let n: TreeNode | undefined = node; n; n = n.parent) {
    const scope = (n as { scope?: unknown }).scope ?? (n as { version?: { scope?: unknown } }).version?.scope;
    if (typeof scope === 'object' && scope !== null && ((scope as ModelScope).kind === 'workspace' || (scope as ModelScope).kind === 'registry')) return scope as ModelScope;
  }
  return undefined;
}

/**
 * A tree node refreshes itself, and the deployed-where index of its workspace (all workspaces above that level;
 * none for a registry: registries host no endpoints); the details panel passes its version identity and reloads.
 */
export function refreshNode(services: CommandServices, target: unknown, index?: DeployedIndexRefresh): void {
  if (isVersionIdentity(target)) {
    services.panels.refresh(target);
    return;
  }
  const node = isTreeNode(target) ? target : undefined;
  services.view.provider.refresh(node);
  if (!index) return;
  const scope = node ? scopeOf(node) : undefined;
  if (!scope) index.refreshAll();
  else if (scope.kind === 'workspace') index.refreshWorkspace({ kind: 'workspace', subscriptionId: scope.subscriptionId, resourceGroup: scope.resourceGroup, name: scope.name });
}

export async function loadMore(services: CommandServices, target: unknown): Promise<void> {
  const owner = target instanceof LoadMoreNode ? target.parent : target;
  if (!isPageableNode(owner)) throw new InventoryError('validation', 'Load More works on a "Load more…" item in the Model Inventory view.');
  await services.view.provider.loadMore(owner);
}

export async function retry(services: CommandServices, target: unknown): Promise<void> {
  await services.view.provider.retry(target instanceof MessageNode ? target.parent : isTreeNode(target) ? target : undefined);
}

/** Model names are filtered locally over the loaded pages; `text` lets tests and keybindings skip the prompt. */
export async function filterByName(services: CommandServices, text?: unknown): Promise<void> {
  const value = typeof text === 'string' ? text : await services.prompter.input({
    title: 'Filter models by name',
    prompt: 'Shows models whose name contains this text (case-insensitive). Leave empty to clear.',
    value: services.view.filters.modelName ?? '',
  });
  if (value === undefined) throw userCancelled();
  services.view.filters.setModelName(value);
  services.view.filtersChanged();
}

/** Tag filters go to the server with each version page: on a model node for that model, else for all models. */
export async function filterByTag(services: CommandServices, target?: unknown, text?: unknown): Promise<void> {
  const model = target instanceof ModelNode ? target : undefined;
  const current = model ? services.view.filters.tagsFor(model.id) : [];
  const value = typeof text === 'string' ? text : await services.prompter.input({
    title: model ? `Filter versions of ${model.model.name} by tag` : 'Filter model versions by tag',
    prompt: 'key or key=value; separate several with commas (all must match). Leave empty to clear.',
    placeHolder: 'stage=production, approved',
    value: describeTagFilters(current),
    validate: (input) => {
      const parsed = parseTagFilters(input);
      return parsed.ok ? undefined : parsed.message;
    },
  });
  if (value === undefined) throw userCancelled();
  const parsed = parseTagFilters(value);
  if (!parsed.ok) throw new InventoryError('validation', parsed.message);
  services.view.filters.setTags(parsed.filters, model?.id);
  services.view.filtersChanged();
}

/**
 * Clears every filter (name, view-wide tags, per-model tags) at once. The argument is ignored: the view toolbar
 * passes the focused tree item too, so a focused model must not narrow the toolbar's Clear Filter to that model.
 */
export function clearFilter(services: CommandServices, _target?: unknown): void {
  services.view.filters.clear();
  services.view.filtersChanged();
}

/** The setting change re-renders the tree (see the composition root). */
export async function setShowArchived(value: boolean): Promise<void> {
  await updateSetting(Setting.showArchived, value);
}
