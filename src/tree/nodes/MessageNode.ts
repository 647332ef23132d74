import * as vscode from 'vscode';
import { CommandId } from '../../constants';
import type { InventoryError } from '../../core/errors';
import { buildContextValue } from '../contextValue';
import { icons } from '../icons';
import type { TreeNode } from '../TreeNode';

/** An informational leaf ("No workspaces"), or an error with Retry that keeps the rest of the tree usable. */
export class MessageNode implements TreeNode {
  readonly kind = 'message';
  readonly id: string;

  private constructor(
    readonly parent: TreeNode | undefined,
    slot: string,
    private readonly label: string,
    private readonly detail: { readonly error?: InventoryError; readonly command?: vscode.Command } = {},
  ) {
    this.id = `${parent?.id ?? ''}/#message:${slot}`;
  }

  /** `command` runs on click, e.g. "Select Subscriptions" under an empty root. */
  static empty(parent: TreeNode | undefined, label: string, command?: vscode.Command): MessageNode {
    return new MessageNode(parent, 'empty', label, command ? { command } : {});
  }

  /** Retry (inline and in the context menu) re-runs the failed request of `parent`. */
  static error(parent: TreeNode | undefined, error: InventoryError): MessageNode {
    if (error.kind === 'notSignedIn') {
      return new MessageNode(parent, 'signIn', 'Sign in to Azure to see this…', {
        error,
        command: { title: 'Sign In', command: CommandId.signIn },
      });
    }
    return new MessageNode(parent, 'error', firstSentence(error.message), { error });
  }

  get isError(): boolean {
    return this.detail.error !== undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = buildContextValue('message', { error: this.isError && !this.detail.command });
    item.iconPath = this.detail.error?.kind === 'notSignedIn' ? icons.signIn : this.isError ? icons.error : icons.empty;
    if (this.detail.error) item.tooltip = this.detail.error.message;
    if (this.detail.command) item.command = this.detail.command;
    return item;
  }
}

/** Error messages end with advice; the label shows the first sentence, the tooltip all of it. */
function firstSentence(message: string): string {
  const match = /^.+?[.!?](?=\s|$)/.exec(message);
  return match ? match[0] : message;
}
