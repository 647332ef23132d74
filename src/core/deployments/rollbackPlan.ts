/**
 * Rollback and undo as pure plans: what will change, exactly, and why it may not be allowed. The adapter
 * executes a plan (PUT with the recorded history in the same request), then verifies the read-back state
 * against `expect`.
 *
 * Strategies:
 * - **swap**: GET the deployment → set `properties.model` to the target → PUT (LRO). Traffic is untouched.
 * - **shift**: another deployment of the same endpoint already serves the target version: move the rolled-back
 *   deployment's whole share to it with a full traffic map (every other share and the mirror map unchanged).
 */
import type { ScopeRef } from '../domain/ids';
import {
  compactReference, deployableReference, resolveModelReference, targetKey, targetLabel, referenceLabel,
  type ModelReference, type ModelVersionTarget, type ReferenceContext,
} from './modelReference';
import { lastUndoable, readHistory, type HistoryAction, type HistoryEntry } from './history';
import { describeTraffic, formatTrafficCompact, parseTrafficCompact, sameTraffic, shiftTraffic, validateTrafficChange } from './traffic';
import { deploymentsOf, isTerminalState, sameName, shareOf, type OnlineDeployment, type OnlineEndpoint, type TrafficMap } from './types';

export type PlanIssueCode =
  | 'endpointBusy' | 'deploymentBusy' | 'targetDeploymentUnhealthy' | 'archivedTarget' | 'alreadyServing'
  | 'noTraffic' | 'mirrorConflict' | 'noServingDeployment' | 'invalidTraffic' | 'deploymentMissing'
  | 'changedSince' | 'nothingToUndo' | 'unrecordable';

export interface PlanIssue {
  readonly code: PlanIssueCode;
  readonly message: string;
  /** `block`: refuse; `ask`: the user must confirm explicitly. */
  readonly severity: 'block' | 'ask';
  /** Waiting may help (a provisioning state that is not terminal yet): offer Retry. */
  readonly retryable?: boolean;
}

interface HistoryDraft {
  readonly action: HistoryAction;
  readonly from: string;
  readonly to: string;
  readonly undoes?: number;
  /** The number planned for the record: unique across the endpoint and its deployments (see `nextRollbackSeq`). */
  readonly seq?: number;
}

export interface SwapPlan {
  readonly kind: 'swap';
  readonly workspace: ScopeRef;
  readonly endpointName: string;
  readonly deploymentName: string;
  /** `properties.model` now (raw) and its label. */
  readonly fromModel: string;
  readonly fromLabel: string;
  /** The value to write to `properties.model`. */
  readonly toModel: string;
  readonly toLabel: string;
  /** Key the read-back model must resolve to. */
  readonly expectKey: string;
  readonly traffic: TrafficMap;
  readonly history: HistoryDraft;
  readonly issues: readonly PlanIssue[];
}

export interface ShiftPlan {
  readonly kind: 'shift';
  readonly workspace: ScopeRef;
  readonly endpointName: string;
  /** Deployment whose share moves away (the one rolled back), or undefined for an undo that restores a map. */
  readonly fromDeployment?: string;
  /** Deployment that already serves the target version. */
  readonly toDeployment?: string;
  readonly trafficBefore: TrafficMap;
  readonly trafficAfter: TrafficMap;
  /** Sent unchanged. */
  readonly mirrorTraffic: TrafficMap;
  readonly fromLabel: string;
  readonly toLabel: string;
  /** Model each deployment of the endpoint serves (name:version), for the confirmation. */
  readonly models: Readonly<Record<string, string>>;
  readonly history: HistoryDraft;
  readonly issues: readonly PlanIssue[];
}

export type ChangePlan = SwapPlan | ShiftPlan;

export function blockers(plan: ChangePlan): PlanIssue[] {
  return plan.issues.filter((i) => i.severity === 'block');
}

export function questions(plan: ChangePlan): PlanIssue[] {
  return plan.issues.filter((i) => i.severity === 'ask');
}

export interface RollbackTarget {
  readonly target: ModelVersionTarget;
  readonly isArchived?: boolean;
}

export interface RollbackInput {
  readonly endpoint: OnlineEndpoint;
  /** Deployments of the workspace (or of the endpoint); filtered to the endpoint here. */
  readonly deployments: readonly OnlineDeployment[];
  readonly deploymentName: string;
  readonly target: RollbackTarget;
  readonly context: ReferenceContext;
}

