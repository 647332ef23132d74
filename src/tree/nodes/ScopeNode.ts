import * as vscode from 'vscode';
import type { ModelContainer, ModelScope } from '../../core/domain/model';
import { ChildCache } from '../childCache';
import { buildContextValue } from '../contextValue';
import { icons } from '../icons';
import { modelNodeId, scopeNodeId } from '../nodeIds';
import { PagedChildren } from '../pagedChildren';
import { withPagingNodes } from '../pagedNodes';
import { cleanServiceText, markdownText } from '../serviceText';
import type { TreeContext } from '../TreeContext';
import type { PageableNode, TreeNode } from '../TreeNode';
import { ModelNode } from './ModelNode';
import { untrustedMarkdown } from './ModelVersionNode';
import { trackNode } from '../nodeRegistry';

/** A workspace or a registry; children are its models, one server page at a time, filtered by name locally. */
export class ScopeNode implements PageableNode {
  readonly kind: 'workspace' | 'registry';
  readonly id: string;
  private readonly models: PagedChildren<ModelContainer>;
  private readonly children = new ChildCache<ModelNode>();

  constructor(
    readonly parent: TreeNode,
    readonly scope: ModelScope,
    private readonly context: TreeContext,
  ) {
    this.kind = scope.kind;
    this.id = scopeNodeId(scope);
    trackNode(this);
    this.models = new PagedChildren((continuationToken, abortSignal) =>
      context.catalog().listModels(scope, {
        listViewType: context.options().showArchived ? 'All' : 'ActiveOnly',
        ...(continuationToken ? { continuationToken } : {}),
      }, { abortSignal }));
  }

  getTreeItem(): vscode.TreeItem {
    const nameFilter = this.context.filters.modelName;
    // The friendly name goes in the description (it may hold parentheses itself), unless it only repeats the name.
    const friendly = this.scope.kind === 'workspace' ? this.scope.friendlyName?.trim() : undefined;
    const showFriendly = friendly && !friendly.toLowerCase().includes(this.scope.name.toLowerCase());
    const item = new vscode.TreeItem(cleanServiceText(this.scope.name, 120), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = nameFilter !== undefined
      ? `filtered: ${cleanServiceText(nameFilter, 40)}`
      : [showFriendly ? cleanServiceText(friendly, 60) : undefined, cleanServiceText(this.scope.resourceGroup, 60)].filter(Boolean).join(' · ');
    item.iconPath = this.scope.kind === 'workspace' ? icons.workspace : icons.registry;
    item.contextValue = buildContextValue(this.scope.kind, { filtered: nameFilter !== undefined });
    item.tooltip = untrustedMarkdown([
      `**${this.scope.kind === 'workspace' ? 'Workspace' : 'Registry'}** ${markdownText(this.scope.name, 80)}`,
      `**Resource group:** ${markdownText(this.scope.resourceGroup, 90)}`,
      this.scope.location ? `**Location:** ${markdownText(this.scope.location, 40)}` : undefined,
      this.scope.description ? `**Description:** ${markdownText(this.scope.description, 300)}` : undefined,
    ].filter(Boolean).join('  \n'));
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const state = await this.models.ensureFirstPage(String(this.context.options().showArchived));
    const filters = this.context.filters;
    const matching = state.items.filter((m) => filters.matchesModelName(m.name));
    const nodes = this.children.reconcile(
      matching,
      (m) => modelNodeId(this.scope, m.name),
      (m) => new ModelNode(this, this.scope, m, this.context),
    );
    // Filtering is local, so say "loaded": later pages may still hold matches.
    const emptyLabel = filters.modelName !== undefined && state.items.length > 0
      ? `No loaded model matches "${cleanServiceText(filters.modelName, 40)}"`
      : 'No models';
    return withPagingNodes(this, state, nodes, emptyLabel);
  }

  loadMore(): Promise<void> {
    return this.models.fetchNext();
  }

  retry(): Promise<void> {
    return this.models.retry();
  }

  reset(): void {
    this.models.reset();
    this.children.clear();
  }
}
