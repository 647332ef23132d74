/**
 * "Roll back deployment…" and "Undo last rollback": pick → plan (pure) → guards → modal confirmation showing
 * exactly what changes → execute with cancellable progress (cancel stops watching, not the service) → verify →
 * record (history tags, same PUT) → offer Undo.
 */
import * as vscode from 'vscode';
import { blockers, describePlan, lastRollback, planRollback, planUndo, questions, type ChangePlan } from '../../core/deployments/rollbackPlan';
import { resolveModelReference, targetLabel, targetOfVersion, versionKey, type ModelVersionTarget } from '../../core/deployments/modelReference';
import { describeHistoryEntry } from '../../core/deployments/history';
import type { OnlineDeployment, OnlineEndpoint } from '../../core/deployments/types';
import { shareOf } from '../../core/deployments/types';
import type { ScopeRef } from '../../core/domain/ids';
import type { ModelVersion } from '../../core/domain/model';
import { InventoryError } from '../../core/errors';
import type { ChangeOutcome, DeploymentsPort } from '../../core/ports/deployments';
import type { CommandServices } from '../CommandServices';
import { pickScope, pickSubscription } from '../pickers';
import { userCancelled, type CommandContext } from '../runCommand';
import { ModelVersionNode } from '../../tree/nodes/ModelVersionNode';
import { versionOfTarget, type DeploymentCommandServices } from './compareCommands';

async function pick<T>(placeHolder: string, items: ReadonlyArray<vscode.QuickPickItem & { value: T }>): Promise<T> {
  const picked = await vscode.window.showQuickPick(items as Array<vscode.QuickPickItem & { value: T }>, { placeHolder, ignoreFocusOut: true, matchOnDescription: true });
  if (!picked) throw userCancelled();
  return picked.value;
}

function adapters(deps: DeploymentCommandServices): DeploymentsPort {
  const a = deps.hub.current();
  if (!a) throw new InventoryError('notSignedIn', 'Sign in to Azure to change deployments.');
  return a.deployments;
}

async function pickWorkspace(services: CommandServices): Promise<ScopeRef> {
  const connection = services.connections.current();
  const scope = await pickScope(connection, await pickSubscription(connection));
  if (scope.kind !== 'workspace') throw new InventoryError('validation', 'Endpoints live in workspaces; pick a workspace.');
  return { kind: 'workspace', subscriptionId: scope.subscriptionId, resourceGroup: scope.resourceGroup, name: scope.name };
}

interface EndpointChoice { readonly endpoint: OnlineEndpoint; readonly deployments: OnlineDeployment[] }

async function pickEndpoint(deps: DeploymentCommandServices, context: CommandContext, workspace: ScopeRef): Promise<EndpointChoice> {
  const data = await context.withProgress(`Reading the endpoints of ${workspace.name}…`, (signal) => adapters(deps).readWorkspace(workspace, { abortSignal: signal }));
  if (data.onlineEndpoints.length === 0) throw new InventoryError('notFound', `Workspace '${workspace.name}' has no online endpoints.`);
  const endpoint = await pick('Select an online endpoint', data.onlineEndpoints.map((e) => ({
    label: e.name, description: `${Object.entries(e.traffic).map(([n, v]) => `${n} ${v} %`).join(', ') || 'no traffic'} · ${e.provisioningState ?? '?'}`, value: e,
  })));
  return { endpoint, deployments: data.onlineDeployments.filter((d) => d.endpointName.toLowerCase() === endpoint.name.toLowerCase()) };
}