export interface RollbackOptions {
  readonly deployment: OnlineDeployment;
  readonly current: ModelReference;
  readonly swap: SwapPlan;
  /** Present when another deployment of the endpoint already serves the target version. */
  readonly shift?: ShiftPlan;
  /** Why shifting is not offered, when it is not. */
  readonly shiftUnavailable?: string;
}

function stateIssues(endpoint: OnlineEndpoint, deployment: OnlineDeployment): PlanIssue[] {
  const issues: PlanIssue[] = [];
  if (!isTerminalState(endpoint.provisioningState)) {
    issues.push({ code: 'endpointBusy', severity: 'block', retryable: true, message: `Endpoint '${endpoint.name}' is ${endpoint.provisioningState ?? 'in an unknown state'}; wait until its update finishes, then retry.` });
  }
  if (!isTerminalState(deployment.provisioningState)) {
    issues.push({ code: 'deploymentBusy', severity: 'block', retryable: true, message: `Deployment '${deployment.name}' is ${deployment.provisioningState ?? 'in an unknown state'}; wait until its update finishes, then retry.` });
  }
  return issues;
}

function archivedIssue(target: RollbackTarget): PlanIssue[] {
  return target.isArchived
    ? [{ code: 'archivedTarget', severity: 'ask', message: `Version ${targetLabel(target.target)} is archived. Deploy it anyway?` }]
    : [];
}

function requireDeployment(deployments: readonly OnlineDeployment[], name: string, endpoint: OnlineEndpoint): OnlineDeployment {
  const found = deployments.find((d) => sameName(d.name, name));
  if (!found) throw new RangeError(`Deployment '${name}' is not a deployment of endpoint '${endpoint.name}'.`);
  return found;
}

/** Plans both strategies for rolling `deploymentName` back (or forward) to `target`. */
export function planRollback(input: RollbackInput): RollbackOptions {
  const { endpoint, target, context } = input;
  const deployments = deploymentsOf(endpoint, input.deployments);
  const deployment = requireDeployment(deployments, input.deploymentName, endpoint);
  const current = resolveModelReference(deployment.model, context);
  const key = targetKey(target.target);
  const common = [...stateIssues(endpoint, deployment), ...archivedIssue(target)];
  const seq = nextRollbackSeq(endpoint, deployments);

  const swapIssues: PlanIssue[] = [...common];
  if (current.status === 'resolved' && current.key === key) {
    swapIssues.push({ code: 'alreadyServing', severity: 'block', message: `Deployment '${deployment.name}' already serves ${targetLabel(target.target)}.` });
  }
  const swap: SwapPlan = {
    kind: 'swap', workspace: endpoint.workspace, endpointName: endpoint.name, deploymentName: deployment.name,
    fromModel: deployment.model ?? '', fromLabel: referenceLabel(current),
    toModel: deployableReference(target.target), toLabel: targetLabel(target.target), expectKey: key,
    traffic: endpoint.traffic,
    history: { action: 'swap', from: current.status === 'resolved' ? compactReference(current.target, endpoint.workspace) : deployment.model ?? '', to: compactReference(target.target, endpoint.workspace), seq },
    issues: swapIssues,
  };

  const servers = deployments.filter((d) => !sameName(d.name, deployment.name) && resolveModelReference(d.model, context).key === key);
  if (servers.length === 0) return { deployment, current, swap, shiftUnavailable: `No other deployment of '${endpoint.name}' serves ${targetLabel(target.target)}.` };
  const moved = shareOf(endpoint.traffic, deployment.name);
  if (moved === 0) return { deployment, current, swap, shiftUnavailable: `'${deployment.name}' receives no live traffic, so there is nothing to shift.` };
  // Prefer a healthy server without mirrored traffic, then the one with most traffic already.
  const ranked = [...servers].sort((a, b) => rank(b, endpoint) - rank(a, endpoint));
  const server = ranked[0]!;
  const names = deployments.map((d) => d.name);
  const after = shiftTraffic(endpoint.traffic, deployment.name, server.name, names);
  const shiftIssues: PlanIssue[] = [...stateIssues(endpoint, deployment), ...archivedIssue(target)];
  if (!isTerminalState(server.provisioningState) || server.provisioningState?.toLowerCase() !== 'succeeded') {
    shiftIssues.push({ code: 'targetDeploymentUnhealthy', severity: 'block', retryable: !isTerminalState(server.provisioningState), message: `Deployment '${server.name}' is ${server.provisioningState ?? 'in an unknown state'}; traffic can only move to a deployment that succeeded.` });
  }
  for (const p of validateTrafficChange({ before: endpoint.traffic, after, mirror: endpoint.mirrorTraffic, deployments: names })) {
    shiftIssues.push({ code: p.code === 'mirrorConflict' ? 'mirrorConflict' : 'invalidTraffic', severity: 'block', message: p.message });
  }
  const shift: ShiftPlan = {
    kind: 'shift', workspace: endpoint.workspace, endpointName: endpoint.name, fromDeployment: deployment.name, toDeployment: server.name,
    trafficBefore: endpoint.traffic, trafficAfter: after, mirrorTraffic: endpoint.mirrorTraffic,
    fromLabel: describeTraffic(endpoint.traffic), toLabel: describeTraffic(after), models: modelLabels(deployments, context),
    history: { action: 'shift', from: formatTrafficCompact(endpoint.traffic), to: formatTrafficCompact(after), seq },
    issues: shiftIssues,
  };
  return { deployment, current, swap, shift };
}

