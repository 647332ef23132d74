import assert from 'node:assert/strict';
import type { RestError } from '@azure/core-rest-pipeline';
import { armToken, DEMO_WS, mlClient, raw, services, wsPath } from './helpers';

describe('emulator: fault knobs', () => {
  afterEach(() => services.reset());

  it('answers 429 + Retry-After and the SDK retries after waiting', async () => {
    await services.setFaults({ throttle: { count: 1, retryAfterSeconds: 1, pathPattern: '/models/fraud-detector$' } });
    await services.requestCount(true);
    const started = Date.now();
    const container = await mlClient().modelContainers.get(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'fraud-detector');
    assert.equal(container.name, 'fraud-detector');
    assert.ok(Date.now() - started >= 900, 'Retry-After: 1 was honoured');
    assert.equal(await services.requestCount(), 2, 'one throttled call + one retry');
  });

  it('returns 5xx bursts (retried by the SDK) and a configured failure on one path only', async () => {
    await services.setFaults({ serverErrors: { count: 2, status: 503 } });
    await services.requestCount(true);
    await mlClient().workspaces.get(DEMO_WS.resourceGroup, DEMO_WS.workspace);
    assert.equal(await services.requestCount(), 3);
    await services.setFaults({ failures: { count: 5, status: 403, code: 'AuthorizationFailed', message: 'no access', pathPattern: '/workspaces/ws-research' } });
    await assert.rejects(mlClient().workspaces.get('rg-ml-research', 'ws-research'), (e: RestError) => e.statusCode === 403 && e.code === 'AuthorizationFailed');
    assert.ok(await mlClient().workspaces.get(DEMO_WS.resourceGroup, DEMO_WS.workspace));
  });

  it('resets connections', async () => {
    await services.setFaults({ connectionResets: { count: 1 } });
    const token = await armToken();
    await assert.rejects(raw('GET', `${wsPath()}?api-version=2022-10-01`, { token }), /socket hang up|ECONNRESET/);
    assert.equal((await raw('GET', `${wsPath()}?api-version=2022-10-01`, { token })).status, 200);
  });

  it('adds latency per call', async () => {
    await services.setFaults({ latencyMs: 300 });
    const token = await armToken();
    const started = Date.now();
    await raw('GET', `${wsPath()}?api-version=2022-10-01`, { token });
    assert.ok(Date.now() - started >= 290);
  });
});

describe('emulator: online endpoint LROs and traffic', () => {
  afterEach(() => services.reset());
  const endpointBody = (traffic: Record<string, number>) => ({ location: 'eastus', properties: { authMode: 'Key' as const, traffic } });

  it('answers PUT with 201, Azure-AsyncOperation, Location and a timeout, and polls Updating -> Succeeded', async () => {
    const token = await armToken();
    const put = await raw('PUT', `${wsPath()}/onlineEndpoints/fraud-online?api-version=2022-10-01`, { token, body: endpointBody({ blue: 100, green: 0 }) });
    assert.equal(put.status, 201);
    assert.equal(put.body.properties.provisioningState, 'Updating');
    const op = String(put.headers['azure-asyncoperation']);
    assert.match(op, /^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/locations\/eastus\/mfeOperationsStatus\/oeidp:[^?]+\?api-version=2022-10-01$/);
    assert.ok(put.headers.location);
    assert.equal(put.headers['x-ms-async-operation-timeout'], 'PT30M');
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await raw('GET', op, { token })).body.status);
    assert.deepEqual(statuses, ['Updating', 'Updating', 'Succeeded', 'Succeeded']);
    const endpoint = await mlClient().onlineEndpoints.get(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'fraud-online');
    assert.equal(endpoint.properties.provisioningState, 'Succeeded');
    assert.deepEqual(endpoint.properties.traffic, { blue: 100, green: 0 });
  });

  it('completes through the SDK poller, and surfaces a Failed LRO as an error', async () => {
    const client = mlClient();
    const done = await client.onlineEndpoints.beginCreateOrUpdateAndWait(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'fraud-online', endpointBody({ blue: 0, green: 100 }), { updateIntervalInMs: 50 });
    assert.equal(done.properties.provisioningState, 'Succeeded');
    await services.setFaults({ lroOutcome: 'Failed', lroFailureMessage: 'quota exceeded' });
    await assert.rejects(client.onlineEndpoints.beginCreateOrUpdateAndWait(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'fraud-online', endpointBody({ blue: 90, green: 10 }), { updateIntervalInMs: 50 }), /quota exceeded/);
    const after = await client.onlineEndpoints.get(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'fraud-online');
    assert.equal(after.properties.provisioningState, 'Failed');
    assert.deepEqual(after.properties.traffic, { blue: 0, green: 100 }, 'a failed update is rolled back');
  });

  it('keeps deployment model ids verbatim and answers DELETE with 202 + Location + Retry-After', async () => {
    const client = mlClient();
    const green = await client.onlineDeployments.get(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'fraud-online', 'green');
    assert.match(String(green.properties.model), /^azureml:\/subscriptions\//);
    const token = await armToken();
    const res = await raw('DELETE', `${wsPath()}/onlineEndpoints/fraud-shared?api-version=2022-10-01`, { token });
    assert.equal(res.status, 202);
    assert.ok(res.headers.location && res.headers['retry-after']);
  });

  it('validates traffic: sum must be 100 or 0 and names must exist', async () => {
    const client = mlClient();
    await assert.rejects(client.onlineEndpoints.beginCreateOrUpdate(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'fraud-online', endpointBody({ blue: 80, green: 10 })),
      (e: RestError) => e.statusCode === 400 && e.code === 'UserError' && /sum to 100/.test(e.message));
    await assert.rejects(client.onlineEndpoints.beginCreateOrUpdate(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'fraud-online', endpointBody({ blue: 50, purple: 50 })),
      (e: RestError) => e.statusCode === 400 && /does not exist/.test(e.message));
    await assert.rejects(client.onlineDeployments.beginDelete(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'fraud-online', 'blue'),
      (e: RestError) => e.statusCode === 400 && /traffic/.test(e.message));
  });
});