/** Candidates newest first: versions of the served model plus versions other deployments of the endpoint serve. */
async function pickTarget(services: CommandServices, context: CommandContext, choice: EndpointChoice, deployment: OnlineDeployment): Promise<{ target: ModelVersionTarget; isArchived: boolean }> {
  const connection = services.connections.current();
  const ctx = { workspace: deployment.workspace };
  const current = resolveModelReference(deployment.model, ctx);
  const candidates = new Map<string, { target: ModelVersionTarget; version?: ModelVersion; servedBy: string[] }>();
  for (const d of choice.deployments) {
    const ref = resolveModelReference(d.model, ctx);
    if (ref.status !== 'resolved') continue;
    const entry = candidates.get(ref.key) ?? { target: ref.target, servedBy: [] };
    entry.servedBy.push(`${d.name} ${shareOf(choice.endpoint.traffic, d.name)} %`);
    candidates.set(ref.key, entry);
  }
  if (current.status === 'resolved') {
    await context.withProgress(`Listing versions of ${current.target.modelName}…`, async (signal) => {
      const scopeVersion = await versionOfTarget(connection, current.target, signal).catch(() => undefined);
      if (!scopeVersion) return;
      const page = await connection.catalog.listVersions(scopeVersion.scope, current.target.modelName, { listViewType: 'All', top: 50, orderBy: 'createdtime desc' }, { abortSignal: signal });
      for (const v of page.items) {
        const key = versionKey(v);
        const existing = candidates.get(key);
        candidates.set(key, { target: targetOfVersion(v), version: v, servedBy: existing?.servedBy ?? [] });
      }
    });
  }
  const items = [...candidates.entries()]
    .sort(([, a], [, b]) => (b.version?.createdAt?.getTime() ?? 0) - (a.version?.createdAt?.getTime() ?? 0))
    .map(([key, c]) => ({
      label: `${key === current.key ? '$(pass-filled) ' : ''}${targetLabel(c.target)}`,
      description: [key === current.key ? 'live here' : undefined, c.servedBy.length ? `served by ${c.servedBy.join(', ')}` : undefined, c.version?.createdAt?.toISOString().slice(0, 10), c.version?.isArchived ? 'archived' : undefined].filter(Boolean).join(' · '),
      detail: c.version ? Object.entries(c.version.tags).slice(0, 5).map(([k, v]) => `${k}=${v}`).join('  ') : undefined,
      value: { target: c.target, isArchived: !!c.version?.isArchived },
    }));
  return pick(`Roll ${deployment.name} back to… (newest first; the live version is marked)`, items);
}

async function confirmAndRun(services: CommandServices, deps: DeploymentCommandServices, context: CommandContext, plan: ChangePlan, verb: string): Promise<ChangeOutcome | undefined> {
  const blocking = blockers(plan);
  if (blocking.length) {
    const retry = blocking.some((b) => b.retryable) ? 'Retry' : undefined;
    const chosen = await vscode.window.showWarningMessage(blocking.map((b) => b.message).join(' '), ...(retry ? [retry] : []));
    if (chosen === 'Retry') throw new InventoryError('cancelled', 'retry');
    return undefined;
  }
  for (const q of questions(plan)) {
    if ((await vscode.window.showWarningMessage(q.message, { modal: true }, 'Continue')) !== 'Continue') throw userCancelled();
  }
  const reason = await vscode.window.showInputBox({ prompt: 'Reason (optional; recorded in the deployment history)', ignoreFocusOut: true });
  if (reason === undefined) throw userCancelled();
  const confirmed = await vscode.window.showWarningMessage(`${verb}?`, { modal: true, detail: describePlan(plan).join('\n') }, verb);
  if (confirmed !== verb) throw userCancelled();
  let outcome = await run(services, deps, context, plan, (options) => adapters(deps).execute(plan, options), reason);
  while (outcome.status === 'inProgress') {
    const message = outcome.reason === 'cancelled'
      ? `Stopped watching. The update was not cancelled and continues in Azure: ${outcome.operationUrl}`
      : `The update is still in progress after the wait: ${outcome.operationUrl}`;
    if ((await vscode.window.showWarningMessage(message, 'Keep Watching')) !== 'Keep Watching') return outcome;
    const url = outcome.operationUrl;
    outcome = await run(services, deps, context, plan, (options) => adapters(deps).resume(plan, url, options), reason);
  }
  await deps.hub.changed(plan.workspace);
  if (outcome.status === 'failed') {
    void vscode.window.showErrorMessage(`${verb} failed: ${outcome.message} ${outcome.stateUnchanged === true ? 'Nothing was changed.' : outcome.stateUnchanged === false ? 'The resource is NOT in its previous state; check it.' : 'The current state could not be read.'}`);
  } else if (outcome.status === 'unverified') {
    void vscode.window.showWarningMessage(outcome.message);
  }
  return outcome;
}

function run(services: CommandServices, deps: DeploymentCommandServices, context: CommandContext, plan: ChangePlan, go: (options: Parameters<DeploymentsPort['execute']>[1]) => Promise<ChangeOutcome>, reason: string): Promise<ChangeOutcome> {
  return context.withProgress(`Updating ${plan.endpointName}${plan.kind === 'swap' ? `/${plan.deploymentName}` : ''}…`, (abortSignal) => go({
    who: deps.who(), ...(reason ? { reason } : {}), abortSignal,
    onProgress: (p) => {
      if (p.phase === 'started' && p.operationUrl) services.logger.info(`Watching operation ${p.operationUrl}`);
      if (p.phase === 'polling') services.logger.trace(`Operation status ${p.status} after ${Math.round(p.elapsedMs / 1000)} s`);
    },
  }));
}

