import { DEFAULT_API_VERSION } from '../../config';
import { keyOf, PROVIDER, workspaceArmId } from '../../state/ids';
import type { EndpointRecord, Json, JsonObject, TrackedResourceRecord, WorkspaceRecord } from '../../state/model';
import { createdNow, modifiedNow } from '../../state/systemData';
import { apiVersionOf, ok, type ArmContext, type ArmResponse } from '../context';
import { assetNotFound, validationError } from '../errors';
import { byCreatedAt, passesKeyValueFilter } from '../listFilters';
import { requireWorkspace } from '../lookup';
import { POLL_RETRY_AFTER_SECONDS, type OperationOutcome } from '../lro';
import { pageOf } from '../paging';
import type { Router } from '../router';
import { renderTracked } from './trackedResources';

/**
 * Online endpoints and deployments. PUT answers 201 + Azure-AsyncOperation + Location + x-ms-async-operation-timeout
 * with provisioningState Creating/Updating (as recorded); PATCH and DELETE answer 202 + Location + Retry-After. The
 * change is visible at once; when the operation ends `Failed`, an update is rolled back and the resource is marked
 * Failed. Endpoint traffic must name existing deployments and sum to 100 (or 0).
 */
const WS = `/subscriptions/{sub}/resourceGroups/{rg}/providers/${PROVIDER}/workspaces/{ws}`;
const ENDPOINT_TYPE = `${PROVIDER}/workspaces/onlineEndpoints`;
const DEPLOYMENT_TYPE = `${PROVIDER}/workspaces/onlineEndpoints/deployments`;

/** What the service fills in for a deployment PUT that leaves these out (as recorded). */
const DEFAULT_PROBE: JsonObject = { failureThreshold: 30, successThreshold: 1, timeout: 'PT2S', period: 'PT10S', initialDelay: 'PT10S' };
const MANAGED_DEPLOYMENT_DEFAULTS: JsonObject = {
  description: null, properties: {}, appInsightsEnabled: false, egressPublicNetworkAccess: 'Enabled',
  scaleSettings: { scaleType: 'Default' },
  requestSettings: { maxQueueWait: 'PT0S', requestTimeout: 'PT5S', maxConcurrentRequestsPerInstance: 1 },
  modelMountPath: null, livenessProbe: DEFAULT_PROBE, readinessProbe: DEFAULT_PROBE, dataCollector: null,
  // Pre-2023 name of the egress setting, still returned alongside it.
  privateNetworkConnection: false,
};

function requireEndpoint(ws: WorkspaceRecord, name: string): EndpointRecord {
  const ep = ws.onlineEndpoints[keyOf(name)];
  if (!ep) throw assetNotFound('EndpointNotFound', `Online endpoint ${name} not found in workspace ${ws.name}.`);
  return ep;
}

function requireDeployment(ep: EndpointRecord, name: string): TrackedResourceRecord {
  const d = ep.deployments[keyOf(name)];
  if (!d) throw assetNotFound('DeploymentNotFound', `Online deployment ${name} not found under endpoint ${ep.name}.`);
  return d;
}

const endpointId = (ws: WorkspaceRecord, ep: { name: string }) => `${workspaceArmId(ws)}/onlineEndpoints/${ep.name}`;
const renderEndpoint = (ws: WorkspaceRecord, ep: EndpointRecord) => renderTracked(ep, endpointId(ws, ep), ENDPOINT_TYPE);
const renderDeployment = (ws: WorkspaceRecord, ep: EndpointRecord, d: TrackedResourceRecord) =>
  renderTracked(d, `${endpointId(ws, ep)}/deployments/${d.name}`, DEPLOYMENT_TYPE);

/** Traffic rules the service enforces: integer percentages 0..100 on existing deployments, summing to 100 or 0. */
function validateTraffic(ep: EndpointRecord, traffic: Json | undefined, mirror: Json | undefined): void {
  const check = (map: Json | undefined, label: string, max: number): Record<string, number> => {
    if (map === undefined || map === null) return {};
    if (typeof map !== 'object' || Array.isArray(map)) throw validationError(`'${label}' must be a map of deployment name to percentage.`);
    const out: Record<string, number> = {};
    for (const [name, value] of Object.entries(map)) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
        throw validationError(`${label} value for deployment '${name}' must be an integer between 0 and ${max}.`, 'InvalidTrafficValue');
      }
      if (!ep.deployments[keyOf(name)]) {
        throw validationError(`${label} is set for deployment '${name}', but the deployment does not exist under endpoint '${ep.name}'.`, 'TrafficDeploymentNotFound');
      }
      out[name] = value;
    }
    return out;
  };
  const live = check(traffic, 'Traffic', 100);
  const sum = Object.values(live).reduce((a, b) => a + b, 0);
  if (sum !== 0 && sum !== 100) throw validationError(`Traffic allocation must sum to 100 (or 0), but the total is ${sum}.`, 'InvalidTrafficSum');
  for (const [name, value] of Object.entries(check(mirror, 'Mirror traffic', 50))) {
    if (value > 0 && (live[name] ?? 0) > 0) throw validationError(`Deployment '${name}' cannot receive mirror traffic because it receives live traffic.`, 'InvalidMirrorTraffic');
  }
}

