import * as vscode from 'vscode';
import { ContextKey, ViewId } from '../constants';
import { setContext } from '../host/contextKeys';
import { InventoryFilters } from './inventoryFilters';
import { InventoryTreeDataProvider } from './InventoryTreeDataProvider';
import type { DeploymentLookup } from './deploymentLookup';
import type { TreeContext, TreeOptions } from './TreeContext';
import type { MlCatalog } from '../core/ports/catalog';
import type { TreeNode } from './TreeNode';

/** The inventory view: its data provider, the `TreeView`, and the filter state shown in the view description. */
export class InventoryView implements vscode.Disposable {
  readonly filters = new InventoryFilters();
  readonly provider: InventoryTreeDataProvider;
  readonly treeView: vscode.TreeView<TreeNode>;

  constructor(dependencies: { catalog(): MlCatalog; options(): TreeOptions; deployments: DeploymentLookup }) {
    const context: TreeContext = {
      catalog: dependencies.catalog,
      options: dependencies.options,
      deployments: dependencies.deployments,
      filters: this.filters,
      setSignedIn: (isSignedIn) => void setContext(ContextKey.signedIn, isSignedIn),
    };
    this.provider = new InventoryTreeDataProvider(context);
    this.treeView = vscode.window.createTreeView(ViewId.inventory, { treeDataProvider: this.provider, showCollapseAll: true });
  }

  /** Call after changing `filters`: updates the description and context key, and re-renders from cache. */
  filtersChanged(): void {
    this.treeView.description = this.filters.describe();
    void setContext(ContextKey.filtered, this.filters.isActive);
    this.provider.repaint();
  }

  dispose(): void {
    this.treeView.dispose();
    this.provider.dispose();
  }
}
