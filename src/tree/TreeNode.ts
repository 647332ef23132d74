import type * as vscode from 'vscode';
import type { NodeKind } from './contextValue';

/**
 * One element of the inventory tree. The data provider only delegates to nodes. Parent nodes cache their children
 * (and the pages behind them) so re-rendering after a filter change or "Load more" costs no requests.
 */
export interface TreeNode {
  /** Stable across refreshes (derived from normalised ARM ids), so VS Code keeps expansion and selection. */
  readonly id: string;
  readonly kind: NodeKind;
  readonly parent: TreeNode | undefined;
  getTreeItem(): vscode.TreeItem;
  /** Absent on leaves. Implementations never reject: failures become message nodes. */
  getChildren?(): Promise<TreeNode[]>;
  /** Forget cached data so the next `getChildren` fetches again. */
  reset?(): void;
}

/** A node whose children come from a server-paged list. */
export interface PageableNode extends TreeNode {
  loadMore(): Promise<void>;
  /** Fetch again after a failure, keeping what was already loaded. */
  retry(): Promise<void>;
}

export function isPageableNode(node: unknown): node is PageableNode {
  return typeof node === 'object' && node !== null && typeof (node as PageableNode).loadMore === 'function'
    && typeof (node as PageableNode).retry === 'function';
}
