/**
 * "Roll back deployment…" and "Undo last rollback": pick → plan (pure) → guards → modal confirmation showing
 * exactly what changes → execute with cancellable progress (cancel stops watching, not the service) → verify →
 * record (history tags, same PUT) → offer Undo.
 */
import { blockers, checkUndoOf, describePlan, describeRecord, lastRollback, planRollback, planUndo, questions, type ChangePlan, type RecordRef } from '../../core/deployments/rollbackPlan';
import { deploymentModelLabel, resolveModelReference, targetLabel, targetOfVersion, versionKey, type ModelVersionTarget } from '../../core/deployments/modelReference';
import { describeHistoryEntry } from '../../core/deployments/history';
import type { OnlineDeployment, OnlineEndpoint } from '../../core/deployments/types';
import { sameName, shareOf } from '../../core/deployments/types';
import type { ScopeRef } from '../../core/domain/ids';
import type { ModelVersion } from '../../core/domain/model';
import { InventoryError } from '../../core/errors';
import type { ChangeOutcome, DeploymentsPort } from '../../core/ports/deployments';
import type { Prompter, PromptItem } from '../../host/prompter';
import { formatShortDate } from '../../shared/dateText';
import type { CommandServices } from '../CommandServices';
import { versionArgument } from '../commandTargets';
import { pickSubscription } from '../pickers';
import { userCancelled, type CommandContext } from '../runCommand';
import { approvalBadge } from '../../tree/nodes/ModelVersionNode';
import { versionOfTarget, type DeploymentCommandServices } from './compareCommands';
import { escapeIcons } from '../../core/printable';

async function pick<T>(prompter: Prompter, placeHolder: string, items: readonly PromptItem<T>[]): Promise<T> {
  const picked = await prompter.pick(items, { placeHolder, matchOnDescription: true });
  if (picked === undefined) throw userCancelled();
  return picked;
}

function adapters(deps: DeploymentCommandServices): DeploymentsPort {
  const a = deps.hub.current();
  if (!a) throw new InventoryError('notSignedIn', 'Sign in to Azure to change deployments.');
  return a.deployments;
}

/** Endpoints live in workspaces only, so registries are not offered. */
async function pickWorkspace(services: CommandServices): Promise<ScopeRef> {
  const connection = services.connections.current();
  const subscription = await pickSubscription(connection, services.prompter);
  const items = connection.catalog.listWorkspaces(subscription.subscriptionId).then((workspaces) => {
    if (workspaces.length === 0) throw new InventoryError('notFound', `Subscription '${subscription.displayName || subscription.subscriptionId}' has no workspaces you can see.`);
    return workspaces.map((w) => ({ label: `$(server-environment) ${escapeIcons(w.name)}`, description: w.resourceGroup, value: w }));
  });
  const picked = await services.prompter.pick(items, { placeHolder: 'Select a workspace', matchOnDescription: true });
  if (picked === undefined) throw userCancelled();
  return { kind: 'workspace', subscriptionId: picked.subscriptionId, resourceGroup: picked.resourceGroup, name: picked.name };
}

interface EndpointChoice { readonly endpoint: OnlineEndpoint; readonly deployments: OnlineDeployment[] }

async function pickEndpoint(services: CommandServices, deps: DeploymentCommandServices, context: CommandContext, workspace: ScopeRef): Promise<EndpointChoice> {
  const data = await context.withProgress(`Reading the endpoints of ${workspace.name}…`, (signal) => adapters(deps).readWorkspace(workspace, { abortSignal: signal }));
  if (data.onlineEndpoints.length === 0) throw new InventoryError('notFound', `Workspace '${workspace.name}' has no online endpoints.`);
  const endpoint = await pick(services.prompter, 'Select an online endpoint', data.onlineEndpoints.map((e) => ({
    label: escapeIcons(e.name), description: `${Object.entries(e.traffic).map(([n, v]) => `${n} ${v} %`).join(', ') || 'no traffic'} · ${e.provisioningState ?? '?'}`, value: e,
  })));
  return { endpoint, deployments: data.onlineDeployments.filter((d) => d.endpointName.toLowerCase() === endpoint.name.toLowerCase()) };
}