function trackedInput(ctx: ArmContext): { location: string; tags: Record<string, string>; kind: string | null; sku: JsonObject | null; identity: JsonObject | null; properties: JsonObject } {
  const body = (ctx.body ?? {}) as Record<string, Json>;
  if (typeof body.location !== 'string') throw validationError("The request body must contain 'location'.");
  if (!body.properties || typeof body.properties !== 'object' || Array.isArray(body.properties)) throw validationError("The request body must contain 'properties'.");
  return {
    location: body.location,
    tags: (body.tags ?? {}) as Record<string, string>,
    kind: typeof body.kind === 'string' ? body.kind : null,
    sku: (body.sku ?? null) as JsonObject | null,
    identity: (body.identity ?? null) as JsonObject | null,
    properties: { ...(body.properties as JsonObject) },
  };
}

interface LroTarget {
  ws: WorkspaceRecord;
  kind: 'oeidp' | 'odidp';
  record: TrackedResourceRecord;
  resourceUrl: string;
  finish: (outcome: OperationOutcome) => void;
}

function startOperation(ctx: ArmContext, target: LroTarget) {
  return ctx.lro.start({
    baseUrl: ctx.baseUrl, apiVersion: apiVersionOf(ctx, DEFAULT_API_VERSION), subscriptionId: target.ws.subscriptionId,
    location: target.ws.location, kind: target.kind, scopeId: target.ws.workspaceId, finish: target.finish,
  });
}

/** PUT: 201 + Azure-AsyncOperation + Location, provisioningState Creating/Updating until the operation ends. */
function acceptedPut(ctx: ArmContext, target: LroTarget, previous: TrackedResourceRecord | undefined, body: () => unknown): ArmResponse {
  target.record.properties.provisioningState = previous ? 'Updating' : 'Creating';
  const op = startOperation(ctx, {
    ...target,
    finish: (outcome) => {
      if (outcome === 'Failed' && previous) Object.assign(target.record, { ...previous, properties: { ...previous.properties } });
      target.record.properties.provisioningState = outcome;
      target.finish(outcome);
    },
  });
  target.record.properties.properties = { ...((target.record.properties.properties ?? {}) as JsonObject), AzureAsyncOperationUri: op.statusUrl };
  return ok(body(), 201, { 'Azure-AsyncOperation': op.statusUrl, Location: target.resourceUrl, 'x-ms-async-operation-timeout': 'PT30M', 'Retry-After': POLL_RETRY_AFTER_SECONDS });
}

/** PATCH/DELETE: 202 + Location (operation result) + Retry-After; DELETE also carries Azure-AsyncOperation, as recorded. */
function accepted(ctx: ArmContext, target: LroTarget, withAsyncOperation: boolean): ArmResponse {
  const op = startOperation(ctx, target);
  const headers: Record<string, string> = { Location: op.resultUrl, 'Retry-After': POLL_RETRY_AFTER_SECONDS, 'x-ms-async-operation-timeout': 'PT30M' };
  if (withAsyncOperation) headers['Azure-AsyncOperation'] = op.statusUrl;
  return ok(null, 202, headers);
}

function resourceUrl(ctx: ArmContext): string {
  return `${ctx.baseUrl}${ctx.url.pathname}?api-version=${apiVersionOf(ctx, DEFAULT_API_VERSION)}`;
}

