/**
 * The deployed-where index: model version key → where it serves. Built from what one or more workspaces
 * deploy; references that resolve to no version are kept under `unresolved`, never dropped.
 */
import type { ModelVersion } from '../domain/model';
import { resolveModelReference, versionKey, type ModelReference, type ReferenceContext } from './modelReference';
import { shareOf, type WorkspaceDeployments } from './types';
import type { ScopeRef } from '../domain/ids';

export interface DeployedWhere {
  readonly kind: 'online' | 'batch';
  readonly workspace: ScopeRef;
  readonly endpointName: string;
  readonly deploymentName: string;
  readonly deploymentId: string;
  /** Online: share of live traffic (0 when the deployment receives none). Batch: undefined. */
  readonly trafficPercent?: number;
  /** Online: share of mirrored traffic, 0 when none. */
  readonly mirrorPercent?: number;
  /** Batch: whether this is the endpoint's default deployment. */
  readonly isDefault?: boolean;
  readonly provisioningState?: string;
  readonly reference: ModelReference;
}

export interface DeploymentIndex {
  readonly entries: readonly DeployedWhere[];
  /** Every entry by version key (resolved references only). */
  readonly byVersionKey: ReadonlyMap<string, readonly DeployedWhere[]>;
  /** Entries whose reference names no version we can identify (shown as such). */
  readonly unresolved: readonly DeployedWhere[];
  readonly workspaces: readonly WorkspaceDeployments[];
}

export function buildDeploymentIndex(
  workspaces: readonly WorkspaceDeployments[],
  workspaceByGuid?: ReferenceContext['workspaceByGuid'],
): DeploymentIndex {
  const entries: DeployedWhere[] = [];
  for (const ws of workspaces) {
    const context: ReferenceContext = { workspace: ws.workspace, ...(workspaceByGuid ? { workspaceByGuid } : {}) };
    for (const d of ws.onlineDeployments) {
      const endpoint = ws.onlineEndpoints.find((e) => e.name.toLowerCase() === d.endpointName.toLowerCase());
      entries.push({
        kind: 'online', workspace: ws.workspace, endpointName: d.endpointName, deploymentName: d.name, deploymentId: d.id,
        trafficPercent: endpoint ? shareOf(endpoint.traffic, d.name) : 0,
        mirrorPercent: endpoint ? shareOf(endpoint.mirrorTraffic, d.name) : 0,
        provisioningState: d.provisioningState,
        reference: resolveModelReference(d.model, context),
      });
    }
    for (const d of ws.batchDeployments) {
      const endpoint = ws.batchEndpoints.find((e) => e.name.toLowerCase() === d.endpointName.toLowerCase());
      entries.push({
        kind: 'batch', workspace: ws.workspace, endpointName: d.endpointName, deploymentName: d.name, deploymentId: d.id,
        isDefault: !!endpoint?.defaultDeployment && endpoint.defaultDeployment.toLowerCase() === d.name.toLowerCase(),
        provisioningState: d.provisioningState,
        reference: resolveModelReference(d.model, context),
      });
    }
  }
  const byVersionKey = new Map<string, DeployedWhere[]>();
  const unresolved: DeployedWhere[] = [];
  for (const entry of entries) {
    if (entry.reference.status !== 'resolved') {
      unresolved.push(entry);
      continue;
    }
    const list = byVersionKey.get(entry.reference.key) ?? [];
    list.push(entry);
    byVersionKey.set(entry.reference.key, list);
  }
  for (const list of byVersionKey.values()) list.sort(byTrafficThenName);
  return { entries, byVersionKey, unresolved, workspaces };
}

function byTrafficThenName(a: DeployedWhere, b: DeployedWhere): number {
  if (a.kind !== b.kind) return a.kind === 'online' ? -1 : 1;
  const t = (b.trafficPercent ?? 0) - (a.trafficPercent ?? 0);
  if (t !== 0) return t;
  return `${a.endpointName}/${a.deploymentName}`.localeCompare(`${b.endpointName}/${b.deploymentName}`);
}

export function deployedWhere(index: DeploymentIndex, version: Pick<ModelVersion, 'scope' | 'modelName' | 'version'>): readonly DeployedWhere[] {
  return index.byVersionKey.get(versionKey(version)) ?? [];
}

/** "Live": serving any live traffic online, or deployed to a batch endpoint. Mirror-only counts as deployed, not live. */
export function isLive(entry: DeployedWhere): boolean {
  return entry.kind === 'batch' || (entry.trafficPercent ?? 0) > 0;
}

/** Tooltip / webview line: "fraud-online/blue — 90 % traffic", "…/green — 0 % traffic, 10 % mirror", "fraud-batch/nightly (batch, default)". */
export function describeDeployedWhere(entry: DeployedWhere): string {
  const name = `${entry.endpointName}/${entry.deploymentName}`;
  if (entry.kind === 'batch') return `${name} — batch${entry.isDefault ? ', default' : ''}`;
  const mirror = entry.mirrorPercent ? `, ${entry.mirrorPercent} % mirror` : '';
  return `${name} — ${entry.trafficPercent ?? 0} % traffic${mirror}`;
}
