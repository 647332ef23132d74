/**
 * One details panel for one model version. Loads the version (unless the tree already had it), then its source
 * job, and pushes a full snapshot to the webview after each step. Webview actions run the extension's commands,
 * so they behave exactly as from the tree.
 */
import * as vscode from 'vscode';
import { CommandId } from '../../constants';
import type { ModelVersion } from '../../core/domain/model';
import type { ConnectionSource } from '../../host/connection';
import type { Logger } from '../../host/logger';
import type {
  LineageView, ModelVersionInbound, ModelVersionNotifications, ModelVersionSnapshot, VersionIdentity,
} from '../../shared/protocol/modelVersion';
import { isModelVersionInbound } from '../../shared/protocol/modelVersion';
import type { MetadataSaveParams, MetadataSaveResult } from '../../shared/protocol/modelVersion';
import { asInventoryError } from '../../tree/pagedChildren';
import { renderShell } from '../html';
import { WebviewChannel } from '../WebviewChannel';
import { deploymentsView, detailsView, jobView, scopeFromIdentity, type DeploymentIndexState } from './versionView';

/** The deployed-where index as the panels see it (the composition root passes the one the tree uses). */
export interface DeploymentIndexSource {
  /** The index's state now; asking while none is built starts building it (`onIndexChanged` follows). */
  indexState(): DeploymentIndexState;
}

export interface PanelDependencies {
  readonly extensionUri: vscode.Uri;
  readonly connections: ConnectionSource;
  readonly logger: Logger;
  /** Without it the "Deployments using this version" section stays `unknown`. */
  readonly deployments?: DeploymentIndexSource;
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
    // The webview is a stateless renderer: on show it says `ready` again and gets the snapshot.
    retainContextWhenHidden: false,
  };
}

export function panelTitle(identity: VersionIdentity): string {
  return `${identity.modelName}:${identity.version}`;
}

