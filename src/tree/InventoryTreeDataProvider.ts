import * as vscode from 'vscode';
import type { Subscription } from '../core/domain/model';
import { ChildCache } from './childCache';
import { subscriptionNodeId } from './nodeIds';
import { MessageNode } from './nodes/MessageNode';
import { ModelVersionNode } from './nodes/ModelVersionNode';
import { trackedNodes } from './nodeRegistry';
import { SubscriptionNode } from './nodes/SubscriptionNode';
import { asInventoryError, PagedChildren } from './pagedChildren';
import type { TreeContext } from './TreeContext';
import type { PageableNode, TreeNode } from './TreeNode';
import { CommandId } from '../constants';

/**
 * The inventory tree: subscriptions → Workspaces/Registries → workspace or registry → models → versions.
 * Delegates to nodes; `getChildren` never rejects, so one failing workspace cannot blank the view.
 */
export class InventoryTreeDataProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  private readonly subscriptions: PagedChildren<Subscription>;
  private readonly roots = new ChildCache<SubscriptionNode>();

  constructor(private readonly context: TreeContext) {
    this.subscriptions = new PagedChildren(async (_continuationToken, abortSignal) => {
      const items = await context.catalog().listSubscriptions({ abortSignal });
      return { items: [...items].sort((a, b) => (a.displayName || a.subscriptionId).localeCompare(b.displayName || b.subscriptionId)) };
    });
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    try {
      if (!node) return await this.rootChildren();
      return node.getChildren ? await node.getChildren() : [];
    } catch (error) {
      // Nodes capture request failures themselves; this is the last line of defence against a bug.
      return [MessageNode.error(node, asInventoryError(error))];
    }
  }

  /** Drops the cached data of `node` (or of everything) and renders it again. */
  refresh(node?: TreeNode): void {
    if (node) {
      node.reset?.();
    } else {
      this.subscriptions.reset();
      this.roots.clear();
    }
    this.changeEmitter.fire(node);
  }

  /** Renders again from cache, e.g. after a client-side filter change. */
  repaint(node?: TreeNode): void {
    this.changeEmitter.fire(node);
  }

  /**
   * After the deployed-where index changed: re-renders only the loaded version nodes whose deployed flag or
   * tooltip lines differ from what they last showed — never the whole tree (a root event while a refresh is
   * still loading can collapse the view back to the subscriptions). Returns the nodes it re-rendered.
   */
  deploymentsChanged(): TreeNode[] {
    const changed: TreeNode[] = [];
    for (const node of trackedNodes()) {
      if (node instanceof ModelVersionNode && node.deploymentChanged()) changed.push(node);
    }
    if (changed.length > 0) this.changeEmitter.fire(changed);
    return changed;
  }

  async loadMore(node: PageableNode): Promise<void> {
    await node.loadMore();
    this.changeEmitter.fire(node);
  }

  /** Retries the failed request behind an error node's parent (`undefined` = the subscription list). */
  async retry(node: TreeNode | undefined): Promise<void> {
    if (node === undefined) {
      await this.subscriptions.retry();
    } else if ('retry' in node && typeof node.retry === 'function') {
      await (node as PageableNode).retry();
    } else {
      node.reset?.();
    }
    this.changeEmitter.fire(node);
  }

  /** The tenant of a subscription listed in the tree, for studio links. */
  tenantOf(subscriptionId: string): string | undefined {
    return this.subscriptions.state.items.find((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase())?.tenantId;
  }

  dispose(): void {
    this.subscriptions.reset();
    this.changeEmitter.dispose();
  }

  private async rootChildren(): Promise<TreeNode[]> {
    const state = await this.subscriptions.ensureFirstPage();
    if (state.error?.kind === 'notSignedIn') {
      // Not an error: the view shows its welcome content with a sign-in button.
      this.context.setSignedIn(false);
      return [];
    }
    if (state.error) return [MessageNode.error(undefined, state.error)];
    this.context.setSignedIn(true);

    const selected = new Set(this.context.options().subscriptions.map((id) => id.toLowerCase()));
    const visible = selected.size === 0 ? state.items : state.items.filter((s) => selected.has(s.subscriptionId.toLowerCase()));
    if (visible.length === 0) {
      return [MessageNode.empty(undefined, state.items.length === 0
        ? 'No subscriptions found for this account'
        : 'None of the selected subscriptions is available. Select subscriptions…', state.items.length === 0 ? undefined : {
        title: 'Select Subscriptions', command: CommandId.selectSubscriptions,
      })];
    }
    return this.roots.reconcile(visible, subscriptionNodeId, (s) => new SubscriptionNode(s, this.context));
  }
}
