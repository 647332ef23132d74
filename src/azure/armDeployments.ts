/**
 * `DeploymentsPort` over ARM with raw 2024-04-01 requests through the subscription's client pipeline (see
 * apiVersions.deployments for why not the 2.1.1 operations). Reads: a workspace's endpoints in round 1, every
 * endpoint's deployments in round 2 (bounded parallelism). Changes: re-read → check nothing moved since the plan →
 * one PUT carrying the change and its history record → watch the LRO → read back until it matches.
 */
import type { ServiceClient } from '@azure/core-client';
import { isRestError, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { ScopeRef } from '../core/domain/ids';
import { InventoryError } from '../core/errors';
import { readHistory, withHistoryEntry, type HistoryEntry } from '../core/deployments/history';
import { resolveModelReference } from '../core/deployments/modelReference';
import { nextRollbackSeq, type ChangePlan, type ShiftPlan, type SwapPlan } from '../core/deployments/rollbackPlan';
import { describeTraffic, formatTrafficCompact, sameTraffic, validateTrafficChange } from '../core/deployments/traffic';
import { isTerminalState, sameName, type OnlineDeployment, type OnlineEndpoint, type TrafficMap, type WorkspaceDeployments } from '../core/deployments/types';
import type { CallOptions } from '../core/ports/catalog';
import type { ChangeOptions, ChangeOutcome, DeploymentsPort, ObservedState } from '../core/ports/deployments';
import { apiVersions } from './apiVersions';
import { getAllPages } from './armRequest';
import { operationUrlOf, sendJson, watchOperation, type LroResult } from './armLro';
import type { ArmClientFactory } from './clientFactory';
import { toBatchDeployment, toBatchEndpoint, toOnlineDeployment, toOnlineEndpoint, type RawTrackedResource } from './deploymentMappers';
import { toInventoryError } from './errorMapping';
import { pathSegment, scopeUrl } from './urlSegment';

export interface ArmDeploymentsSettings {
  /** Parallel requests per index read (default 32: 30 endpoints fit in one round). */
  readonly concurrency?: number;
  /** Read-back attempts after a change (default 5) and the pause between them (default 750 ms). */
  readonly verifyAttempts?: number;
  readonly verifyDelayMs?: number;
  /** Where operation URLs and change steps are logged. */
  readonly log?: (line: string) => void;
}

/** Runs `task` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Fields the service owns; not sent back on PUT. */
function putBody(raw: RawTrackedResource, properties: Record<string, unknown>, tags: Record<string, string>): Record<string, unknown> {
  const { id: _id, name: _name, type: _type, systemData: _systemData, ...rest } = raw as Record<string, unknown>;
  const { provisioningState: _state, ...props } = properties;
  return { ...rest, tags, properties: props };
}

export class ArmDeployments implements DeploymentsPort {
  private readonly concurrency: number;
  private readonly verifyAttempts: number;
  private readonly verifyDelayMs: number;

  constructor(private readonly clients: ArmClientFactory, private readonly settings: ArmDeploymentsSettings = {}) {
    this.concurrency = settings.concurrency ?? 32;
    this.verifyAttempts = settings.verifyAttempts ?? 5;
    this.verifyDelayMs = settings.verifyDelayMs ?? 750;
  }

  // ---- reads ----

  readWorkspace(workspace: ScopeRef, options: CallOptions = {}): Promise<WorkspaceDeployments> {
    return this.call(`list the endpoints of workspace '${workspace.name}'`, options, async () => {
      const client = this.client(workspace);
      const query = { 'api-version': apiVersions.deployments };
      // Round 1: both endpoint lists at once.
      const [online, batch] = await Promise.all([
        getAllPages<RawTrackedResource>(client, `${scopeUrl(this.clients.endpoint, workspace)}/onlineEndpoints`, query, options),
        getAllPages<RawTrackedResource>(client, `${scopeUrl(this.clients.endpoint, workspace)}/batchEndpoints`, query, options),
      ]);
      const onlineEndpoints = online.map((e) => toOnlineEndpoint(workspace, e));
      const batchEndpoints = batch.map((e) => toBatchEndpoint(workspace, e));
      // Round 2: every endpoint's deployments at once (bounded).
      const jobs = [
        ...onlineEndpoints.map((e) => ({ kind: 'online' as const, name: e.name })),
        ...batchEndpoints.map((e) => ({ kind: 'batch' as const, name: e.name })),
      ];
      const lists = await mapLimit(jobs, this.concurrency, async (job) => {
        const collection = job.kind === 'online' ? 'onlineEndpoints' : 'batchEndpoints';
        const url = `${scopeUrl(this.clients.endpoint, workspace)}/${collection}/${pathSegment(job.name, 'Endpoint name')}/deployments`;
        try {
          return { job, items: await getAllPages<RawTrackedResource>(client, url, query, options) };
        } catch (error) {
          // An endpoint deleted between the two rounds has no deployments to show; anything else is an error.
          if (isRestError(error) && error.statusCode === 404) return { job, items: [] };
          throw error;
        }
      });
      return {
        workspace,
        onlineEndpoints,
        batchEndpoints,
        onlineDeployments: lists.filter((l) => l.job.kind === 'online').flatMap((l) => l.items.map((d) => toOnlineDeployment(workspace, l.job.name, d))),
        batchDeployments: lists.filter((l) => l.job.kind === 'batch').flatMap((l) => l.items.map((d) => toBatchDeployment(workspace, l.job.name, d))),
        readAt: new Date(),
      };
    });
  }

  getEndpoint(workspace: ScopeRef, endpointName: string, options: CallOptions = {}): Promise<OnlineEndpoint> {
    return this.call(`read endpoint '${endpointName}'`, options, async () => toOnlineEndpoint(workspace, await this.getRaw(workspace, this.endpointUrl(workspace, endpointName), options)));
  }

  listOnlineDeployments(workspace: ScopeRef, endpointName: string, options: CallOptions = {}): Promise<OnlineDeployment[]> {
    return this.call(`list the deployments of endpoint '${endpointName}'`, options, async () => {
      const url = `${scopeUrl(this.clients.endpoint, workspace)}/onlineEndpoints/${pathSegment(endpointName, 'Endpoint name')}/deployments`;
      const items = await getAllPages<RawTrackedResource>(this.client(workspace), url, { 'api-version': apiVersions.deployments }, options);
      return items.map((d) => toOnlineDeployment(workspace, endpointName, d));
    });
  }

  // ---- changes ----

  async setTraffic(workspace: ScopeRef, endpointName: string, traffic: TrafficMap, options: ChangeOptions): Promise<ChangeOutcome> {
    const endpoint = await this.getEndpoint(workspace, endpointName, options);
    const deployments = await this.listOnlineDeployments(workspace, endpointName, options);
    const problems = validateTrafficChange({ before: endpoint.traffic, after: traffic, mirror: endpoint.mirrorTraffic, deployments: deployments.map((d) => d.name) });
    if (problems.length) throw new InventoryError('validation', `Traffic for '${endpointName}' was not sent: ${problems.map((p) => p.message).join(' ')}`);
    const plan: ShiftPlan = {
      kind: 'shift', workspace, endpointName: endpoint.name, trafficBefore: endpoint.traffic, trafficAfter: traffic, mirrorTraffic: endpoint.mirrorTraffic,
      fromLabel: describeTraffic(endpoint.traffic), toLabel: describeTraffic(traffic), models: {},
      history: { action: 'shift', from: formatTrafficCompact(endpoint.traffic), to: formatTrafficCompact(traffic), seq: nextRollbackSeq(endpoint, deployments) }, issues: [],
    };
    return this.execute(plan, options);
  }

  async execute(plan: ChangePlan, options: ChangeOptions): Promise<ChangeOutcome> {
    const blocked = plan.issues.filter((i) => i.severity === 'block');
    if (blocked.length) throw new InventoryError('validation', blocked.map((b) => b.message).join(' '));
    options.onProgress?.({ phase: 'sending' });
    const started = plan.kind === 'swap' ? await this.startSwap(plan, options) : await this.startShift(plan, options);
    return started.operation
      ? this.finish(plan, started.operation, options, started.entry, started.headers)
      : this.verify(plan, started.entry, undefined, options);
  }

  async resume(plan: ChangePlan, operationUrl: string, options: ChangeOptions): Promise<ChangeOutcome> {
    const mode = /mfeOperationResults/i.test(operationUrl) ? 'location' as const : 'status' as const;
    // The entry was written with the PUT; read it back for the outcome.
    return this.finish(plan, { url: operationUrl, mode }, options, undefined, undefined);
  }

  private async startSwap(plan: SwapPlan, options: ChangeOptions): Promise<Started> {
    const action = `update deployment '${plan.deploymentName}' of endpoint '${plan.endpointName}'`;
    const url = this.deploymentUrl(plan.workspace, plan.endpointName, plan.deploymentName);
    return this.call(action, options, async () => {
      const endpoint = toOnlineEndpoint(plan.workspace, await this.getRaw(plan.workspace, this.endpointUrl(plan.workspace, plan.endpointName), options, 'endpoint'));
      const raw = await this.getRaw(plan.workspace, url, options, 'deployment');
      const current = toOnlineDeployment(plan.workspace, plan.endpointName, raw);
      this.requireTerminal(endpoint, current);
      if (!this.sameModel(plan.workspace, current.model, plan.fromModel)) {
        throw new InventoryError('conflict', `Deployment '${plan.deploymentName}' changed since the plan was made: it now serves '${current.model ?? '(none)'}'. Nothing was changed; start again.`);
      }
      // Numbered after the endpoint's records as they are now too (unique per endpoint; see nextRollbackSeq).
      const seq = Math.max(plan.history.seq ?? 0, nextRollbackSeq(endpoint, [current]));
      const { tags, entry } = withHistoryEntry(current.tags, { at: new Date(), action: plan.history.action, who: options.who, ...(options.reason ? { reason: options.reason } : {}), from: plan.history.from, to: plan.history.to, ...(plan.history.undoes !== undefined ? { undoes: plan.history.undoes } : {}) }, seq);
      const properties = { ...((raw.properties ?? {}) as Record<string, unknown>), model: plan.toModel };
      return this.put(plan.workspace, url, putBody(raw, properties, tags), entry, options, action);
    });
  }

  private async startShift(plan: ShiftPlan, options: ChangeOptions): Promise<Started> {
    const action = `update the traffic of endpoint '${plan.endpointName}'`;
    const url = this.endpointUrl(plan.workspace, plan.endpointName);
    return this.call(action, options, async () => {
      const raw = await this.getRaw(plan.workspace, url, options, 'endpoint');
      const endpoint = toOnlineEndpoint(plan.workspace, raw);
      const deployments = await this.listOnlineDeployments(plan.workspace, plan.endpointName, options);
      this.requireTerminal(endpoint);
      if (!sameTraffic(endpoint.traffic, plan.trafficBefore) || !sameTraffic(endpoint.mirrorTraffic, plan.mirrorTraffic)) {
        throw new InventoryError('conflict', `The traffic of '${plan.endpointName}' changed since the plan was made (now ${describeTraffic(endpoint.traffic)}). Nothing was changed; start again.`);
      }
      const problems = validateTrafficChange({ before: endpoint.traffic, after: plan.trafficAfter, mirror: endpoint.mirrorTraffic, deployments: deployments.map((d) => d.name) });
      if (problems.length) throw new InventoryError('validation', `Traffic for '${plan.endpointName}' was not sent: ${problems.map((p) => p.message).join(' ')}`);
      const receiving = plan.toDeployment ? deployments.find((d) => sameName(d.name, plan.toDeployment!)) : undefined;
      if (plan.toDeployment && receiving?.provisioningState?.toLowerCase() !== 'succeeded') {
        throw new InventoryError('conflict', `Deployment '${plan.toDeployment}' is ${receiving?.provisioningState ?? 'gone'}; traffic can only move to a deployment that succeeded. Nothing was changed.`);
      }
      // Numbered after every record of the endpoint and its deployments as they are now (unique per endpoint).
      const seq = Math.max(plan.history.seq ?? 0, nextRollbackSeq(endpoint, deployments));
      const { tags, entry } = withHistoryEntry(endpoint.tags, { at: new Date(), action: plan.history.action, who: options.who, ...(options.reason ? { reason: options.reason } : {}), from: plan.history.from, to: plan.history.to, ...(plan.history.undoes !== undefined ? { undoes: plan.history.undoes } : {}) }, seq);
      // Full map (every deployment listed) and the mirror map exactly as read.
      const properties = { ...((raw.properties ?? {}) as Record<string, unknown>), traffic: { ...plan.trafficAfter }, mirrorTraffic: { ...endpoint.mirrorTraffic } };
      return this.put(plan.workspace, url, putBody(raw, properties, tags), entry, options, action);
    });
  }

  private async put(workspace: ScopeRef, url: string, body: unknown, entry: HistoryEntry, options: ChangeOptions, action: string): Promise<Started> {
    const response = await sendJson<RawTrackedResource>(this.client(workspace), 'PUT', url, body, options.abortSignal);
    const operation = operationUrlOf(response);
    this.settings.log?.(`${action}: PUT answered ${response.status}${operation ? `; watching ${operation.url}` : ''}`);
    options.onProgress?.({ phase: 'started', ...(operation ? { operationUrl: operation.url } : {}) });
    return { operation, entry, headers: response.headers };
  }

  private async finish(plan: ChangePlan, operation: { url: string; mode: 'status' | 'location' }, options: ChangeOptions, entry: HistoryEntry | undefined, headers: Started['headers']): Promise<ChangeOutcome> {
    let result: LroResult;
    try {
      result = await watchOperation(this.client(plan.workspace), operation, {
        maxWaitMs: options.maxWaitMs ?? 15 * 60_000,
        ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
        ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
        onPoll: (status, elapsedMs) => options.onProgress?.({ phase: 'polling', status, elapsedMs }),
      }, headers);
    } catch (error) {
      const mapped = toInventoryError(error, { action: `watch the operation ${operation.url}` });
      throw new InventoryError(mapped.kind, `${mapped.message} The change may still be in progress; watch ${operation.url}.`, mapped.details);
    }
    if (result.state === 'watching-stopped') {
      this.settings.log?.(`Stopped watching ${result.operationUrl} (${result.reason}); the service operation continues.`);
      return { status: 'inProgress', reason: result.reason, operationUrl: result.operationUrl };
    }
    if (result.state === 'failed') {
      this.settings.log?.(`Operation ${operation.url} ended ${result.status}: ${result.message}`);
      const observed = await this.observe(plan).catch(() => ({}) as ObservedState);
      return {
        status: 'failed', message: result.message, ...(result.code ? { code: result.code } : {}), operationUrl: operation.url,
        stateUnchanged: this.isUnchanged(plan, observed), observed,
      };
    }
    return this.verify(plan, entry, operation.url, options);
  }

  private async verify(plan: ChangePlan, entry: HistoryEntry | undefined, operationUrl: string | undefined, options: ChangeOptions): Promise<ChangeOutcome> {
    let observed: ObservedState = {};
    for (let attempt = 1; attempt <= this.verifyAttempts; attempt++) {
      options.onProgress?.({ phase: 'verifying', attempt });
      try {
        observed = await this.observe(plan, options);
        const recorded = this.recordedEntry(plan, observed, entry);
        if (this.matches(plan, observed) && recorded) {
          this.settings.log?.(`Verified ${plan.kind} on '${plan.endpointName}' (attempt ${attempt}).`);
          return { status: 'succeeded', entry: recorded, ...(operationUrl ? { operationUrl } : {}), observed };
        }
      } catch (error) {
        if (attempt === this.verifyAttempts) throw toInventoryError(error, { action: `read back endpoint '${plan.endpointName}'`, abortSignal: options.abortSignal });
      }
      if (attempt < this.verifyAttempts) await sleep(this.verifyDelayMs);
    }
    return {
      status: 'unverified', ...(operationUrl ? { operationUrl } : {}), observed,
      message: plan.kind === 'swap'
        ? `The update reported success, but deployment '${plan.deploymentName}' reads back '${observed.deployment?.model ?? '?'}' (${observed.deployment?.provisioningState ?? '?'}), not ${plan.toLabel}.`
        : `The update reported success, but endpoint '${plan.endpointName}' reads back ${describeTraffic(observed.endpoint?.traffic ?? {})}, not ${plan.toLabel}.`,
    };
  }

  private async observe(plan: ChangePlan, options: CallOptions = {}): Promise<ObservedState> {
    const endpoint = toOnlineEndpoint(plan.workspace, await this.getRaw(plan.workspace, this.endpointUrl(plan.workspace, plan.endpointName), options));
    if (plan.kind === 'shift') return { endpoint };
    const deployment = toOnlineDeployment(plan.workspace, plan.endpointName, await this.getRaw(plan.workspace, this.deploymentUrl(plan.workspace, plan.endpointName, plan.deploymentName), options));
    return { endpoint, deployment };
  }

  private matches(plan: ChangePlan, observed: ObservedState): boolean {
    if (plan.kind === 'swap') {
      const d = observed.deployment;
      return !!d && d.provisioningState?.toLowerCase() === 'succeeded' && resolveModelReference(d.model, { workspace: plan.workspace }).key === plan.expectKey;
    }
    const e = observed.endpoint;
    return !!e && e.provisioningState?.toLowerCase() === 'succeeded' && sameTraffic(e.traffic, plan.trafficAfter) && sameTraffic(e.mirrorTraffic, plan.mirrorTraffic);
  }

  private recordedEntry(plan: ChangePlan, observed: ObservedState, written: HistoryEntry | undefined): HistoryEntry | undefined {
    const tags = plan.kind === 'swap' ? observed.deployment?.tags : observed.endpoint?.tags;
    if (!tags) return undefined;
    if (written) return tags[`amlInventory.rollback.${written.seq}`] !== undefined ? written : undefined;
    // Resumed: the newest entry with this plan's action is ours.
    return withHistoryEntryLookup(tags, plan);
  }

  private isUnchanged(plan: ChangePlan, observed: ObservedState): boolean | undefined {
    if (plan.kind === 'swap') return observed.deployment ? this.sameModel(plan.workspace, observed.deployment.model, plan.fromModel) : undefined;
    return observed.endpoint ? sameTraffic(observed.endpoint.traffic, plan.trafficBefore) && sameTraffic(observed.endpoint.mirrorTraffic, plan.mirrorTraffic) : undefined;
  }

  private sameModel(workspace: ScopeRef, a: string | undefined, b: string | undefined): boolean {
    if ((a ?? '') === (b ?? '')) return true;
    return resolveModelReference(a, { workspace }).key === resolveModelReference(b, { workspace }).key;
  }

  private requireTerminal(endpoint: OnlineEndpoint, deployment?: OnlineDeployment): void {
    for (const [label, name, state] of [['Endpoint', endpoint.name, endpoint.provisioningState], ...(deployment ? [['Deployment', deployment.name, deployment.provisioningState] as const] : [])] as const) {
      if (!isTerminalState(state)) {
        throw new InventoryError('conflict', `${label} '${name}' is ${state ?? 'in an unknown state'}: another update is running. Nothing was changed; retry when it has finished.`, { code: 'NotTerminal' });
      }
    }
  }

  // ---- plumbing ----

  private async getRaw(workspace: ScopeRef, url: string, options: CallOptions, what?: 'endpoint' | 'deployment'): Promise<RawTrackedResource> {
    try {
      return (await sendJson<RawTrackedResource>(this.client(workspace), 'GET', url, undefined, options.abortSignal)).body ?? {};
    } catch (error) {
      if (what && isRestError(error) && error.statusCode === 404) {
        const name = decodeURIComponent(url.split('/').pop()!.split('?')[0]!);
        throw new InventoryError('notFound', `The ${what} '${name}' no longer exists (it was deleted meanwhile). Nothing was changed; refresh.`, { statusCode: 404, code: error.code });
      }
      throw error;
    }
  }

  private client(scope: ScopeRef): ServiceClient {
    return this.clients.forSubscription(scope.subscriptionId);
  }

  private endpointUrl(ws: ScopeRef, endpoint: string): string {
    return `${scopeUrl(this.clients.endpoint, ws)}/onlineEndpoints/${pathSegment(endpoint, 'Endpoint name')}?api-version=${apiVersions.deployments}`;
  }

  private deploymentUrl(ws: ScopeRef, endpoint: string, deployment: string): string {
    return `${scopeUrl(this.clients.endpoint, ws)}/onlineEndpoints/${pathSegment(endpoint, 'Endpoint name')}/deployments/${pathSegment(deployment, 'Deployment name')}?api-version=${apiVersions.deployments}`;
  }

  private async call<T>(action: string, options: CallOptions, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const mapped = toInventoryError(error, { action, abortSignal: options.abortSignal });
      if (mapped.kind === 'conflict' && mapped.details.statusCode === 409) {
        throw new InventoryError('conflict', `Could not ${action}: another update of this endpoint is running (409 Conflict). Nothing was changed; retry when it has finished.${serviceMessage(error)}`, mapped.details);
      }
      if (mapped.kind === 'forbidden') {
        throw new InventoryError('forbidden', `You do not have permission to ${action} (403 ${mapped.details.code ?? ''}). Changing deployments needs a role such as AzureML Data Scientist or Contributor on the workspace. Nothing was changed.`, mapped.details);
      }
      throw mapped;
    }
  }
}

interface Started {
  readonly operation?: { url: string; mode: 'status' | 'location' };
  readonly entry: HistoryEntry;
  readonly headers?: PipelineResponse['headers'];
}

function serviceMessage(error: unknown): string {
  return isRestError(error) && error.message ? ` Azure says: ${error.message}` : '';
}

/** For a resumed watch: the newest recorded entry whose action and target match the plan. */
function withHistoryEntryLookup(tags: Readonly<Record<string, string>>, plan: ChangePlan): HistoryEntry | undefined {
  return readHistory(tags).find((e) => e.action === plan.history.action && e.to === plan.history.to);
}