/** The endpoint and its deployments as they are now (Retry after a blocked plan); says so when it was deleted. */
async function rereadEndpoint(deps: DeploymentCommandServices, context: CommandContext, workspace: ScopeRef, endpointName: string): Promise<EndpointChoice> {
  const data = await context.withProgress(`Reading ${endpointName} again…`, (signal) => adapters(deps).readWorkspace(workspace, { abortSignal: signal }));
  const endpoint = data.onlineEndpoints.find((e) => e.name.toLowerCase() === endpointName.toLowerCase());
  if (!endpoint) throw new InventoryError('notFound', `Endpoint '${endpointName}' no longer exists (deleted meanwhile). Nothing was changed.`);
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
      description: [key === current.key ? 'live here' : undefined, c.servedBy.length ? `served by ${c.servedBy.join(', ')}` : undefined, formatShortDate(c.version?.createdAt), c.version?.isArchived ? 'archived' : undefined, c.version ? approvalBadge(c.version, connection.settings.approvalTagKey) : undefined].filter(Boolean).join(' · '),
      detail: c.version ? Object.entries(c.version.tags).slice(0, 5).map(([k, v]) => `${k}=${v}`).join('  ') : undefined,
      value: { target: c.target, isArchived: !!c.version?.isArchived },
    }));
  return pick(services.prompter, `Roll ${deployment.name} back to… (newest first; the live version is marked)`, items);
}

/**
 * Guards, questions, reason and the modal confirmation, then the change. `retry`: the plan was blocked by a state
 * that may pass (an update still running) and the user chose Retry, so the caller reads the state again and
 * re-plans; undefined: blocked, nothing done.
 */
interface ConfirmText {
  /** Modal title; default `${verb}?`. */
  readonly title?: string;
  /** Lines shown above the plan in the modal. */
  readonly lead?: readonly string[];
  /** Show the modal (what will change) before asking for the reason. */
  readonly confirmFirst?: boolean;
}

