/**
 * All open details panels: one per version (opening it again reveals the existing panel), and the serializer that
 * restores them after a window reload from their persisted identity.
 */
import * as vscode from 'vscode';
import { WebviewType } from '../../constants';
import { armIdKey } from '../../core/domain/ids';
import type { ModelVersion } from '../../core/domain/model';
import { isPersistedPanelState } from '../../shared/protocol/modelVersion';
import type { VersionIdentity } from '../../shared/protocol/modelVersion';
import { ModelVersionPanel, panelOptions, panelTitle } from './ModelVersionPanel';
import type { PanelDependencies } from './ModelVersionPanel';
import { identityOf } from './versionView';

function panelKey(identity: VersionIdentity): string {
  return `${armIdKey(identity.scopeId)}/models/${identity.modelName}/versions/${identity.version}`;
}

export class ModelVersionPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly panels = new Map<string, ModelVersionPanel>();

  constructor(private readonly dependencies: PanelDependencies) {}

  /** Registers the restore path; VS Code activates us for it via `onWebviewPanel:amlInventory.modelVersion`. */
  register(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(WebviewType.modelVersion, this);
  }

  /** Opens or reveals the panel of `version`. */
  show(version: ModelVersion): ModelVersionPanel {
    const identity = identityOf(version);
    const existing = this.panels.get(panelKey(identity));
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(WebviewType.modelVersion, panelTitle(identity), vscode.ViewColumn.Active, panelOptions(this.dependencies.extensionUri));
    const created = this.track(new ModelVersionPanel(panel, identity, this.dependencies));
    void created.load(version);
    return created;
  }

  /** The open panel of a version, if any. */
  find(identity: VersionIdentity): ModelVersionPanel | undefined {
    return this.panels.get(panelKey(identity));
  }

  /** Reloads the open panel of a version; false when none is open. */
  refresh(identity: VersionIdentity): boolean {
    const panel = this.find(identity);
    if (panel) void panel.load();
    return panel !== undefined;
  }

  /** The deployed-where index changed: every open panel re-sends its deployments section. */
  deploymentsChanged(): void {
    for (const panel of this.panels.values()) panel.deploymentsChanged();
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (!isPersistedPanelState(state) || this.find(state.identity)) {
      // Unknown (older) state shape, or a duplicate: nothing sensible to show.
      webviewPanel.dispose();
      return;
    }
    const panel = this.track(new ModelVersionPanel(webviewPanel, state.identity, this.dependencies));
    await panel.load();
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }

  private track(panel: ModelVersionPanel): ModelVersionPanel {
    const key = panelKey(panel.identity);
    this.panels.set(key, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
    return panel;
  }
}
