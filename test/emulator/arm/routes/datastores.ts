import { keyOf, PROVIDER, workspaceArmId } from '../../state/ids';
import type { DatastoreRecord, JsonObject, WorkspaceRecord } from '../../state/model';
import { createdNow, modifiedNow } from '../../state/systemData';
import { ok, type ArmContext } from '../context';
import { assetNotFound, MfeUserError, validationError } from '../errors';
import { requireWorkspace } from '../lookup';
import { pageOf } from '../paging';
import type { Router } from '../router';

/**
 * Datastores: list (count / isDefault / names / searchText / orderBy / orderByAsc), get, create-or-update,
 * listSecrets. Bodies never carry secrets; listSecrets returns the Azurite account key (or, when an expirable secret
 * is asked for, an account SAS like the service does); identity-based datastores have none (400).
 */
const WS = `/subscriptions/{sub}/resourceGroups/{rg}/providers/${PROVIDER}/workspaces/{ws}`;
const DEFAULT_PAGE_SIZE = 30;

function render(ws: WorkspaceRecord, ds: DatastoreRecord) {
  return {
    id: `${workspaceArmId(ws)}/datastores/${ds.name}`,
    name: ds.name,
    type: `${PROVIDER}/workspaces/datastores`,
    properties: { description: null, tags: null, properties: null, intellectualProperty: null, ...ds.properties, subscriptionId: ws.subscriptionId, resourceGroup: ws.resourceGroup },
    systemData: ds.systemData,
  };
}

function requireDatastore(ws: WorkspaceRecord, name: string): DatastoreRecord {
  const ds = ws.datastores[keyOf(name)];
  if (!ds) throw assetNotFound('DatastoreNotFound', `Datastore with name: ${name} not found.`);
  return ds;
}

function list(ctx: ArmContext) {
  const ws = requireWorkspace(ctx);
  const q = ctx.query;
  const names = q.get('names')?.split(',').map((n) => n.trim().toLowerCase());
  const search = q.get('searchText')?.toLowerCase();
  const isDefault = q.get('isDefault');
  const ascending = q.get('orderByAsc') === 'true';
  const orderBy = (q.get('orderBy') ?? 'createdtime').toLowerCase();
  const items = Object.values(ws.datastores)
    .filter((ds) => (isDefault === null ? true : String(ds.properties.isDefault === true) === isDefault.toLowerCase()))
    .filter((ds) => !names || names.includes(ds.name.toLowerCase()))
    .filter((ds) => !search || ds.name.toLowerCase().includes(search))
    .sort((a, b) => (ascending ? 1 : -1) * (orderBy === 'name' ? a.name.localeCompare(b.name) : a.systemData.createdAt.localeCompare(b.systemData.createdAt)));
  return ok(pageOf(ctx, items, DEFAULT_PAGE_SIZE, (ds) => render(ws, ds)));
}

function put(ctx: ArmContext) {
  const ws = requireWorkspace(ctx);
  const input = (ctx.body as { properties?: JsonObject } | undefined)?.properties;
  if (!input || typeof input.datastoreType !== 'string') throw validationError("The request body must contain 'properties.datastoreType'.");
  const credentials = (input.credentials ?? { credentialsType: 'None' }) as JsonObject;
  const { secrets, ...publicCredentials } = credentials;
  const properties: JsonObject = { ...input, credentials: publicCredentials, isDefault: false };
  if (properties.datastoreType === 'AzureBlob') {
    properties.endpoint ??= 'core.windows.net';
    properties.protocol ??= 'https';
    properties.serviceDataAccessAuthIdentity ??= 'None';
  }
  const existing = ws.datastores[keyOf(ctx.params.name)];
  if (existing) {
    properties.isDefault = existing.properties.isDefault ?? false;
    existing.properties = properties;
    existing.secrets = (secrets as JsonObject | undefined) ?? null;
    existing.systemData = modifiedNow(existing.systemData);
    return ok(render(ws, existing), 200);
  }
  const record: DatastoreRecord = { name: ctx.params.name, properties, secrets: (secrets as JsonObject | undefined) ?? null, systemData: createdNow() };
  ws.datastores[keyOf(record.name)] = record;
  return ok(render(ws, record), 201, { Location: `${ctx.baseUrl}${ctx.url.pathname}${ctx.url.search}` });
}

function listSecrets(ctx: ArmContext) {
  const ds = requireDatastore(requireWorkspace(ctx), ctx.params.name);
  const type = String((ds.properties.credentials as JsonObject | undefined)?.credentialsType ?? 'None');
  if (type === 'None' || !ds.secrets) {
    throw new MfeUserError(400, `No secrets for credentials of type ${type}.`, 'NoSecretsForCredentialType');
  }
  const body = ctx.body as { expirableSecret?: boolean; expireAfterHours?: number } | undefined;
  if (body?.expirableSecret && ds.secrets.secretsType === 'AccountKey') {
    return ok({ secretsType: 'Sas', sasToken: ctx.blob.accountSasToken(body.expireAfterHours ?? 1) });
  }
  return ok(ds.secrets);
}

export function registerDatastoreRoutes(router: Router): void {
  router.add('GET', `${WS}/datastores`, list);
  router.add('GET', `${WS}/datastores/{name}`, (ctx) => {
    const ws = requireWorkspace(ctx);
    return ok(render(ws, requireDatastore(ws, ctx.params.name)));
  });
  router.add('PUT', `${WS}/datastores/{name}`, put);
  router.add('POST', `${WS}/datastores/{name}/listSecrets`, listSecrets);
}
