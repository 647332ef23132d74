import { DEFAULT_API_VERSION } from '../../config';
import { keyOf, PROVIDER, registryArmId, workspaceArmId } from '../../state/ids';
import type { ModelContainerRecord, ModelVersionRecord } from '../../state/model';
import { azureTimestamp } from '../../state/time';
import { apiVersionOf, ok, type ArmContext, type ArmResponse } from '../context';
import { assetNotFound, validationError } from '../errors';
import { byCreatedAt, createdTimeOrdering, listViewTypeOf, passesKeyValueFilter, passesListView } from '../listFilters';
import { requireRegistry, requireWorkspace } from '../lookup';
import { POLL_RETRY_AFTER_SECONDS } from '../lro';
import { applyContainerBody, newContainer, renderContainer, renderVersion, upsertVersion, validateModelName } from '../modelAssets';
import { pageOf } from '../paging';
import type { Router } from '../router';

/**
 * Model containers and versions, in workspaces (synchronous upserts, as the 2.1.1 SDK expects) and in registries
 * (2024-04-01: creates are LROs answered 201 + Azure-AsyncOperation; deleted versions cannot be recreated).
 */
interface ModelScope {
  kind: 'workspace' | 'registry';
  parentId: string;
  parentType: string;
  subscriptionId: string;
  location: string;
  /** Workspace GUID or registry name, used in operation names. */
  scopeId: string;
  containers: Record<string, ModelContainerRecord>;
}

const WS = `/subscriptions/{sub}/resourceGroups/{rg}/providers/${PROVIDER}/workspaces/{ws}`;
const REG = `/subscriptions/{sub}/resourceGroups/{rg}/providers/${PROVIDER}/registries/{reg}`;
/** Default page sizes of the service when the caller does not pass `$top` / `count`. */
const CONTAINER_PAGE_SIZE = 100;
const VERSION_PAGE_SIZE = 100;

function workspaceScope(ctx: ArmContext): ModelScope {
  const ws = requireWorkspace(ctx);
  return { kind: 'workspace', parentId: workspaceArmId(ws), parentType: `${PROVIDER}/workspaces`, subscriptionId: ws.subscriptionId, location: ws.location, scopeId: ws.workspaceId, containers: ws.models };
}

function registryScope(ctx: ArmContext): ModelScope {
  const reg = requireRegistry(ctx);
  return { kind: 'registry', parentId: registryArmId(reg), parentType: `${PROVIDER}/registries`, subscriptionId: reg.subscriptionId, location: reg.location, scopeId: reg.name, containers: reg.models };
}

function requireContainer(scope: ModelScope, name: string): ModelContainerRecord {
  const container = scope.containers[keyOf(name)];
  if (!container) throw assetNotFound('ModelNotFound', `Model container with name: ${name} not found.`);
  return container;
}

function requireVersion(container: ModelContainerRecord, version: string): ModelVersionRecord {
  const record = container.versions[keyOf(version)];
  if (!record) throw assetNotFound('ModelVersionNotFound', `Model container with name: ${container.name} and version: ${version} not found.`);
  return record;
}

function listContainers(ctx: ArmContext, scope: ModelScope): ArmResponse {
  const view = listViewTypeOf(ctx);
  const items = Object.values(scope.containers)
    .filter((c) => passesListView(c.isArchived, view))
    .sort((a, b) => a.name.localeCompare(b.name));
  return ok(pageOf(ctx, items, CONTAINER_PAGE_SIZE, (c) => renderContainer(c, scope.parentId, scope.parentType)));
}

