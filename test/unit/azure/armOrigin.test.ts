import * as assert from 'node:assert/strict';
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import type { Workspace } from '../../../src/core/domain/model';
import { InventoryError } from '../../../src/core/errors';
import { ArmCatalog } from '../../../src/azure/armCatalog';
import { operationUrlOf, sendJson, watchOperation } from '../../../src/azure/armLro';
import { foreignOriginProblem } from '../../../src/azure/armOrigin';
import { getAllPages, getListPage, maxDrainPages } from '../../../src/azure/armRequest';
import { ArmClientFactory } from '../../../src/azure/clientFactory';
import { listTenants } from '../../../src/azure/tenants';
import { FakeArmTransport, FakeTokenProvider, testCloud, type CannedResponse } from './fakeArm';

const workspace: Workspace = {
  kind: 'workspace', id: '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/ws1',
  name: 'ws1', subscriptionId: 'sub1', resourceGroup: 'rg1', tags: {},
};
const evil = 'https://evil.example:8443/steal?api-version=2024-04-01';

function setup(route: (url: URL) => CannedResponse): { clients: ArmClientFactory; transport: FakeArmTransport; tokens: FakeTokenProvider } {
  const transport = new FakeArmTransport((_request, url) => route(url));
  const tokens = new FakeTokenProvider();
  const clients = new ArmClientFactory({ cloud: testCloud, credential: tokens, httpClient: transport, retryOptions: { maxRetries: 0 } });
  return { clients, transport, tokens };
}

function hostsSeen(transport: FakeArmTransport): string[] {
  return transport.requests.map((r) => new URL(r.url).host);
}

async function refused(promise: Promise<unknown>, host: RegExp): Promise<InventoryError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof InventoryError, `expected an InventoryError, got ${String(error)}`);
    assert.match(error.message, host);
    assert.match(error.message, /sign-in was not sent/);
    return error;
  }
  assert.fail('expected the request to be refused');
}

describe('ARM origin guard: the bearer token never leaves the Resource Manager endpoint', () => {
  it('names the foreign host and accepts only the exact ARM origin', () => {
    assert.equal(foreignOriginProblem('https://arm.test/subscriptions?x=1', 'https://arm.test', 'x'), undefined);
    assert.equal(foreignOriginProblem('https://ARM.test:443/a', 'https://arm.test/', 'x'), undefined);
    assert.match(foreignOriginProblem('http://arm.test/a', 'https://arm.test', 'x') ?? '', /http:\/\/arm\.test/);
    assert.match(foreignOriginProblem('https://arm.test:444/a', 'https://arm.test', 'x') ?? '', /arm\.test:444/);
    assert.match(foreignOriginProblem('https://arm.test.evil.example/a', 'https://arm.test', 'x') ?? '', /arm\.test\.evil\.example/);
    assert.match(foreignOriginProblem('not a url', 'https://arm.test', 'x') ?? '', /not a valid URL/);
  });

  it('the pipeline refuses a raw request to another host before asking for a token', async () => {
    const { clients, transport, tokens } = setup(() => ({ status: 200, body: {} }));
    await refused(clients.forTenant().sendRequest(createPipelineRequest({ url: evil })), /evil\.example:8443/);
    await refused(clients.forSubscription('sub1').sendRequest(createPipelineRequest({ url: evil })), /evil\.example:8443/);
    assert.deepEqual(transport.requests, []);
    assert.deepEqual(tokens.scopesAsked, [], 'no token was even requested');
  });

  it('refuses a foreign nextLink in a raw drain (subscriptions, tenants) and names it', async () => {
    const { clients, transport } = setup((url) => url.host === 'arm.test'
      ? { status: 200, body: { value: [{ subscriptionId: 's1', tenantId: 't1' }], nextLink: evil } }
      : { status: 200, body: { value: [] } });
    const catalog = new ArmCatalog(clients);
    const error = await refused(catalog.listSubscriptions(), /next-page link to https:\/\/evil\.example:8443/);
    assert.equal(error.details.code, 'ForeignOrigin');
    await refused(listTenants(clients), /evil\.example/);
    assert.deepEqual([...new Set(hostsSeen(transport))], ['arm.test']);
    for (const r of transport.requests) assert.match(r.headers.get('authorization') ?? '', /^Bearer /, 'ARM itself still gets the token');
  });

  it('refuses a foreign continuation token handed back to a one-page list (raw and SDK paths)', async () => {
    const { clients, transport } = setup(() => ({ status: 200, body: { value: [] } }));
    const catalog = new ArmCatalog(clients);
    await refused(catalog.listModels(workspace, { listViewType: 'ActiveOnly', continuationToken: evil }), /next-page link to https:\/\/evil/);
    await refused(catalog.listVersions(workspace, 'm', { listViewType: 'ActiveOnly', top: 10, orderBy: 'createdtime desc', continuationToken: evil }), /next-page link/);
    await refused(catalog.listModels({ ...workspace, kind: 'registry' } as never, { listViewType: 'ActiveOnly', continuationToken: evil }), /next-page link/);
    await refused(getListPage(clients.forTenant(), 'https://arm.test/subscriptions', {}, 'http://arm.test/subscriptions'), /http:\/\/arm\.test/);
    assert.deepEqual(transport.requests, []);
  });

  it('the SDK drain of workspaces does not follow a foreign nextLink', async () => {
    const { clients, transport } = setup((url) => url.host === 'arm.test'
      ? { status: 200, body: { value: [{ id: `${workspace.id}`, name: 'ws1', location: 'westeurope' }], nextLink: evil } }
      : { status: 200, body: { value: [] } });
    await refused(new ArmCatalog(clients).listWorkspaces('sub1'), /evil\.example:8443/);
    assert.deepEqual(hostsSeen(transport), ['arm.test']);
  });

  it('refuses LRO headers naming another host, and the watcher will not poll one', async () => {
    for (const header of ['azure-asyncoperation', 'operation-location', 'location']) {
      const { clients, transport } = setup(() => ({ status: 202, body: {}, headers: { [header]: evil } }));
      const client = clients.forSubscription('sub1');
      const response = await sendJson(client, 'PUT', `https://arm.test${workspace.id}/models/m?api-version=1`, {});
      assert.throws(() => operationUrlOf(response), (e: unknown) => e instanceof InventoryError && /evil\.example:8443/.test(e.message) && /accepted \(202\)/.test(e.message));
      await refused(watchOperation(client, { url: evil, mode: 'status' }, { maxWaitMs: 1000, pollIntervalMs: 0 }), /evil\.example/);
      assert.deepEqual(hostsSeen(transport), ['arm.test'], `only the PUT went out (${header})`);
    }
    // Same-origin operation URLs are still watched.
    const ok = setup(() => ({ status: 202, body: {}, headers: { 'azure-asyncoperation': 'https://arm.test/ops/1?api-version=1' } }));
    const response = await sendJson(ok.clients.forSubscription('sub1'), 'PUT', 'https://arm.test/x?api-version=1', {});
    assert.deepEqual(operationUrlOf(response), { url: 'https://arm.test/ops/1?api-version=1', mode: 'status' });
  });
});