export async function rollbackDeployment(services: CommandServices, deps: DeploymentCommandServices, context: CommandContext, arg: unknown): Promise<void> {
  const fromVersion = arg instanceof ModelVersionNode ? arg.version : undefined;
  const workspace = fromVersion?.scope.kind === 'workspace'
    ? { kind: 'workspace' as const, subscriptionId: fromVersion.scope.subscriptionId, resourceGroup: fromVersion.scope.resourceGroup, name: fromVersion.scope.name }
    : await pickWorkspace(services);
  const choice = await pickEndpoint(deps, context, workspace);
  const deployment = await pick(`Select the deployment of ${choice.endpoint.name}`, choice.deployments.map((d) => ({
    label: d.name, description: `${shareOf(choice.endpoint.traffic, d.name)} % · ${d.model ?? '(no model)'} · ${d.provisioningState ?? '?'}`, value: d,
  })));
  const target = fromVersion ? { target: targetOfVersion(fromVersion), isArchived: fromVersion.isArchived } : await pickTarget(services, context, choice, deployment);
  const options = planRollback({ endpoint: choice.endpoint, deployments: choice.deployments, deploymentName: deployment.name, target, context: { workspace, workspaceByGuid: deps.hub.workspaceByGuid } });
  const strategies = [
    { label: 'Swap the model in place', description: `${deployment.name}: ${options.swap.fromLabel} → ${options.swap.toLabel}`, detail: 'Updates the deployment (an Azure operation that can take minutes); traffic stays as it is.', value: options.swap as ChangePlan },
    ...(options.shift ? [{ label: 'Shift traffic', description: options.shift.toLabel, detail: `Moves ${deployment.name}'s traffic to ${options.shift.toDeployment}, which already serves ${targetLabel(target.target)}. Every other share and the mirror setting stay.`, value: options.shift as ChangePlan }] : []),
  ];
  const plan = strategies.length === 1 ? strategies[0]!.value : await pick(options.shiftUnavailable ?? 'Choose how to roll back', strategies);
  const outcome = await confirmAndRun(services, deps, context, plan, 'Roll Back');
  if (outcome?.status === 'succeeded') {
    const choiceMade = await vscode.window.showInformationMessage(`Rolled back ${choice.endpoint.name}/${deployment.name} to ${targetLabel(target.target)} (verified, recorded as #${outcome.entry.seq}).`, 'Undo');
    if (choiceMade === 'Undo') await undoOn(services, deps, context, workspace, choice.endpoint.name);
  }
}

async function undoOn(services: CommandServices, deps: DeploymentCommandServices, context: CommandContext, workspace: ScopeRef, endpointName: string): Promise<void> {
  const data = await context.withProgress('Reading the rollback history…', (signal) => adapters(deps).readWorkspace(workspace, { abortSignal: signal }));
  const endpoint = data.onlineEndpoints.find((e) => e.name.toLowerCase() === endpointName.toLowerCase());
  if (!endpoint) throw new InventoryError('notFound', `Endpoint '${endpointName}' no longer exists.`);
  const recorded = lastRollback(endpoint, data.onlineDeployments);
  if (!recorded) {
    void vscode.window.showInformationMessage(`No rollback of '${endpointName}' is waiting to be undone.`);
    return;
  }
  const plan = planUndo({ endpoint, deployments: data.onlineDeployments, recorded, context: { workspace, workspaceByGuid: deps.hub.workspaceByGuid } });
  services.logger.info(`Undoing ${describeHistoryEntry(recorded.entry)}`);
  const outcome = await confirmAndRun(services, deps, context, plan, 'Undo Rollback');
  if (outcome?.status === 'succeeded') void vscode.window.showInformationMessage(`Undid rollback #${recorded.entry.seq} on ${endpointName} (verified).`);
}

export async function undoLastRollback(services: CommandServices, deps: DeploymentCommandServices, context: CommandContext): Promise<void> {
  const workspace = await pickWorkspace(services);
  const choice = await pickEndpoint(deps, context, workspace);
  await undoOn(services, deps, context, workspace, choice.endpoint.name);
}