/** "name:version" (registry: "registry/name:version") per deployment; unresolved references say so. */
function modelLabels(deployments: readonly OnlineDeployment[], context: ReferenceContext): Record<string, string> {
  return Object.fromEntries(deployments.map((d) => [d.name, referenceLabel(resolveModelReference(d.model, context))]));
}

/**
 * The number the next history record of this endpoint gets: one more than any record on the endpoint or any of
 * its deployments, so "#N" names one change of the endpoint whichever resource recorded it.
 */
export function nextRollbackSeq(endpoint: OnlineEndpoint, deployments: readonly OnlineDeployment[]): number {
  return Math.max(0, ...endpointHistory(endpoint, deployments).map((r) => r.entry.seq)) + 1;
}

function rank(d: OnlineDeployment, endpoint: OnlineEndpoint): number {
  let score = shareOf(endpoint.traffic, d.name);
  if (d.provisioningState?.toLowerCase() === 'succeeded') score += 1000;
  if (shareOf(endpoint.mirrorTraffic, d.name) === 0) score += 500;
  return score;
}

/** Where the most recent rollback of an endpoint is recorded. */
export interface RecordedRollback {
  readonly on: 'endpoint' | 'deployment';
  readonly deploymentName?: string;
  readonly entry: HistoryEntry;
}

/** Every history entry of an endpoint and its deployments, newest first. */
export function endpointHistory(endpoint: OnlineEndpoint, deployments: readonly OnlineDeployment[]): RecordedRollback[] {
  const all: RecordedRollback[] = readHistory(endpoint.tags).map((entry) => ({ on: 'endpoint' as const, entry }));
  for (const d of deploymentsOf(endpoint, deployments)) {
    all.push(...readHistory(d.tags).map((entry) => ({ on: 'deployment' as const, deploymentName: d.name, entry })));
  }
  return all.sort((a, b) => b.entry.at.getTime() - a.entry.at.getTime() || b.entry.seq - a.entry.seq);
}

/** The rollback "Undo last rollback" would revert on this endpoint, if any. */
export function lastRollback(endpoint: OnlineEndpoint, deployments: readonly OnlineDeployment[]): RecordedRollback | undefined {
  const newest = endpointHistory(endpoint, deployments)[0];
  if (!newest) return undefined;
  const sameResource = newest.on === 'endpoint'
    ? readHistory(endpoint.tags)
    : readHistory(deploymentsOf(endpoint, deployments).find((d) => sameName(d.name, newest.deploymentName ?? ''))?.tags ?? {});
  const undoable = lastUndoable(sameResource);
  return undoable && undoable.seq === newest.entry.seq ? newest : undefined;
}

/**
 * The plan that restores the state recorded before `recorded`, with the same safety as a rollback: refused when
 * the resource has changed since (someone else moved on), when states are not terminal, or when a deployment the
 * old traffic map names no longer exists.
 */
