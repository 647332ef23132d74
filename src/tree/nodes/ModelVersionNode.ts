import * as vscode from 'vscode';
import { CommandId } from '../../constants';
import type { ModelVersion } from '../../core/domain/model';
import { formatShortDate } from '../../shared/dateText';
import { buildContextValue } from '../contextValue';
import { versionIcon } from '../icons';
import { versionNodeId } from '../nodeIds';
import { versionTooltip } from '../tooltips';
import type { TreeContext } from '../TreeContext';
import type { TreeNode } from '../TreeNode';
import { cleanServiceText } from '../serviceText';
import { trackNode } from '../nodeRegistry';

/** A model version (leaf). Clicking it opens the details panel. */
export class ModelVersionNode implements TreeNode {
  readonly kind = 'modelVersion';
  readonly id: string;

  constructor(
    readonly parent: TreeNode,
    private current: ModelVersion,
    private readonly context: TreeContext,
  ) {
    this.id = versionNodeId(current.scope, current.modelName, current.version);
    trackNode(this);
  }

  get version(): ModelVersion {
    return this.current;
  }

  /** The deployed flag and tooltip lines last rendered; undefined until VS Code asked for the tree item. */
  private renderedDeployment: string | undefined;

  /**
   * After the deployed-where index changed: whether what this node shows (flag, icon, tooltip lines) differs from
   * what it last rendered. Never-rendered nodes need no repaint.
   */
  deploymentChanged(): boolean {
    return this.renderedDeployment !== undefined && this.renderedDeployment !== this.deploymentSignature();
  }

  private deploymentSignature(): string {
    const v = this.version;
    return JSON.stringify([this.context.deployments.isDeployed(v), this.context.deployments.describe(v)]);
  }

  /** After a change this extension made and read back: show the new state without re-listing. */
  replace(version: ModelVersion): void {
    this.current = version;
  }

  getTreeItem(): vscode.TreeItem {
    const v = this.version;
    const isDeployed = this.context.deployments.isDeployed(v);
    const deployedWhere = this.context.deployments.describe(v);
    this.renderedDeployment = JSON.stringify([isDeployed, deployedWhere]);
    const item = new vscode.TreeItem(cleanServiceText(v.version, 80), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [createdDate(v.createdAt), v.isArchived ? 'archived' : undefined, approvalBadge(v, this.context.options().approvalTagKey)].filter(Boolean).join(' · ');
    item.iconPath = versionIcon(v.modelType, { isArchived: v.isArchived, isDeployed });
    item.contextValue = buildContextValue('modelVersion', {
      archived: v.isArchived,
      deployed: isDeployed,
      hasJob: !!v.jobName && v.scope.kind === 'workspace',
      registry: v.scope.kind === 'registry',
    });
    item.tooltip = untrustedMarkdown(versionTooltip(v, { deployedWhere }));
    item.command = { title: 'Show Version Details', command: CommandId.openVersionDetails, arguments: [this] };
    item.accessibilityInformation = { label: `Version ${v.version} of model ${v.modelName}${v.isArchived ? ', archived' : ''}` };
    return item;
  }
}

/** The approval convention's badge, e.g. `approval: approved`; undefined when the key is off or the tag absent. */
export function approvalBadge(version: ModelVersion, approvalTagKey: string | undefined): string | undefined {
  if (!approvalTagKey) return undefined;
  const value = version.tags[approvalTagKey];
  return value === undefined ? undefined : `${cleanServiceText(approvalTagKey, 20)}: ${cleanServiceText(value || '(empty)', 30)}`;
}

function createdDate(date: Date | undefined): string | undefined {
  return formatShortDate(date);
}

/** Service text is escaped by the tooltip builders; this also keeps command links and HTML off. */
export function untrustedMarkdown(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}