export class ModelVersionPanel implements vscode.Disposable {
  readonly channel: WebviewChannel<ModelVersionInbound, ModelVersionNotifications>;
  private snapshot: ModelVersionSnapshot;
  private version: ModelVersion | undefined;
  private loadGeneration = 0;
  private isDisposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly identity: VersionIdentity,
    private readonly dependencies: PanelDependencies,
  ) {
    this.snapshot = { identity, status: 'loading', lineage: { status: 'none' }, deployments: { status: 'unknown' } };
    const webview = panel.webview;
    webview.options = panelOptions(dependencies.extensionUri);
    webview.html = renderShell({
      webview,
      title: panelTitle(identity),
      scriptUri: vscode.Uri.joinPath(dependencies.extensionUri, 'dist', 'webview', 'modelVersion.js'),
      styleUris: [vscode.Uri.joinPath(dependencies.extensionUri, 'media', 'modelVersion.css')],
    });
    this.channel = new WebviewChannel(webview, isModelVersionInbound, {
      onCommand: (message) => this.onCommand(message.method),
      onRequest: (message) => this.onRequest(message),
    }, dependencies.logger, `details ${panelTitle(identity)}`);
    this.disposables.push(this.channel, panel.onDidDispose(() => this.dispose()));
  }

  /** The last snapshot pushed (or queued) for the webview. */
  get current(): ModelVersionSnapshot {
    return this.snapshot;
  }

  /** Loads everything again. `known` skips fetching the version itself (the tree just listed it). */
  async load(known?: ModelVersion): Promise<void> {
    const generation = ++this.loadGeneration;
    const isCurrent = (): boolean => generation === this.loadGeneration;
    const { catalog } = this.dependencies.connections.current();
    const scope = known?.scope ?? scopeFromIdentity(this.identity);
    if (!scope) {
      this.push({ status: 'error', errorMessage: `"${this.identity.scopeId}" is not a workspace or registry id.` });
      return;
    }
    if (!known) this.push({ status: 'loading', lineage: { status: 'none' } });
    let version: ModelVersion;
    try {
      version = known ?? await catalog.getVersion(scope, this.identity.modelName, this.identity.version);
    } catch (error) {
      if (isCurrent()) this.push({ status: 'error', errorMessage: asInventoryError(error).message });
      return;
    }
    if (!isCurrent()) return;
    this.version = version;
    const lineage: LineageView = version.scope.kind === 'registry'
      ? { status: 'unavailable', reason: 'Registry models keep no link to a training job; see the workspace the version was shared from.' }
      : version.jobName ? { status: 'loading', jobName: version.jobName } : { status: 'none' };
    this.push({ status: 'ready', details: detailsView(version, this.dependencies.connections.current().settings.approvalTagKey), lineage, deployments: this.deploymentsOf(version) });
    if (lineage.status !== 'loading' || version.scope.kind !== 'workspace') return;
    try {
      const job = await catalog.getJob(version.scope, lineage.jobName);
      if (isCurrent()) this.push({ lineage: { status: 'ready', job: jobView(job) } });
    } catch (error) {
      if (isCurrent()) this.push({ lineage: { status: 'error', jobName: lineage.jobName, message: asInventoryError(error).message } });
    }
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** The deployed-where index changed (or finished loading): re-send the deployments section. */
  deploymentsChanged(): void {
    if (this.isDisposed || !this.version) return;
    const next = this.deploymentsOf(this.version);
    if (JSON.stringify(next) !== JSON.stringify(this.snapshot.deployments)) this.push({ deployments: next });
  }

  private deploymentsOf(version: ModelVersion): ModelVersionSnapshot['deployments'] {
    const source = this.dependencies.deployments;
    return source ? deploymentsView(source.indexState(), version) : { status: 'unknown' };
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.loadGeneration++;
    vscode.Disposable.from(...this.disposables).dispose();
    this.disposables.length = 0;
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
    this.panel.dispose();
  }

  private push(change: Partial<Omit<ModelVersionSnapshot, 'identity'>>): void {
    const next: ModelVersionSnapshot = { ...this.snapshot, ...change, identity: this.identity };
    if (next.status !== 'error') delete (next as { errorMessage?: string }).errorMessage;
    this.snapshot = next;
    this.channel.notify('state/replace', next);
  }

  private async onCommand(method: Exclude<ModelVersionInbound, { kind: 'request' }>['method']): Promise<void> {
    switch (method) {
      case 'ready':
        return; // handled by the channel, which re-sends the snapshot
      case 'refresh':
        await vscode.commands.executeCommand(CommandId.refreshNode, this.identity);
        return;
      case 'studio/open':
        if (this.version) await vscode.commands.executeCommand(CommandId.openInStudio, this.version);
        return;
      case 'job/open':
        if (this.version) await vscode.commands.executeCommand(CommandId.openJobInStudio, this.version);
        return;
      case 'deployment/compare':
        if (this.version) await vscode.commands.executeCommand(CommandId.compareWithDeployed, this.version);
        return;
      case 'deployment/rollback':
        if (this.version) await vscode.commands.executeCommand(CommandId.rollbackDeployment, this.version);
        return;
      case 'version/download':
        if (this.version) await vscode.commands.executeCommand(CommandId.downloadVersion, this.version);
        return;
    }
  }

  private async onRequest(message: Extract<ModelVersionInbound, { kind: 'request' }>): Promise<unknown> {
    switch (message.method) {
      case 'metadata/save':
        return this.saveMetadata(message.params);
      case 'version/setArchived': {
        if (!this.version) return { done: false };
        const after = await vscode.commands.executeCommand<unknown>(message.params.archived ? CommandId.archiveVersion : CommandId.restoreVersion, this.version);
        return { done: after !== undefined };
      }
      case 'assetId/copy':
        return this.copyAssetId(message.params.spelling);
    }
  }

  /**
   * Runs "Edit Tags" with what the webview sent (validated again by the command) and the version this panel shows
   * as the baseline, so a change by someone else since the panel loaded is detected. The command writes, reads
   * back and reloads this panel with what is really there.
   */
  private async saveMetadata(params: MetadataSaveParams): Promise<MetadataSaveResult> {
    const v = this.version;
    if (!v) return { status: 'failed', message: 'The version is not loaded yet.' };
    const baseline = { tags: v.tags, description: v.description ?? '', ...(v.lastModifiedAt ? { lastModifiedAt: v.lastModifiedAt.toISOString() } : {}) };
    const result = await vscode.commands.executeCommand<MetadataSaveResult | undefined>(CommandId.editTags, v, {
      tags: params.tags.map((t) => ({ key: t.name, value: t.value })), description: params.description, baseline,
    });
    return result ?? { status: 'failed', message: 'Not saved; see the notification for why.' };
  }

  private async copyAssetId(spelling: string): Promise<{ copied: boolean }> {
    if (!this.version) return { copied: false };
    const copied = await vscode.commands.executeCommand<string | undefined>(CommandId.copyAssetId, this.version, spelling);
    return { copied: typeof copied === 'string' };
  }
}