export function planUndo(input: {
  readonly endpoint: OnlineEndpoint;
  readonly deployments: readonly OnlineDeployment[];
  readonly recorded: RecordedRollback;
  readonly context: ReferenceContext;
}): ChangePlan {
  const { endpoint, recorded, context } = input;
  const deployments = deploymentsOf(endpoint, input.deployments);
  const { entry } = recorded;
  if (recorded.on === 'deployment') {
    const deployment = requireDeployment(deployments, recorded.deploymentName ?? '', endpoint);
    const current = resolveModelReference(deployment.model, context);
    const recordedNew = resolveModelReference(entry.to, context);
    const previous = resolveModelReference(entry.from, context);
    const issues: PlanIssue[] = [...stateIssues(endpoint, deployment)];
    if (current.key !== recordedNew.key) {
      issues.push({ code: 'changedSince', severity: 'block', message: `Deployment '${deployment.name}' now serves ${referenceLabel(current)}, not ${referenceLabel(recordedNew)} as recorded; it changed after the rollback, so undo would overwrite someone else's change.` });
    }
    return {
      kind: 'swap', workspace: endpoint.workspace, endpointName: endpoint.name, deploymentName: deployment.name,
      fromModel: deployment.model ?? '', fromLabel: referenceLabel(current),
      toModel: previous.status === 'resolved' ? deployableReference(previous.target) : entry.from,
      toLabel: referenceLabel(previous), expectKey: previous.key, traffic: endpoint.traffic,
      history: { action: 'undo-swap', from: entry.to, to: entry.from, undoes: entry.seq, seq: nextRollbackSeq(endpoint, deployments) },
      issues,
    };
  }
  const before = parseTrafficCompact(entry.from);
  const recordedAfter = parseTrafficCompact(entry.to);
  const issues: PlanIssue[] = [];
  if (!isTerminalState(endpoint.provisioningState)) {
    issues.push({ code: 'endpointBusy', severity: 'block', retryable: true, message: `Endpoint '${endpoint.name}' is ${endpoint.provisioningState ?? 'in an unknown state'}; wait until its update finishes, then retry.` });
  }
  if (!before || !recordedAfter) {
    issues.push({ code: 'nothingToUndo', severity: 'block', message: 'The recorded traffic could not be read; restore it by hand.' });
  } else if (!sameTraffic(endpoint.traffic, recordedAfter)) {
    issues.push({ code: 'changedSince', severity: 'block', message: `The traffic of '${endpoint.name}' is now ${describeTraffic(endpoint.traffic)}, not ${describeTraffic(recordedAfter)} as recorded; it changed after the rollback.` });
  }
  const restored: Record<string, number> = {};
  if (before) {
    for (const [name, value] of Object.entries(before)) {
      if (!deployments.some((d) => sameName(d.name, name))) {
        if (value > 0) issues.push({ code: 'deploymentMissing', severity: 'block', message: `Deployment '${name}' had ${value} % before the rollback but no longer exists.` });
        continue;
      }
      restored[name] = value;
    }
    // Deployments in the current map but not in the recorded one get an explicit 0.
    for (const name of Object.keys(endpoint.traffic)) if (!Object.keys(restored).some((n) => sameName(n, name))) restored[name] = 0;
    for (const p of validateTrafficChange({ before: endpoint.traffic, after: restored, mirror: endpoint.mirrorTraffic, deployments: deployments.map((d) => d.name) })) {
      issues.push({ code: p.code === 'mirrorConflict' ? 'mirrorConflict' : 'invalidTraffic', severity: 'block', message: p.message });
    }
  }
  return {
    kind: 'shift', workspace: endpoint.workspace, endpointName: endpoint.name,
    trafficBefore: endpoint.traffic, trafficAfter: restored, mirrorTraffic: endpoint.mirrorTraffic,
    fromLabel: describeTraffic(endpoint.traffic), toLabel: describeTraffic(restored), models: modelLabels(deployments, context),
    history: { action: 'undo-shift', from: formatTrafficCompact(endpoint.traffic), to: formatTrafficCompact(restored), undoes: entry.seq, seq: nextRollbackSeq(endpoint, deployments) },
    issues,
  };
}

