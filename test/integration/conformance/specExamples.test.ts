import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createSerializer, type CompositeMapper } from '@azure/core-client';
import { sharedFixturesDir } from '../../emulator/paths';
import { registry, workspace } from '../../emulator/seed/builders';
import type { EmulatorState } from '../../emulator/state/model';
import { controlClient } from '../../support/controlClient';
import { armToken, raw, services } from '../emulator/helpers';
// 2.1.1 does not export its mappers; the generated module is plain data, bundled here from the installed package.
import * as Mappers from '../../../node_modules/@azure/arm-machinelearning/dist-esm/src/models/mappers.js';

/**
 * Every REST-spec example (../shared/fixtures/azure-spec-examples) is (1) deserialized with the response mapper
 * @azure/arm-machinelearning 2.1.1 uses for that operation — it must not throw and must keep the key fields — and
 * (2) where the example is an operation the emulator serves without prior state, its request is sent to the emulator
 * (in a state holding the example's subscription / resource group / workspace / registry) and must succeed with one
 * of the example's status codes.
 */
interface ExampleFile {
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown }>;
}

const WS = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}';
const REG = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/registries/{registryName}';

/** Example → 2.1.1 response mapper (registries have none in 2.1.1: the nearest asset mapper is used for their assets). */
const MAPPERS: Record<string, string | undefined> = {
  'Workspace/listBySubscription': 'WorkspaceListResult', 'Workspace/get': 'Workspace',
  'ModelContainer/createOrUpdate': 'ModelContainer', 'ModelContainer/get': 'ModelContainer', 'ModelContainer/list': 'ModelContainerResourceArmPaginatedResult', 'ModelContainer/delete': undefined,
  'ModelVersion/createOrUpdate': 'ModelVersion', 'ModelVersion/list': 'ModelVersionResourceArmPaginatedResult', 'ModelVersion/get': 'ModelVersion',
  'Datastore/get': 'Datastore', 'Datastore/list': 'DatastoreResourceArmPaginatedResult', 'Datastore/listSecrets': 'DatastoreSecrets',
  'OnlineEndpoint/get': 'OnlineEndpoint', 'OnlineEndpoint/list': 'OnlineEndpointTrackedResourceArmPaginatedResult', 'OnlineEndpoint/update': 'OnlineEndpoint',
  'OnlineDeployment/list': 'OnlineDeploymentTrackedResourceArmPaginatedResult', 'ManagedOnlineDeployment/createOrUpdate': 'OnlineDeployment',
  'ManagedOnlineDeployment/get': 'OnlineDeployment', 'ManagedOnlineDeployment/update': 'OnlineDeployment',
  'BatchDeployment/get': 'BatchDeployment', 'BatchDeployment/list': 'BatchDeploymentTrackedResourceArmPaginatedResult',
  'CommandJob/list': 'JobBaseResourceArmPaginatedResult', 'CommandJob/get': 'JobBase', 'PipelineJob/get': 'JobBase',
  'Registry/ModelContainer/createOrUpdate': 'ModelContainer', 'Registry/ModelContainer/list': 'ModelContainerResourceArmPaginatedResult',
  'Registry/ModelVersion/createOrUpdate': 'ModelVersion', 'Registry/ModelVersion/get': 'ModelVersion', 'Registry/ModelVersion/list': 'ModelVersionResourceArmPaginatedResult',
};

/** Why an example has no 2.1.1 mapper to parse with. */
const NO_MAPPER: Record<string, string> = {
  'Registries/': '@azure/arm-machinelearning 2.1.1 has no registry operations or Registry mapper',
  'GetSubscriptions': 'subscriptions belong to Microsoft.Resources, not @azure/arm-machinelearning',
  'createOrGetStartPendingUpload': '2.1.1 has no PendingUploadResponseDto mapper (registry pending upload is 2024-04-01)',
  'getBlobReferenceSAS': '2.1.1 has no GetBlobReferenceSASResponseDto mapper (registry data references are 2024-04-01)',
  'ModelContainer/delete': 'delete has no response body',
};

/** Why an example outside SERVED is not sent: its answer describes an item the example's own parameters do not create. */
const NOT_SERVED_REASON = 'the example answers about an existing item that its own parameters do not create';

/** Examples whose request the emulator can serve from the example's own parameters (method + path template). */
const SERVED: Record<string, [string, string]> = {
  'Workspace/listBySubscription': ['GET', '/subscriptions/{subscriptionId}/providers/Microsoft.MachineLearningServices/workspaces'],
  'Workspace/get': ['GET', WS],
  'ModelContainer/createOrUpdate': ['PUT', `${WS}/models/{name}`],
  'ModelContainer/list': ['GET', `${WS}/models`],
  'ModelContainer/delete': ['DELETE', `${WS}/models/{name}`],
  'ModelVersion/createOrUpdate': ['PUT', `${WS}/models/{name}/versions/{version}`],
  'Datastore/list': ['GET', `${WS}/datastores`],
  'OnlineEndpoint/list': ['GET', `${WS}/onlineEndpoints`],
  'OnlineDeployment/list': ['GET', `${WS}/onlineEndpoints/{endpointName}/deployments`],
  'CommandJob/list': ['GET', `${WS}/jobs`],
  'GetSubscriptions': ['GET', '/subscriptions'],
  'Registries/listBySubscription': ['GET', '/subscriptions/{subscriptionId}/providers/Microsoft.MachineLearningServices/registries'],
  'Registries/list': ['GET', '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/registries'],
  'Registries/get': ['GET', REG],
  'Registry/ModelContainer/createOrUpdate': ['PUT', `${REG}/models/{modelName}`],
  'Registry/ModelContainer/list': ['GET', `${REG}/models`],
  'Registry/ModelVersion/createOrUpdate': ['PUT', `${REG}/models/{modelName}/versions/{version}`],
  'Registry/ModelVersion/createOrGetStartPendingUpload': ['POST', `${REG}/models/{modelName}/versions/{version}/startPendingUpload`],
  'DataReference/getBlobReferenceSAS': ['POST', `${REG}/datareferences/{name}/versions/{version}`],
};

