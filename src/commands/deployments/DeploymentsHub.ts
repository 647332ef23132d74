/**
 * The deployed-where index for the UI: adapters of the current connection, one cache per connection, a
 * background load over the workspaces of the selected subscriptions (started the first time the tree asks), and
 * the tree's `DeploymentLookup` on top of the last index built.
 */
import type { ScopeRef } from '../../core/domain/ids';
import type { ModelVersion } from '../../core/domain/model';
import { deployedWhere, describeDeployedWhere, isLive, type DeploymentIndex, type DeployedWhere } from '../../core/deployments/deployedIndex';
import { DeploymentIndexCache } from '../../core/deployments/indexCache';
import type { ArtifactManifestPort, DeploymentsPort } from '../../core/ports/deployments';
import type { ConnectionSource } from '../../host/connection';
import type { Logger } from '../../host/logger';
import type { DeploymentLookup } from '../../tree/deploymentLookup';
import type { DeploymentIndexSource } from '../../webviews/modelVersion/ModelVersionPanel';
import type { DeploymentIndexState } from '../../webviews/modelVersion/versionView';
import type { DeployedIndexRefresh } from '../treeCommands';

export interface DeploymentAdapters {
  readonly deployments: DeploymentsPort;
  readonly manifests: ArtifactManifestPort;
}

export class DeploymentsHub implements DeploymentLookup, DeploymentIndexSource, DeployedIndexRefresh {
  private cache: DeploymentIndexCache | undefined;
  private adapters: DeploymentAdapters | undefined;
  private loading: Promise<DeploymentIndex | undefined> | undefined;
  /** Why the last load failed; no automatic retry until a refresh or a change (else every repaint would retry). */
  private failure: string | undefined;
  private guidMap = new Map<string, ScopeRef>();

  constructor(
    private readonly connections: ConnectionSource,
    private readonly adaptersOf: () => DeploymentAdapters | undefined,
    private readonly logger: Logger,
    private readonly onIndexChanged: () => void,
  ) {}

  /** Adapters of the current connection; a new connection starts a new cache. */
  current(): DeploymentAdapters | undefined {
    const adapters = this.adaptersOf();
    if (adapters !== this.adapters) {
      this.adapters = adapters;
      this.cache = adapters ? new DeploymentIndexCache((ws, options) => adapters.deployments.readWorkspace(ws, options)) : undefined;
      this.loading = undefined;
      this.failure = undefined;
    }
    return adapters;
  }

  isDeployed(version: ModelVersion): boolean {
    return this.rows(version).some(isLive);
  }

  /** Tooltip/webview lines: "fraud-online/blue — 90 % traffic". */
  describe(version: ModelVersion): string[] {
    return this.rows(version).map(describeDeployedWhere);
  }

  rows(version: ModelVersion): readonly DeployedWhere[] {
    this.current();
    const index = this.cache?.current();
    if (!index) {
      if (!this.failure) void this.load();
      return [];
    }
    return deployedWhere(index, version);
  }

  /** For the details panels: ready, loading (a load is started), or unavailable with the reason. */
  indexState(): DeploymentIndexState {
    if (!this.current()) return { status: 'unavailable', reason: 'Sign in to Azure to see where this version is deployed.' };
    const index = this.cache?.current();
    if (index) return { status: 'ready', index };
    if (this.failure) return { status: 'unavailable', reason: `The deployments could not be read: ${this.failure} Use Refresh to try again.` };
    void this.load();
    return { status: 'loading' };
  }

  /** Refresh of the whole view: re-read every workspace. */
  refreshAll(): void {
    void this.load(true);
  }

  /** Refresh of one workspace's node (or below): re-read that workspace. */
  refreshWorkspace(workspace: ScopeRef): void {
    void this.changed(workspace);
  }

  /** The index over every workspace of the selected subscriptions (cached; `refresh` re-reads). */
  load(refresh = false): Promise<DeploymentIndex | undefined> {
    if (!this.current() || !this.cache) return Promise.resolve(undefined);
    if (refresh) {
      this.cache.invalidate();
      this.loading = undefined;
      this.failure = undefined;
    }
    const loading = this.loading ??= this.readAll(this.cache).then(
      (index) => {
        this.failure = undefined;
        this.onIndexChanged();
        return index;
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.warn(`Could not build the deployed-where index: ${message}`);
        if (this.loading === loading) this.loading = undefined;
        this.failure = message;
        this.onIndexChanged();
        return undefined;
      },
    );
    return this.loading;
  }

  /** After a change in one workspace: re-read it and repaint. */
  async changed(workspace: ScopeRef): Promise<void> {
    this.cache?.invalidate(workspace);
    this.loading = undefined;
    this.failure = undefined;
    await this.load();
  }

  workspaceByGuid = (guid: string): ScopeRef | undefined => this.guidMap.get(guid.toLowerCase());

  private async readAll(cache: DeploymentIndexCache): Promise<DeploymentIndex> {
    const { catalog, settings } = this.connections.current();
    const selected = new Set(settings.subscriptions.map((s) => s.toLowerCase()));
    const subscriptions = (await catalog.listSubscriptions()).filter((s) => selected.size === 0 || selected.has(s.subscriptionId.toLowerCase()));
    const workspaces = (await Promise.all(subscriptions.map((s) => catalog.listWorkspaces(s.subscriptionId)))).flat();
    for (const w of workspaces) if (w.workspaceGuid) this.guidMap.set(w.workspaceGuid.toLowerCase(), { kind: 'workspace', subscriptionId: w.subscriptionId, resourceGroup: w.resourceGroup, name: w.name });
    const scopes: ScopeRef[] = workspaces.map((w) => ({ kind: 'workspace', subscriptionId: w.subscriptionId, resourceGroup: w.resourceGroup, name: w.name }));
    return cache.index(scopes, this.workspaceByGuid);
  }
}