/** Versions list filters: listViewType, tags, properties, version, description, stage, offset, $orderBy, $top. */
function listVersions(ctx: ArmContext, scope: ModelScope): ArmResponse {
  const container = requireContainer(scope, ctx.params.model);
  const view = listViewTypeOf(ctx);
  const q = ctx.query;
  const order = createdTimeOrdering(ctx, 'desc');
  const numeric = (v: ModelVersionRecord) => (/^\d+$/.test(v.version) ? Number(v.version) : 0);
  const byTime = byCreatedAt<ModelVersionRecord>(order);
  let items = Object.values(container.versions).filter((v) =>
    passesListView(v.properties.isArchived === true, view) &&
    passesKeyValueFilter(q.get('tags'), v.properties.tags as Record<string, string>) &&
    passesKeyValueFilter(q.get('properties'), v.properties.properties as Record<string, string>) &&
    (!q.get('version') || v.version === q.get('version')) &&
    (!q.get('description') || String(v.properties.description ?? '').includes(q.get('description') ?? '')) &&
    (!q.get('stage') || String(v.properties.stage ?? 'Development').toLowerCase() === q.get('stage')?.toLowerCase()),
  );
  // Same createdAt (bulk-seeded versions): fall back to the numeric version so the order stays total.
  items.sort((a, b) => byTime(a, b) || (order === 'asc' ? 1 : -1) * (numeric(a) - numeric(b)));
  const offset = Number(q.get('offset') ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw validationError(`Invalid offset '${q.get('offset')}'.`);
  items = items.slice(offset);
  return ok(pageOf(ctx, items, VERSION_PAGE_SIZE, (v) => renderVersion(container, v, scope.parentId, scope.parentType)));
}

function putContainer(ctx: ArmContext, scope: ModelScope): ArmResponse {
  validateModelName(ctx.params.model);
  const existing = scope.containers[keyOf(ctx.params.model)];
  const container = existing ?? newContainer(ctx.params.model);
  applyContainerBody(container, ctx.body, !existing);
  scope.containers[keyOf(container.name)] = container;
  const body = renderContainer(container, scope.parentId, scope.parentType);
  if (existing) return ok(body, 200);
  if (scope.kind === 'workspace') return ok(body, 201);
  // Registry container create: LRO whose work is already done; the status URL reports it after the usual polls.
  const op = ctx.lro.start({ baseUrl: ctx.baseUrl, apiVersion: apiVersionOf(ctx, '2024-04-01'), subscriptionId: scope.subscriptionId, location: scope.location, kind: 'mcidp', scopeId: scope.scopeId, finish: () => undefined });
  return ok(renderContainer(container, scope.parentId, scope.parentType, 'Creating'), 201, { 'Azure-AsyncOperation': op.statusUrl, 'x-ms-async-operation-timeout': 'PT1H' });
}

function putVersion(ctx: ArmContext, scope: ModelScope): ArmResponse {
  validateModelName(ctx.params.model);
  const containerKey = keyOf(ctx.params.model);
  const container = scope.containers[containerKey] ?? newContainer(ctx.params.model);
  const deletedAt = container.deletedVersions[keyOf(ctx.params.version)];
  if (scope.kind === 'registry' && deletedAt && !container.versions[keyOf(ctx.params.version)]) {
    throw validationError(`Model ${ctx.params.model}:${ctx.params.version} was deleted at ${deletedAt}, it cannot be recreated.`, 'AssetVersionDeleted');
  }
  const { created, record } = upsertVersion(container, ctx.params.version, ctx.body);
  scope.containers[containerKey] = container;
  const resourceUrl = `${ctx.baseUrl}${scope.parentId}/models/${container.name}/versions/${record.version}?api-version=${apiVersionOf(ctx, DEFAULT_API_VERSION)}`;
  if (!created) return ok(renderVersion(container, record, scope.parentId, scope.parentType), 200);
  if (scope.kind === 'workspace') return ok(renderVersion(container, record, scope.parentId, scope.parentType), 201, { Location: resourceUrl });
  record.provisioningState = 'Creating';
  const op = ctx.lro.start({
    baseUrl: ctx.baseUrl, apiVersion: apiVersionOf(ctx, '2024-04-01'), subscriptionId: scope.subscriptionId, location: scope.location, kind: 'mvidp', scopeId: scope.scopeId,
    finish: (outcome) => (outcome === 'Succeeded' ? delete record.provisioningState : (record.provisioningState = 'Failed')),
  });
  return ok(renderVersion(container, record, scope.parentId, scope.parentType), 201, {
    'Azure-AsyncOperation': op.statusUrl, Location: resourceUrl, 'x-ms-async-operation-timeout': 'PT1H', 'Retry-After': POLL_RETRY_AFTER_SECONDS,
  });
}

function deleteContainer(scope: ModelScope, name: string): ArmResponse {
  const key = keyOf(name);
  if (!scope.containers[key]) return ok(undefined, 204);
  delete scope.containers[key];
  return ok(undefined, 200);
}

function deleteVersion(scope: ModelScope, name: string, version: string): ArmResponse {
  const container = scope.containers[keyOf(name)];
  const key = keyOf(version);
  if (!container?.versions[key]) return ok(undefined, 204);
  delete container.versions[key];
  if (scope.kind === 'registry') container.deletedVersions[key] = azureTimestamp();
  if (container.latestVersion && keyOf(container.latestVersion) === key) {
    const remaining = Object.values(container.versions).sort(byCreatedAt('desc'));
    container.latestVersion = remaining[0]?.version ?? null;
  }
  return ok(undefined, 200);
}

export function registerModelRoutes(router: Router): void {
  for (const [base, scopeOf] of [[WS, workspaceScope], [REG, registryScope]] as const) {
    router.add('GET', `${base}/models`, (ctx) => listContainers(ctx, scopeOf(ctx)));
    router.add('GET', `${base}/models/{model}`, (ctx) => {
      const scope = scopeOf(ctx);
      return ok(renderContainer(requireContainer(scope, ctx.params.model), scope.parentId, scope.parentType));
    });
    router.add('PUT', `${base}/models/{model}`, (ctx) => putContainer(ctx, scopeOf(ctx)));
    router.add('DELETE', `${base}/models/{model}`, (ctx) => deleteContainer(scopeOf(ctx), ctx.params.model));
    router.add('GET', `${base}/models/{model}/versions`, (ctx) => listVersions(ctx, scopeOf(ctx)));
    router.add('GET', `${base}/models/{model}/versions/{version}`, (ctx) => {
      const scope = scopeOf(ctx);
      const container = requireContainer(scope, ctx.params.model);
      return ok(renderVersion(container, requireVersion(container, ctx.params.version), scope.parentId, scope.parentType));
    });
    router.add('PUT', `${base}/models/{model}/versions/{version}`, (ctx) => putVersion(ctx, scopeOf(ctx)));
    router.add('DELETE', `${base}/models/{model}/versions/{version}`, (ctx) => deleteVersion(scopeOf(ctx), ctx.params.model, ctx.params.version));
  }
}