/** The confirmation text: exactly what will change. */
export function describePlan(plan: ChangePlan): string[] {
  if (plan.kind === 'swap') {
    return [
      `Workspace: ${plan.workspace.name}`,
      `Endpoint: ${plan.endpointName}`,
      `Deployment: ${plan.deploymentName}`,
      `Model: ${plan.fromLabel} → ${plan.toLabel}`,
      `Traffic: ${describeTraffic(plan.traffic)} → unchanged`,
    ];
  }
  const withModel = (name: string) => {
    const model = Object.entries(plan.models).find(([n]) => sameName(n, name))?.[1];
    return model ? `${name} (${model})` : name;
  };
  const moved = plan.fromDeployment && plan.toDeployment;
  return [
    `Workspace: ${plan.workspace.name}`,
    `Endpoint: ${plan.endpointName}`,
    ...(moved ? [`Deployment: ${withModel(plan.fromDeployment!)} → traffic moves to ${withModel(plan.toDeployment!)}`] : []),
    ...(!moved && Object.keys(plan.models).length ? [`Models: ${Object.keys(plan.models).map(withModel).join(', ')}`] : []),
    `Traffic: ${plan.fromLabel} → ${plan.toLabel}`,
    ...(Object.keys(plan.mirrorTraffic).length ? [`Mirror traffic: ${describeTraffic(plan.mirrorTraffic)} (unchanged)`] : []),
  ];
}

/** "traffic shift" (recorded on the endpoint) or "model swap" (recorded on a deployment). */
export function recordKind(recorded: Pick<RecordedRollback, 'on'>): string {
  return recorded.on === 'endpoint' ? 'traffic shift' : 'model swap';
}

/** "fraud-online" or "fraud-online/green": where the record lives. */
export function recordTarget(endpointName: string, recorded: Pick<RecordedRollback, 'on' | 'deploymentName'>): string {
  return recorded.on === 'deployment' ? `${endpointName}/${recorded.deploymentName ?? ''}` : endpointName;
}

/** "traffic shift #3 on fraud-online", "model swap #4 on fraud-online/green". */
export function describeRecord(endpointName: string, recorded: Pick<RecordedRollback, 'on' | 'deploymentName'> & { readonly entry: Pick<HistoryEntry, 'seq'> }): string {
  return `${recordKind(recorded)} #${recorded.entry.seq} on ${recordTarget(endpointName, recorded)}`;
}

/** Identifies one history record: the resource it is on and its number. What an Undo button is bound to. */
export interface RecordRef {
  readonly on: 'endpoint' | 'deployment';
  readonly deploymentName?: string;
  readonly seq: number;
}

export type UndoCheck =
  | { readonly status: 'ok'; readonly recorded: RecordedRollback }
  | { readonly status: 'refused'; readonly message: string };

/**
 * Whether the record `ref` is still the change "undo" would revert. Refuses (never substitutes another record)
 * when it was already undone, when newer changes exist, or when it is no longer in the history.
 */
export function checkUndoOf(endpoint: OnlineEndpoint, deployments: readonly OnlineDeployment[], ref: RecordRef): UndoCheck {
  const label = `Rollback #${ref.seq} on ${recordTarget(endpoint.name, ref)}`;
  const own = ref.on === 'endpoint'
    ? readHistory(endpoint.tags)
    : readHistory(deploymentsOf(endpoint, deployments).find((d) => sameName(d.name, ref.deploymentName ?? ''))?.tags ?? {});
  const entry = own.find((e) => e.seq === ref.seq);
  if (!entry) return { status: 'refused', message: `${label} is no longer in the recorded history (the resource was recreated or the record pruned). Nothing was changed.` };
  const undoneBy = own.find((e) => e.undoes === ref.seq);
  if (undoneBy) return { status: 'refused', message: `${label} was already undone (by #${undoneBy.seq}). Nothing was changed.` };
  if (entry.action.startsWith('undo-')) return { status: 'refused', message: `${label} is itself an undo; it cannot be undone here. Nothing was changed.` };
  const latest = lastRollback(endpoint, deployments);
  if (!latest || latest.on !== ref.on || latest.entry.seq !== ref.seq || (ref.on === 'deployment' && !sameName(latest.deploymentName ?? '', ref.deploymentName ?? ''))) {
    const newest = endpointHistory(endpoint, deployments)[0];
    const since = newest ? ` (latest: ${describeRecord(endpoint.name, newest)}, ${newest.entry.action})` : '';
    return { status: 'refused', message: `${label} can no longer be undone: there are newer changes since${since}. Undoing it would revert them too. Nothing was changed.` };
  }
  return { status: 'ok', recorded: latest };
}
