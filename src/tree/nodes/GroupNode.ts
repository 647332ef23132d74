import * as vscode from 'vscode';
import type { ModelScope, Subscription } from '../../core/domain/model';
import { ChildCache } from '../childCache';
import { buildContextValue } from '../contextValue';
import { icons } from '../icons';
import { scopeNodeId } from '../nodeIds';
import { PagedChildren } from '../pagedChildren';
import { withPagingNodes } from '../pagedNodes';
import type { TreeContext } from '../TreeContext';
import type { PageableNode, TreeNode } from '../TreeNode';
import { ScopeNode } from './ScopeNode';

const groups = {
  workspaces: { kind: 'workspacesGroup', label: 'Workspaces', empty: 'No workspaces', icon: icons.workspacesGroup },
  registries: { kind: 'registriesGroup', label: 'Registries', empty: 'No registries', icon: icons.registriesGroup },
} as const;

/** "Workspaces" or "Registries" under a subscription. Both lists are small and come back in one call. */
export class GroupNode implements PageableNode {
  readonly kind: 'workspacesGroup' | 'registriesGroup';
  readonly id: string;
  private readonly scopes: PagedChildren<ModelScope>;
  private readonly children = new ChildCache<ScopeNode>();

  constructor(
    readonly parent: TreeNode,
    private readonly group: keyof typeof groups,
    subscription: Subscription,
    private readonly context: TreeContext,
  ) {
    this.kind = groups[group].kind;
    this.id = `${parent.id}/#${group}`;
    this.scopes = new PagedChildren(async (_continuationToken, abortSignal) => {
      const catalog = context.catalog();
      const items = group === 'workspaces'
        ? await catalog.listWorkspaces(subscription.subscriptionId, { abortSignal })
        : await catalog.listRegistries(subscription.subscriptionId, { abortSignal });
      return { items: [...items].sort((a, b) => a.name.localeCompare(b.name)) };
    });
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(groups[this.group].label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = groups[this.group].icon;
    item.contextValue = buildContextValue(this.kind);
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const state = await this.scopes.ensureFirstPage();
    const nodes = this.children.reconcile(state.items, scopeNodeId, (scope) => new ScopeNode(this, scope, this.context));
    return withPagingNodes(this, state, nodes, groups[this.group].empty);
  }

  loadMore(): Promise<void> {
    return this.scopes.fetchNext();
  }

  retry(): Promise<void> {
    return this.scopes.retry();
  }

  reset(): void {
    this.scopes.reset();
    this.children.clear();
  }
}
