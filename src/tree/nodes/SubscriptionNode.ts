import * as vscode from 'vscode';
import type { Subscription } from '../../core/domain/model';
import { buildContextValue } from '../contextValue';
import { icons } from '../icons';
import { subscriptionNodeId } from '../nodeIds';
import { cleanServiceText, markdownText } from '../serviceText';
import type { TreeContext } from '../TreeContext';
import type { TreeNode } from '../TreeNode';
import { GroupNode } from './GroupNode';
import { untrustedMarkdown } from './ModelVersionNode';

/** A subscription; children are its "Workspaces" and "Registries" groups (listed lazily when expanded). */
export class SubscriptionNode implements TreeNode {
  readonly kind = 'subscription';
  readonly id: string;
  readonly parent = undefined;
  private readonly groups: readonly GroupNode[];

  constructor(readonly subscription: Subscription, context: TreeContext) {
    this.id = subscriptionNodeId(subscription);
    this.groups = [
      new GroupNode(this, 'workspaces', subscription, context),
      new GroupNode(this, 'registries', subscription, context),
    ];
  }

  getTreeItem(): vscode.TreeItem {
    const s = this.subscription;
    const item = new vscode.TreeItem(cleanServiceText(s.displayName || s.subscriptionId, 120), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = s.displayName ? s.subscriptionId : undefined;
    item.iconPath = icons.subscription;
    item.contextValue = buildContextValue('subscription');
    item.tooltip = untrustedMarkdown([
      `**Subscription** ${markdownText(s.displayName || s.subscriptionId, 120)}`,
      `**ID:** ${markdownText(s.subscriptionId, 60)}`,
      s.tenantId ? `**Tenant:** ${markdownText(s.tenantId, 60)}` : undefined,
      s.state ? `**State:** ${markdownText(s.state, 30)}` : undefined,
    ].filter(Boolean).join('  \n'));
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    return [...this.groups];
  }

  reset(): void {
    for (const group of this.groups) group.reset();
  }
}
