import * as assert from 'node:assert/strict';
import type { TokenCredential } from '@azure/identity';
import type { Registry, Workspace } from '../../../src/core/domain/model';
import { InventoryError } from '../../../src/core/errors';
import type { TokenProvider } from '../../../src/core/ports/tokenProvider';
import { ArmCatalog } from '../../../src/azure/armCatalog';
import { armError, FakeArmTransport, FakeTokenProvider, testCloud, type CannedResponse } from './fakeArm';

const workspace: Workspace = {
  kind: 'workspace', id: '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/ws1',
  name: 'ws1', subscriptionId: 'sub1', resourceGroup: 'rg1', tags: {},
};
const registry: Registry = {
  kind: 'registry', id: '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/registries/shared',
  name: 'shared', subscriptionId: 'sub1', resourceGroup: 'rg1', tags: {},
};

function version(scopeId: string, model: string, v: string): object {
  return {
    id: `${scopeId}/models/${model}/versions/${v}`, name: v, type: 'Microsoft.MachineLearningServices/workspaces/models/versions',
    properties: { modelType: 'custom_model', modelUri: `azureml://datastores/workspaceblobstore/paths/${model}/${v}`, tags: { v } },
    systemData: { createdAt: '2024-05-01T10:00:00.1234567+00:00' },
  };
}

function catalogWith(route: (url: URL) => CannedResponse): { catalog: ArmCatalog; transport: FakeArmTransport; tokens: FakeTokenProvider } {
  const transport = new FakeArmTransport((_request, url) => route(url));
  const tokens = new FakeTokenProvider();
  const catalog = ArmCatalog.create({
    cloud: testCloud, credential: tokens, userAgentPrefix: 'aml-tools.aml-model-inventory/0.1.0', httpClient: transport,
    retryOptions: { retryDelayInMs: 1, maxRetryDelayInMs: 5 },
  });
  return { catalog, transport, tokens };
}

