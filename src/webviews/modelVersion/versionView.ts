/**
 * Domain objects → the details panel's view model. Pure (no `vscode`): what the webview shows is decided here and
 * unit-tested; the webview only renders.
 */
import { assetIdOptions } from '../../core/domain/assetIdSpellings';
import { parseScopeArmId, type ScopeRef } from '../../core/domain/ids';
import type { JobIo, JobLineage, ModelScope, ModelVersion, StringMap } from '../../core/domain/model';
import { describeDeployedWhere, deployedWhere, type DeploymentIndex } from '../../core/deployments/deployedIndex';
import { resolveModelReference, versionKey } from '../../core/deployments/modelReference';
import { endpointHistory } from '../../core/deployments/rollbackPlan';
import { sameName } from '../../core/deployments/types';
import type {
  DeploymentsView, JobView, NameValue, RollbackHistoryView, VersionDetailsView, VersionIdentity,
} from '../../shared/protocol/modelVersion';
import { modelTypeLabel } from '../../tree/modelTypes';

export function identityOf(version: Pick<ModelVersion, 'scope' | 'modelName' | 'version'>): VersionIdentity {
  return { scopeKind: version.scope.kind, scopeId: version.scope.id, modelName: version.modelName, version: version.version };
}

/** A scope rebuilt from a persisted identity (after a reload there is nothing else to go on). */
export function scopeFromIdentity(identity: VersionIdentity): ModelScope | undefined {
  const ref = parseScopeArmId(identity.scopeId);
  if (!ref || ref.kind !== identity.scopeKind) return undefined;
  const base = { id: identity.scopeId, name: ref.name, subscriptionId: ref.subscriptionId, resourceGroup: ref.resourceGroup, tags: {} };
  return ref.kind === 'workspace' ? { kind: 'workspace', ...base } : { kind: 'registry', ...base };
}

function isoDate(date: Date | undefined): string | undefined {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

/** Sorted rows; non-string values (malformed data) are shown as JSON rather than dropped. */
function rows(map: StringMap | null | undefined): NameValue[] {
  return Object.entries(map ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value: typeof value === 'string' ? value : JSON.stringify(value) ?? '' }));
}

export function detailsView(version: ModelVersion, approvalTagKey?: string): VersionDetailsView {
  const scope = version.scope;
  const approval = approvalTagKey ? version.tags?.[approvalTagKey] : undefined;
  return {
    ...(approvalTagKey && approval !== undefined ? { approval: { key: approvalTagKey, value: approval } } : {}),
    modelName: version.modelName,
    version: version.version,
    modelType: modelTypeLabel(version.modelType),
    ...(version.stage ? { stage: version.stage } : {}),
    ...(version.description ? { description: version.description } : {}),
    isArchived: version.isArchived,
    location: `${scope.kind === 'workspace' ? 'Workspace' : 'Registry'} ${scope.name} (resource group ${scope.resourceGroup})`,
    tags: rows(version.tags),
    properties: rows(version.properties),
    flavors: Object.entries(version.flavors ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([name, data]) => ({ name, data: rows(data) })),
    ...(version.modelUri ? { modelUri: version.modelUri } : {}),
    assetIds: assetIdOptions(version),
    ...optional('createdAt', isoDate(version.createdAt)),
    ...optional('createdBy', version.createdBy),
    ...optional('modifiedAt', isoDate(version.lastModifiedAt)),
    ...optional('modifiedBy', version.lastModifiedBy),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function ioValue(io: JobIo): string {
  return io.uri ?? io.value ?? io.mode ?? '';
}

export function jobView(job: JobLineage): JobView {
  const toRow = (io: JobIo): { name: string; type: string; value: string } => ({ name: io.name, type: io.type, value: ioValue(io) });
  return {
    name: job.name,
    ...optional('displayName', job.displayName),
    ...optional('experimentName', job.experimentName),
    ...optional('status', job.status),
    ...optional('jobType', job.jobType),
    ...optional('createdAt', isoDate(job.createdAt)),
    inputs: (job.inputs ?? []).map(toRow),
    outputs: (job.outputs ?? []).map(toRow),
  };
}

/** What the deployed-where index can say right now. */
export type DeploymentIndexState =
  | { readonly status: 'unavailable'; readonly reason: string }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly index: DeploymentIndex };

function sameWorkspace(a: ScopeRef, b: ScopeRef): boolean {
  return sameName(a.subscriptionId, b.subscriptionId) && sameName(a.resourceGroup, b.resourceGroup) && sameName(a.name, b.name);
}

/** Newest first, at most this many history entries in the panel. */
export const maxHistoryRows = 20;

/**
 * Where `version` is deployed, and the rollback history of every online endpoint that serves it now or whose
 * recorded model swaps name it (so a version rolled away from still shows why).
 */
export function deploymentsView(state: DeploymentIndexState, version: Pick<ModelVersion, 'scope' | 'modelName' | 'version'>): DeploymentsView {
  if (state.status === 'unavailable') return { status: 'unknown', reason: state.reason };
  if (state.status === 'loading') return { status: 'loading' };
  const { index } = state;
  const entries = deployedWhere(index, version);
  const rows = entries.map((e) => ({
    endpoint: e.endpointName, deployment: e.deploymentName, kind: e.kind, workspace: e.workspace.name,
    ...(e.trafficPercent !== undefined ? { trafficPercent: e.trafficPercent } : {}),
    ...(e.mirrorPercent ? { mirrorPercent: e.mirrorPercent } : {}),
    ...(e.provisioningState ? { provisioningState: e.provisioningState } : {}),
    summary: describeDeployedWhere(e),
  }));
  const key = versionKey(version);
  const history: (RollbackHistoryView & { time: number })[] = [];
  for (const ws of index.workspaces) {
    const context = { workspace: ws.workspace };
    for (const endpoint of ws.onlineEndpoints) {
      const records = endpointHistory(endpoint, ws.onlineDeployments);
      const servesIt = entries.some((e) => e.kind === 'online' && sameName(e.endpointName, endpoint.name) && sameWorkspace(e.workspace, ws.workspace));
      const namesIt = records.some((r) => r.on === 'deployment'
        && [r.entry.from, r.entry.to].some((ref) => resolveModelReference(ref, context).key === key));
      if (!servesIt && !namesIt) continue;
      for (const r of records) {
        history.push({
          endpoint: endpoint.name,
          recordedOn: r.on === 'deployment' ? `${endpoint.name}/${r.deploymentName ?? ''}` : endpoint.name,
          seq: r.entry.seq, at: r.entry.at.toISOString(), action: r.entry.action,
          ...(r.entry.undoes !== undefined ? { undoes: r.entry.undoes } : {}),
          who: r.entry.who,
          ...(r.entry.reason ? { reason: r.entry.reason } : {}),
          from: r.entry.from, to: r.entry.to,
          time: r.entry.at.getTime(),
        });
      }
    }
  }
  history.sort((a, b) => b.time - a.time || b.seq - a.seq);
  return { status: 'ready', rows, history: history.slice(0, maxHistoryRows).map(({ time: _time, ...row }) => row) };
}