function putEndpoint(ctx: ArmContext): ArmResponse {
  const ws = requireWorkspace(ctx);
  const input = trackedInput(ctx);
  if (typeof input.properties.authMode !== 'string') throw validationError("'properties.authMode' is required (AMLToken, Key or AADToken).");
  const existing = ws.onlineEndpoints[keyOf(ctx.params.endpoint)];
  const record: EndpointRecord = existing ?? { name: ctx.params.endpoint, deployments: {}, systemData: createdNow(), ...input, kind: input.kind ?? 'Managed' };
  validateTraffic(record, input.properties.traffic, input.properties.mirrorTraffic);
  const previous = existing ? structuredClone(existing) : undefined;
  const host = `${record.name}.${ws.location}.inference.ml.azure.com`;
  Object.assign(record, input, { kind: input.kind ?? record.kind ?? 'Managed', systemData: existing ? modifiedNow(existing.systemData) : record.systemData });
  record.properties = {
    description: null, properties: {}, publicNetworkAccess: 'Enabled', compute: null,
    ...input.properties,
    traffic: (input.properties.traffic ?? {}) as JsonObject,
    mirrorTraffic: (input.properties.mirrorTraffic ?? {}) as JsonObject,
    scoringUri: previous ? `https://${host}/score` : null,
    swaggerUri: previous ? `https://${host}/swagger.json` : null,
  };
  ws.onlineEndpoints[keyOf(record.name)] = record;
  const finish = (outcome: OperationOutcome) => {
    if (outcome === 'Succeeded') Object.assign(record.properties, { scoringUri: `https://${host}/score`, swaggerUri: `https://${host}/swagger.json` });
  };
  return acceptedPut(ctx, { ws, kind: 'oeidp', record, resourceUrl: resourceUrl(ctx), finish }, previous, () => renderEndpoint(ws, record));
}

function patchTracked(ctx: ArmContext, record: TrackedResourceRecord, beforeApply?: (properties: JsonObject) => void): void {
  const body = (ctx.body ?? {}) as { tags?: Record<string, string>; identity?: JsonObject; sku?: JsonObject; kind?: string; properties?: JsonObject };
  if (body.properties) {
    const merged = { ...record.properties, ...body.properties };
    beforeApply?.(merged);
    record.properties = merged;
  }
  if (body.tags) record.tags = body.tags;
  if (body.identity) record.identity = body.identity;
  if (body.sku) record.sku = { ...(record.sku ?? {}), ...body.sku };
  record.systemData = modifiedNow(record.systemData);
}

function putDeployment(ctx: ArmContext): ArmResponse {
  const ws = requireWorkspace(ctx);
  const ep = requireEndpoint(ws, ctx.params.endpoint);
  const input = trackedInput(ctx);
  if (typeof input.properties.endpointComputeType !== 'string') throw validationError("'properties.endpointComputeType' is required (Managed, Kubernetes or AzureMLCompute).");
  const existing = ep.deployments[keyOf(ctx.params.deployment)];
  const previous = existing ? structuredClone(existing) : undefined;
  const record: TrackedResourceRecord = existing ?? { name: ctx.params.deployment, systemData: createdNow(), ...input };
  Object.assign(record, input, { kind: input.kind ?? input.properties.endpointComputeType, systemData: existing ? modifiedNow(existing.systemData) : record.systemData });
  // `model` is kept verbatim: ARM id, azureml:/ prefixed id or registry asset id, as the client sent it.
  record.properties = { ...MANAGED_DEPLOYMENT_DEFAULTS, ...input.properties };
  ep.deployments[keyOf(record.name)] = record;
  return acceptedPut(ctx, { ws, kind: 'odidp', record, resourceUrl: resourceUrl(ctx), finish: () => undefined }, previous, () => renderDeployment(ws, ep, record));
}