async function confirmAndRun(services: CommandServices, deps: DeploymentCommandServices, context: CommandContext, plan: ChangePlan, verb: string, text: ConfirmText = {}): Promise<ChangeOutcome | 'retry' | undefined> {
  const { prompter } = services;
  const blocking = blockers(plan);
  if (blocking.length) {
    const message = blocking.map((b) => b.message).join(' ');
    services.logger.info(`${verb} refused: ${message}`);
    const chosen = blocking.some((b) => b.retryable)
      ? await prompter.confirm(message, { severity: 'warning' }, 'Retry')
      : await prompter.confirm(message, { severity: 'warning' });
    return chosen === 'Retry' ? 'retry' : undefined;
  }
  for (const q of questions(plan)) {
    if ((await prompter.confirm(q.message, { modal: true, severity: 'warning' }, 'Continue')) !== 'Continue') throw userCancelled();
  }
  const askReason = async (): Promise<string> => {
    const reason = await prompter.input({ prompt: 'Reason (optional; recorded in the deployment history)' });
    if (reason === undefined) throw userCancelled();
    return reason;
  };
  let reason = text.confirmFirst ? undefined : await askReason();
  const confirmed = await prompter.confirm(text.title ?? `${verb}?`, { modal: true, severity: 'warning', detail: [...(text.lead ?? []), ...describePlan(plan)].join('\n') }, verb);
  if (confirmed !== verb) throw userCancelled();
  reason ??= await askReason();
  let outcome = await run(services, deps, context, plan, (options) => adapters(deps).execute(plan, options), reason);
  while (outcome.status === 'inProgress') {
    const message = outcome.reason === 'cancelled'
      ? `Stopped watching. The update was not cancelled and continues in Azure: ${outcome.operationUrl}`
      : `The update is still in progress after the wait: ${outcome.operationUrl}`;
    if ((await prompter.confirm(message, { severity: 'warning' }, 'Keep Watching')) !== 'Keep Watching') return outcome;
    const url = outcome.operationUrl;
    outcome = await run(services, deps, context, plan, (options) => adapters(deps).resume(plan, url, options), reason);
  }
  await deps.hub.changed(plan.workspace);
  if (outcome.status === 'failed') {
    prompter.notify(`${verb} failed: ${outcome.message} ${outcome.stateUnchanged === true ? 'Nothing was changed.' : outcome.stateUnchanged === false ? 'The resource is NOT in its previous state; check it.' : 'The current state could not be read.'}`, 'error');
  } else if (outcome.status === 'unverified') {
    prompter.notify(outcome.message, 'warning');
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
  // From a version (tree node or details panel): "deploy this version here instead".
  const fromVersion = versionArgument(arg);
  const workspace = fromVersion?.scope.kind === 'workspace'
    ? { kind: 'workspace' as const, subscriptionId: fromVersion.scope.subscriptionId, resourceGroup: fromVersion.scope.resourceGroup, name: fromVersion.scope.name }
    : await pickWorkspace(services);
  let choice = await pickEndpoint(services, deps, context, workspace);
  const picked = await pick(services.prompter, `Select the deployment of ${choice.endpoint.name}`, choice.deployments.map((d) => {
    const model = deploymentModelLabel(d.model, { workspace, workspaceByGuid: deps.hub.workspaceByGuid });
    return {
      label: escapeIcons(d.name), description: `${shareOf(choice.endpoint.traffic, d.name)} % · ${escapeIcons(model.label)} · ${d.provisioningState ?? '?'}`,
      ...(model.detail ? { detail: escapeIcons(model.detail) } : {}), value: d,
    };
  }));
  const target = fromVersion ? { target: targetOfVersion(fromVersion), isArchived: fromVersion.isArchived } : await pickTarget(services, context, choice, picked);
  let strategy: ChangePlan['kind'] | undefined;
  for (;;) {
    const deployment = choice.deployments.find((d) => sameName(d.name, picked.name));
    if (!deployment) throw new InventoryError('notFound', `Deployment '${picked.name}' of '${choice.endpoint.name}' no longer exists (deleted meanwhile). Nothing was changed.`);
    const options = planRollback({ endpoint: choice.endpoint, deployments: choice.deployments, deploymentName: deployment.name, target, context: { workspace, workspaceByGuid: deps.hub.workspaceByGuid } });
    const strategies: PromptItem<ChangePlan>[] = [
      { label: 'Swap the model in place', description: `${deployment.name}: ${options.swap.fromLabel} → ${options.swap.toLabel}`, detail: 'Updates the deployment (an Azure operation that can take minutes); traffic stays as it is.', value: options.swap },
      ...(options.shift ? [{ label: 'Shift traffic', description: options.shift.toLabel, detail: `Moves ${deployment.name}'s traffic to ${options.shift.toDeployment}, which already serves ${targetLabel(target.target)}. Every other share and the mirror setting stay.`, value: options.shift }] : []),
    ];
    // After Retry the strategy chosen before is kept while it is still offered.
    const again = strategies.find((s) => s.value.kind === strategy)?.value;
    const plan = again ?? (strategies.length === 1 ? strategies[0]!.value : await pick(services.prompter, options.shiftUnavailable ?? 'Choose how to roll back', strategies));
    strategy = plan.kind;
    const outcome = await confirmAndRun(services, deps, context, plan, 'Roll Back');
    if (outcome === 'retry') {
      choice = await rereadEndpoint(deps, context, workspace, choice.endpoint.name);
      continue;
    }
    if (outcome?.status === 'succeeded') {
      const what = plan.kind === 'swap' ? `${choice.endpoint.name}/${deployment.name} now serves ${targetLabel(target.target)}` : `${choice.endpoint.name} traffic is ${plan.toLabel}`;
      // The Undo button is bound to this record: it never undoes a different (newer or older) change.
      const ref: RecordRef = plan.kind === 'swap' ? { on: 'deployment', deploymentName: deployment.name, seq: outcome.entry.seq } : { on: 'endpoint', seq: outcome.entry.seq };
      const undo = await services.prompter.confirm(`Rolled back: ${what} (verified, recorded as #${outcome.entry.seq}).`, {}, 'Undo');
      if (undo === 'Undo') await undoOn(services, deps, context, workspace, choice.endpoint.name, ref);
    }
    return;
  }
}

/**
 * Undoes `ref` (an Undo button bound to one record) or, without it, the endpoint's latest undoable change. A bound
 * record that was already undone, or has newer changes since, is refused: nothing else is undone in its place.
 */
async function undoOn(services: CommandServices, deps: DeploymentCommandServices, context: CommandContext, workspace: ScopeRef, endpointName: string, ref?: RecordRef): Promise<void> {
  let choice = await rereadEndpoint(deps, context, workspace, endpointName);
  for (;;) {
    let recorded;
    if (ref) {
      const check = checkUndoOf(choice.endpoint, choice.deployments, ref);
      if (check.status === 'refused') {
        services.logger.info(`Undo refused: ${check.message}`);
        services.prompter.notify(check.message, 'warning');
        return;
      }
      recorded = check.recorded;
    } else {
      recorded = lastRollback(choice.endpoint, choice.deployments);
      if (!recorded) {
        services.prompter.notify(`No rollback of '${endpointName}' is waiting to be undone.`);
        return;
      }
    }
    const plan = planUndo({ endpoint: choice.endpoint, deployments: choice.deployments, recorded, context: { workspace, workspaceByGuid: deps.hub.workspaceByGuid } });
    const what = describeRecord(choice.endpoint.name, recorded);
    services.logger.info(`Undoing ${what}: ${describeHistoryEntry(recorded.entry)}`);
    const outcome = await confirmAndRun(services, deps, context, plan, 'Undo Rollback', {
      title: `Undo ${what}?`, lead: [`Undoes: ${describeHistoryEntry(recorded.entry)}`], confirmFirst: true,
    });
    if (outcome === 'retry') {
      choice = await rereadEndpoint(deps, context, workspace, endpointName);
      continue;
    }
    if (outcome?.status === 'succeeded') services.prompter.notify(`Undid ${what} (verified).`);
    return;
  }
}

export async function undoLastRollback(services: CommandServices, deps: DeploymentCommandServices, context: CommandContext): Promise<void> {
  const workspace = await pickWorkspace(services);
  const choice = await pickEndpoint(services, deps, context, workspace);
  await undoOn(services, deps, context, workspace, choice.endpoint.name);
}
