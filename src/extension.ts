import type * as vscode from 'vscode';
import { compose } from './compositionRoot';
import type { InventoryApi } from './compositionRoot';

export function activate(context: vscode.ExtensionContext): Promise<InventoryApi> {
  return compose(context);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