describe('ArmCatalog (real SDK pipeline, canned transport)', () => {
  it('lists one page of workspace versions per call with $top, order, view and tags on the wire', async () => {
    // Keys percent-encoded, as URLSearchParams (and so the emulator) writes them.
    const nextLink = 'https://arm.test/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/ws1/models/churn/versions?api-version=2022-10-01&%24orderBy=createdtime+desc&%24top=2&listViewType=ActiveOnly&tags=stage%3Dprod%2Capproved&%24skip=page2';
    const { catalog, transport } = catalogWith((url) =>
      url.searchParams.get('$skip') === 'page2'
        ? { status: 200, body: { value: [version(workspace.id, 'churn', '8')] } }
        : { status: 200, body: { value: [version(workspace.id, 'churn', '10'), version(workspace.id, 'churn', '9')], nextLink } });
    const query = { top: 2, orderBy: 'createdtime desc', listViewType: 'ActiveOnly', tags: [{ key: 'stage', value: 'prod' }, { key: 'approved' }] } as const;

    const first = await catalog.listVersions(workspace, 'churn', query);
    assert.equal(transport.requests.length, 1, 'one request for the first page');
    const sent = new URL(transport.requests[0]!.url);
    assert.equal(sent.pathname, '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/ws1/models/churn/versions');
    assert.equal(sent.searchParams.get('$top'), '2');
    assert.equal(sent.searchParams.get('$orderBy'), 'createdtime desc');
    assert.equal(sent.searchParams.get('listViewType'), 'ActiveOnly');
    assert.equal(sent.searchParams.get('tags'), 'stage=prod,approved');
    assert.deepEqual(first.items.map((v) => v.version), ['10', '9']);
    assert.equal(first.items[0]!.modelName, 'churn');
    assert.equal(first.continuationToken, nextLink);

    const second = await catalog.listVersions(workspace, 'churn', { ...query, continuationToken: first.continuationToken });
    assert.equal(transport.requests.length, 2, 'one request for the next page');
    const followed = new URL(transport.requests[1]!.url).searchParams;
    assert.equal(followed.get('$skip'), 'page2');
    for (const key of ['$top', '$orderBy', 'listViewType', 'tags', 'api-version']) assert.equal(followed.getAll(key).length, 1, `${key} sent once`);
    assert.deepEqual(second.items.map((v) => v.version), ['8']);
    assert.equal(second.continuationToken, undefined, 'no token after the last page');
  });

  it('lists registry versions through raw 2024-04-01 requests with the same paging contract', async () => {
    const nextLink = 'https://arm.test/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/registries/shared/models/churn/versions?api-version=2024-04-01&%24top=1&%24skip=t2';
    const { catalog, transport } = catalogWith((url) =>
      url.searchParams.get('$skip') === 't2'
        ? { status: 200, body: { value: [version(registry.id, 'churn', '1')], nextLink: null } }
        : { status: 200, body: { value: [version(registry.id, 'churn', '2')], nextLink } });
    const query = { top: 1, orderBy: 'createdtime desc', listViewType: 'All', tags: [{ key: 'team' }] } as const;

    const first = await catalog.listVersions(registry, 'churn', query);
    const sent = new URL(transport.requests[0]!.url);
    assert.equal(sent.pathname, '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/registries/shared/models/churn/versions');
    assert.equal(sent.searchParams.get('api-version'), '2024-04-01');
    assert.equal(sent.searchParams.get('$top'), '1');
    assert.equal(sent.searchParams.get('$orderBy'), 'createdtime desc');
    assert.equal(sent.searchParams.get('listViewType'), 'All');
    assert.equal(sent.searchParams.get('tags'), 'team');
    assert.equal(first.items[0]!.scope, registry);
    assert.equal(first.continuationToken, nextLink);

    const second = await catalog.listVersions(registry, 'churn', { ...query, continuationToken: nextLink });
    assert.equal(transport.requests.length, 2);
    const followed = new URL(transport.requests[1]!.url);
    assert.equal(followed.searchParams.get('$skip'), 't2');
    for (const key of ['api-version', '$top']) assert.equal(followed.searchParams.getAll(key).length, 1, `${key} sent once`);
    assert.equal(followed.searchParams.get('$orderBy'), 'createdtime desc', 'filters the nextLink dropped are re-applied');
    assert.equal(second.continuationToken, undefined);
  });

  it('sends the ARM audience scope and the user-agent prefix', async () => {
    const { catalog, transport, tokens } = catalogWith(() => ({ status: 200, body: { value: [] } }));
    await catalog.listModels(workspace, { listViewType: 'ActiveOnly' });
    assert.deepEqual(tokens.scopesAsked[0], ['https://management.azure.com/.default']);
    assert.equal(transport.requests[0]!.headers.get('authorization'), 'Bearer fake-token');
    assert.match(transport.requests[0]!.headers.get('user-agent') ?? '', /^aml-tools\.aml-model-inventory\/0\.1\.0 azsdk-js-arm-machinelearning/);
  });

  it('maps a 404 envelope to notFound with the inner code, the same way for SDK and raw calls', async () => {
    const { catalog } = catalogWith(() => armError(404, 'UserError', 'The specified resource was not found.', 'ModelNotFound'));
    for (const scope of [workspace, registry]) {
      const error = await catalog.getVersion(scope, 'ghost', '1').then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof InventoryError, `${scope.kind}: ${String(error)}`);
      assert.equal(error.kind, 'notFound');
      assert.equal(error.details.code, 'ModelNotFound');
      assert.equal(error.details.statusCode, 404);
      assert.match(error.details.requestId ?? '', /^req-/);
      assert.match(error.message, /version 1 of model 'ghost'/);
    }
  });

  it('retries a 429 with Retry-After inside the pipeline, for raw calls too', async () => {
    let calls = 0;
    const { catalog, transport } = catalogWith(() =>
      ++calls === 1 ? { ...armError(429, 'TooManyRequests', 'Slow down'), headers: { 'retry-after': '0' } } : { status: 200, body: { value: [{ id: registry.id, name: 'shared' }] } });
    const registries = await catalog.listRegistries('sub1');
    assert.equal(transport.requests.length, 2);
    assert.deepEqual(registries.map((r) => r.name), ['shared']);
  });

  it('reports throttled once retries are exhausted', async () => {
    const { catalog, transport } = catalogWith(() => ({ ...armError(429, 'TooManyRequests', 'Slow down'), headers: { 'retry-after': '0' } }));
    const error = await catalog.listModels(workspace, { listViewType: 'All' }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof InventoryError);
    assert.equal(error.kind, 'throttled');
    assert.equal(transport.requests.length, 4, 'the first try plus 3 retries');
  });

  it('turns an aborted call into cancelled', async () => {
    const { catalog } = catalogWith(() => ({ status: 200, body: { value: [] } }));
    const controller = new AbortController();
    controller.abort();
    const error = await catalog.listModels(registry, { listViewType: 'All' }, { abortSignal: controller.signal }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof InventoryError);
    assert.equal(error.kind, 'cancelled');
  });

  it('lists subscriptions across nextLinks with the tenant-level client', async () => {
    const { catalog, transport } = catalogWith((url) =>
      url.searchParams.get('page') === '2'
        ? { status: 200, body: { value: [{ id: '/subscriptions/s2', subscriptionId: 's2', displayName: 'Two', state: 'Enabled' }] } }
        : { status: 200, body: { value: [{ id: '/subscriptions/s1', subscriptionId: 's1', displayName: 'One', tenantId: 't' }], nextLink: 'https://arm.test/subscriptions?api-version=2022-12-01&page=2' } });
    const subs = await catalog.listSubscriptions();
    assert.deepEqual(subs.map((s) => s.subscriptionId), ['s1', 's2']);
    assert.equal(new URL(transport.requests[0]!.url).searchParams.get('api-version'), '2022-12-01');
  });

  it('accepts any TokenCredential as a TokenProvider and vice versa (compile-time check)', () => {
    const provider: TokenProvider = new FakeTokenProvider();
    const credential: TokenCredential = provider;
    const back: TokenProvider = credential;
    assert.ok(back);
  });
});
