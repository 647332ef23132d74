import * as vscode from 'vscode';
import { CommandId } from '../../constants';
import { buildContextValue } from '../contextValue';
import { icons } from '../icons';
import type { PageableNode, TreeNode } from '../TreeNode';

/** Trailing "Load more…" leaf: clicking it fetches the next server page of its parent. */
export class LoadMoreNode implements TreeNode {
  readonly kind = 'loadMore';
  readonly id: string;

  constructor(readonly parent: PageableNode) {
    this.id = `${parent.id}/#loadMore`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = buildContextValue('loadMore');
    item.iconPath = icons.loadMore;
    item.command = { title: 'Load More', command: CommandId.loadMore, arguments: [this] };
    return item;
  }
}
