import * as vscode from 'vscode';
import type { ModelContainer, ModelScope, ModelVersion } from '../../core/domain/model';
import { compareVersions } from '../../core/domain/versionOrder';
import { ChildCache } from '../childCache';
import { buildContextValue } from '../contextValue';
import { modelIcon } from '../icons';
import { describeTagFilters } from '../inventoryFilters';
import { modelNodeId, versionNodeId } from '../nodeIds';
import { PagedChildren } from '../pagedChildren';
import { withPagingNodes } from '../pagedNodes';
import { cleanServiceText } from '../serviceText';
import { modelTooltip } from '../tooltips';
import type { TreeContext } from '../TreeContext';
import type { PageableNode, TreeNode } from '../TreeNode';
import { ModelVersionNode, untrustedMarkdown } from './ModelVersionNode';
import { trackNode } from '../nodeRegistry';

/** A registered model; children are its versions, newest first, one server page at a time. */
export class ModelNode implements PageableNode {
  readonly kind = 'model';
  readonly id: string;
  private readonly versions: PagedChildren<ModelVersion>;
  private readonly children = new ChildCache<ModelVersionNode>();

  constructor(
    readonly parent: TreeNode,
    readonly scope: ModelScope,
    readonly model: ModelContainer,
    private readonly context: TreeContext,
  ) {
    this.id = modelNodeId(scope, model.name);
    trackNode(this);
    this.versions = new PagedChildren((continuationToken, abortSignal) => {
      const { pageSize, showArchived } = context.options();
      const tags = context.filters.tagsFor(this.id);
      return context.catalog().listVersions(scope, model.name, {
        listViewType: showArchived ? 'All' : 'ActiveOnly',
        top: pageSize,
        orderBy: 'createdtime desc',
        ...(tags.length > 0 ? { tags } : {}),
        ...(continuationToken ? { continuationToken } : {}),
      }, { abortSignal });
    });
  }

  getTreeItem(): vscode.TreeItem {
    const tags = this.context.filters.tagsFor(this.id);
    const item = new vscode.TreeItem(cleanServiceText(this.model.name, 120), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = [
      this.model.latestVersion ? `latest ${cleanServiceText(this.model.latestVersion, 40)}` : undefined,
      this.model.isArchived ? 'archived' : undefined,
      tags.length > 0 ? `filtered: ${describeTagFilters(tags)}` : undefined,
    ].filter(Boolean).join(' · ');
    item.iconPath = modelIcon(this.model.isArchived);
    item.contextValue = buildContextValue('model', {
      archived: this.model.isArchived,
      filtered: tags.length > 0,
      registry: this.scope.kind === 'registry',
    });
    item.tooltip = untrustedMarkdown(modelTooltip(this.model));
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const { pageSize, showArchived } = this.context.options();
    const tags = this.context.filters.tagsFor(this.id);
    const state = await this.versions.ensureFirstPage(JSON.stringify([pageSize, showArchived, tags]));
    // The server orders by creation time; equal timestamps (bulk registration) fall back to numeric-aware order.
    const ordered = [...state.items].sort((a, b) => (timeOf(b) - timeOf(a)) || compareVersions(b.version, a.version));
    const nodes = this.children.reconcile(
      ordered,
      (v) => versionNodeId(v.scope, v.modelName, v.version),
      (v) => new ModelVersionNode(this, v, this.context),
    );
    return withPagingNodes(this, state, nodes, tags.length > 0 ? `No versions match ${describeTagFilters(tags)}` : 'No versions');
  }

  loadMore(): Promise<void> {
    return this.versions.fetchNext();
  }

  retry(): Promise<void> {
    return this.versions.retry();
  }

  reset(): void {
    this.versions.reset();
    this.children.clear();
  }
}

function timeOf(version: ModelVersion): number {
  const t = version.createdAt?.getTime();
  return t === undefined || Number.isNaN(t) ? 0 : t;
}