export function registerOnlineEndpointRoutes(router: Router): void {
  router.add('GET', `${WS}/onlineEndpoints`, (ctx) => {
    const ws = requireWorkspace(ctx);
    const q = ctx.query;
    const items = Object.values(ws.onlineEndpoints)
      .filter((ep) => !q.get('name') || ep.name.toLowerCase() === q.get('name')?.toLowerCase())
      .filter((ep) => passesKeyValueFilter(q.get('tags'), ep.tags))
      .filter((ep) => passesKeyValueFilter(q.get('properties'), ep.properties.properties as Record<string, string>))
      .sort(byCreatedAt('desc'));
    return ok(pageOf(ctx, items, 100, (ep) => renderEndpoint(ws, ep)));
  });
  router.add('GET', `${WS}/onlineEndpoints/{endpoint}`, (ctx) => {
    const ws = requireWorkspace(ctx);
    return ok(renderEndpoint(ws, requireEndpoint(ws, ctx.params.endpoint)));
  });
  router.add('PUT', `${WS}/onlineEndpoints/{endpoint}`, putEndpoint);
  router.add('PATCH', `${WS}/onlineEndpoints/{endpoint}`, (ctx) => {
    const ws = requireWorkspace(ctx);
    const ep = requireEndpoint(ws, ctx.params.endpoint);
    patchTracked(ctx, ep, (merged) => validateTraffic(ep, merged.traffic, merged.mirrorTraffic));
    ep.properties.provisioningState = 'Updating';
    return accepted(ctx, { ws, kind: 'oeidp', record: ep, resourceUrl: resourceUrl(ctx), finish: (outcome) => (ep.properties.provisioningState = outcome) }, false);
  });
  router.add('DELETE', `${WS}/onlineEndpoints/{endpoint}`, (ctx) => {
    const ws = requireWorkspace(ctx);
    const ep = ws.onlineEndpoints[keyOf(ctx.params.endpoint)];
    if (!ep) return ok(undefined, 204);
    ep.properties.provisioningState = 'Deleting';
    const finish = (outcome: OperationOutcome) => (outcome === 'Succeeded' ? delete ws.onlineEndpoints[keyOf(ep.name)] : (ep.properties.provisioningState = 'Failed'));
    return accepted(ctx, { ws, kind: 'oeidp', record: ep, resourceUrl: resourceUrl(ctx), finish }, true);
  });
  router.add('POST', `${WS}/onlineEndpoints/{endpoint}/listKeys`, (ctx) => {
    const ep = requireEndpoint(requireWorkspace(ctx), ctx.params.endpoint);
    return ok({ primaryKey: `primary-${ep.name}-emulator-key`, secondaryKey: `secondary-${ep.name}-emulator-key` });
  });
  router.add('POST', `${WS}/onlineEndpoints/{endpoint}/token`, (ctx) => {
    const ep = requireEndpoint(requireWorkspace(ctx), ctx.params.endpoint);
    const now = Math.floor(Date.now() / 1000);
    return ok({ accessToken: `aml-token-${ep.name}-${now}`, expiryTimeUtc: now + 3600, refreshAfterTimeUtc: now + 1800, tokenType: 'Bearer' });
  });

  router.add('GET', `${WS}/onlineEndpoints/{endpoint}/deployments`, (ctx) => {
    const ws = requireWorkspace(ctx);
    const ep = requireEndpoint(ws, ctx.params.endpoint);
    return ok(pageOf(ctx, Object.values(ep.deployments).sort(byCreatedAt('desc')), 100, (d) => renderDeployment(ws, ep, d)));
  });
  router.add('GET', `${WS}/onlineEndpoints/{endpoint}/deployments/{deployment}`, (ctx) => {
    const ws = requireWorkspace(ctx);
    const ep = requireEndpoint(ws, ctx.params.endpoint);
    return ok(renderDeployment(ws, ep, requireDeployment(ep, ctx.params.deployment)));
  });
  router.add('PUT', `${WS}/onlineEndpoints/{endpoint}/deployments/{deployment}`, putDeployment);
  router.add('PATCH', `${WS}/onlineEndpoints/{endpoint}/deployments/{deployment}`, (ctx) => {
    const ws = requireWorkspace(ctx);
    const d = requireDeployment(requireEndpoint(ws, ctx.params.endpoint), ctx.params.deployment);
    patchTracked(ctx, d);
    d.properties.provisioningState = 'Updating';
    return accepted(ctx, { ws, kind: 'odidp', record: d, resourceUrl: resourceUrl(ctx), finish: (outcome) => (d.properties.provisioningState = outcome) }, false);
  });
  router.add('DELETE', `${WS}/onlineEndpoints/{endpoint}/deployments/{deployment}`, (ctx) => {
    const ws = requireWorkspace(ctx);
    const ep = requireEndpoint(ws, ctx.params.endpoint);
    const d = ep.deployments[keyOf(ctx.params.deployment)];
    if (!d) return ok(undefined, 204);
    const share = Object.entries((ep.properties.traffic ?? {}) as Record<string, number>).find(([name]) => keyOf(name) === keyOf(d.name))?.[1] ?? 0;
    if (share > 0) throw validationError(`Deployment '${d.name}' receives ${share}% of the traffic of endpoint '${ep.name}'. Set its traffic to 0 before deleting it.`, 'DeploymentHasTraffic');
    d.properties.provisioningState = 'Deleting';
    const finish = (outcome: OperationOutcome) => (outcome === 'Succeeded' ? delete ep.deployments[keyOf(d.name)] : (d.properties.provisioningState = 'Failed'));
    return accepted(ctx, { ws, kind: 'odidp', record: d, resourceUrl: resourceUrl(ctx), finish }, true);
  });
}