function listExamples(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listExamples(full) : name.endsWith('.json') ? [full] : [];
  });
}

function lookup<T>(table: Record<string, T>, rel: string): T | undefined {
  const key = Object.keys(table).filter((k) => rel.endsWith(k) || rel.includes(k)).sort((a, b) => b.length - a.length)[0];
  return key === undefined ? undefined : table[key];
}

/** State holding the example's subscription, resource group, workspace, registry and online endpoint. */
function exampleState(p: Record<string, string>): EmulatorState {
  const at = new Date('2025-01-01T00:00:00Z');
  const sub = p.subscriptionId ?? '00000000-1111-2222-3333-444444444444';
  const rg = p.resourceGroupName ?? 'test-rg';
  const ws = workspace({ subscriptionId: sub, resourceGroup: rg, name: p.workspaceName ?? 'my-aml-workspace', location: 'eastus', workspaceId: '00000000-0000-0000-0000-00000000e0e0', friendlyName: 'example', createdAt: at });
  if (p.endpointName) ws.onlineEndpoints[p.endpointName.toLowerCase()] = { name: p.endpointName, location: 'eastus', tags: {}, kind: 'Managed', sku: null, identity: null, properties: { authMode: 'Key', traffic: {} }, systemData: ws.systemData, deployments: {} };
  return {
    subscriptions: [{ subscriptionId: sub, displayName: 'example', state: 'Enabled', resourceGroups: [rg] }],
    workspaces: [ws],
    registries: [registry({ subscriptionId: sub, resourceGroup: rg, name: p.registryName ?? 'my-registry', location: 'eastus', containerName: 'example-registry', createdAt: at })],
  };
}

describe('conformance: REST spec examples', () => {
  const root = join(sharedFixturesDir(), 'azure-spec-examples');
  const serializer = createSerializer(Mappers as unknown as Record<string, CompositeMapper>, false);
  const control = controlClient(services);
  after(() => services.reset());

  for (const file of listExamples(root)) {
    const rel = relative(root, file).replace(/\\/g, '/').replace(/\.json$/, '');
    const example = JSON.parse(readFileSync(file, 'utf8')) as ExampleFile;

    const noMapper = lookup(NO_MAPPER, rel);
    if (noMapper) it.skip(`${rel}: deserializes with the SDK mapper (skipped: ${noMapper})`);
    else it(`${rel}: deserializes with the SDK mapper`, function () {
      const mapperName = lookup(MAPPERS, rel);
      assert.ok(mapperName, `${rel} has neither a mapper nor a named reason`);
      const mapper = (Mappers as unknown as Record<string, CompositeMapper>)[mapperName];
      assert.ok(mapper, `mapper ${mapperName} exists in 2.1.1`);
      for (const [status, response] of Object.entries(example.responses)) {
        if (!response.body) continue;
        const body = response.body as Record<string, unknown>;
        const parsed = serializer.deserialize(mapper, body, 'responseBody') as Record<string, unknown>;
        if (Array.isArray(body.value)) assert.equal((parsed.value as unknown[]).length, body.value.length, `${status}: list length kept`);
        for (const key of ['id', 'name', 'type']) if (typeof body[key] === 'string') assert.equal(parsed[key], body[key], `${status}: ${key} kept`);
        // Workspace properties are flattened onto the object by the 2.1.1 mapper; others stay under `properties`.
        if (body.properties && typeof body.properties === 'object') {
          assert.ok(parsed.properties || Object.keys(body.properties).some((k) => k in parsed), `${status}: properties kept`);
        }
      }
    });

    const served = lookup(SERVED, rel);
    if (!served) it.skip(`${rel}: request served by the emulator (skipped: ${NOT_SERVED_REASON})`);
    else it(`${rel}: request served by the emulator`, async function () {
      const [method, template] = served;
      const params = Object.fromEntries(Object.entries(example.parameters).map(([k, v]) => [k, String(v)]));
      await control.putState(exampleState(params));
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? name));
      const body = Object.entries(example.parameters).find(([k]) => ['body', 'parameters', 'properties'].includes(k) && typeof example.parameters[k] === 'object')?.[1];
      const res = await raw(method, `${path}?api-version=${params['api-version']}`, { token: await armToken(), body });
      const expected = Object.keys(example.responses).map(Number);
      assert.ok(expected.includes(res.status), `${method} ${path}: ${res.status} not in example statuses ${expected.join(',')}: ${String(JSON.stringify(res.body)).slice(0, 300)}`);
    });
  }
});