describe('ARM drains end: repeated nextLinks and a page cap', () => {
  const base = 'https://arm.test/subscriptions';

  it('getAllPages stops with an error on a repeated nextLink', async () => {
    let n = 0;
    const { clients, transport } = setup(() => ({ status: 200, body: { value: [{ n: n++ }], nextLink: `${base}?page=${Math.min(n, 3)}` } }));
    await assert.rejects(getAllPages(clients.forTenant(), base, {}), (e: unknown) => e instanceof InventoryError && /same next-page link twice/.test(e.message));
    assert.ok(transport.requests.length <= 5, `stopped early (${transport.requests.length} requests)`);
  });

  it(`getAllPages stops after ${maxDrainPages} pages of fresh nextLinks`, async function () {
    this.timeout(20_000);
    let n = 0;
    const { clients, transport } = setup(() => ({ status: 200, body: { value: [], nextLink: `${base}?page=${++n}` } }));
    await assert.rejects(getAllPages(clients.forTenant(), base, {}), (e: unknown) => e instanceof InventoryError && new RegExp(`after ${maxDrainPages} pages`).test(e.message));
    assert.equal(transport.requests.length, maxDrainPages);
  });

  it('the SDK workspace drain stops on a repeated nextLink', async () => {
    const link = `https://arm.test/subscriptions/sub1/providers/Microsoft.MachineLearningServices/workspaces?api-version=2024-04-01&skip=1`;
    const { clients, transport } = setup(() => ({ status: 200, body: { value: [{ id: workspace.id, name: 'ws1' }], nextLink: link } }));
    await assert.rejects(new ArmCatalog(clients).listWorkspaces('sub1'), (e: unknown) => e instanceof InventoryError && /workspaces of subscription sub1.*same next-page link/.test(e.message));
    assert.ok(transport.requests.length <= 3);
  });

  it('a normal multi-page drain still returns every item', async () => {
    const { clients } = setup((url) => {
      const page = Number(url.searchParams.get('page') ?? '0');
      return { status: 200, body: { value: [{ page }], ...(page < 4 ? { nextLink: `${base}?page=${page + 1}` } : {}) } };
    });
    assert.deepEqual((await getAllPages<{ page: number }>(clients.forTenant(), base, {})).map((x) => x.page), [0, 1, 2, 3, 4]);
  });
});
