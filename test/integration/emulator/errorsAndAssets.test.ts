import assert from 'node:assert/strict';
import type { RestError } from '@azure/core-rest-pipeline';
import { armToken, DEMO_WS, mlClient, raw, services, wsPath } from './helpers';

const MODEL_URI = (path: string) => `azureml://subscriptions/${services.subscriptionIds[0]}/resourcegroups/${DEMO_WS.resourceGroup}/workspaces/${DEMO_WS.workspace}/datastores/workspaceblobstore/paths/${path}`;

describe('emulator: Azure ML error envelopes', () => {
  it('answers a missing model with 404 UserError / ModelNotFound, additionalInfo and x-ms-response-type: error', async () => {
    const res = await raw('GET', `${wsPath()}/models/no-such-model/versions?api-version=2022-10-01`, { token: await armToken() });
    assert.equal(res.status, 404);
    assert.equal(res.headers['x-ms-response-type'], 'error');
    assert.equal(res.body.error.code, 'UserError');
    assert.equal(res.body.error.message, 'The specified resource was not found.');
    assert.equal(res.body.error.details[0].code, 'ModelNotFound');
    assert.deepEqual(res.body.error.additionalInfo.map((i: { type: string }) => i.type), ['ComponentName', 'Correlation', 'Environment', 'Location', 'Time']);
    await assert.rejects(mlClient().modelContainers.get(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'no-such-model'), (e: RestError) => e.statusCode === 404 && e.code === 'UserError');
  });

  it('answers a child of a missing workspace with ParentResourceNotFound from the gateway', async () => {
    const res = await raw('GET', `${wsPath(undefined, DEMO_WS.resourceGroup, 'ws-missing')}/models?api-version=2022-10-01`, { token: await armToken() });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'ParentResourceNotFound');
    assert.equal(res.headers['x-ms-failure-cause'], 'gateway');
  });

  it('answers unknown subscriptions and resource groups like ARM', async () => {
    const token = await armToken();
    const sub = await raw('GET', `/subscriptions/00000000-0000-0000-0000-00000000dead/providers/Microsoft.MachineLearningServices/workspaces?api-version=2022-10-01`, { token });
    assert.equal(sub.status, 404);
    assert.equal(sub.body.error.code, 'SubscriptionNotFound');
    const rg = await raw('GET', `${wsPath(undefined, 'rg-missing')}?api-version=2022-10-01`, { token });
    assert.equal(rg.body.error.code, 'ResourceGroupNotFound');
  });

  it('matches provider and resource-type segments case-insensitively and sends ARM headers', async () => {
    const path = wsPath().replace('Microsoft.MachineLearningServices', 'microsoft.machinelearningservices').replace('/workspaces/', '/WORKSPACES/');
    const res = await raw('GET', `${path}/models?api-version=2022-10-01`, { token: await armToken() });
    assert.equal(res.status, 200);
    for (const h of ['x-ms-request-id', 'x-ms-correlation-request-id', 'x-ms-ratelimit-remaining-subscription-reads']) assert.ok(res.headers[h], h);
    assert.match(res.body.value[0].systemData.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/);
  });

  it('refuses listSecrets on an identity-based datastore', async () => {
    await assert.rejects(mlClient().datastores.listSecrets(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'workspaceartifactstore'),
      (e: RestError) => e.statusCode === 400 && /No secrets for credentials of type None/.test(e.message));
  });
});

describe('emulator: model version upserts', () => {
  afterEach(() => services.reset());
  const client = () => mlClient();
  const body = (path: string, description = 'd') => ({ properties: { modelUri: MODEL_URI(path), modelType: 'custom_model', description } });

  it('creates the container with the first version (201 + Location), then updates with 200 keeping createdAt', async () => {
    const token = await armToken();
    const url = `${wsPath()}/models/new-model/versions/1?api-version=2022-10-01`;
    const created = await raw('PUT', url, { token, body: body('LocalUpload/abc/model') });
    assert.equal(created.status, 201);
    assert.match(String(created.headers.location), /\/models\/new-model\/versions\/1\?api-version=2022-10-01$/);
    assert.match(created.body.properties.modelUri, /\/resourceGroups\//, 'resourcegroups is normalised');
    await new Promise((r) => setTimeout(r, 5));
    const updated = await raw('PUT', url, { token, body: body('LocalUpload/abc/model', 'changed') });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.systemData.createdAt, created.body.systemData.createdAt);
    assert.notEqual(updated.body.systemData.lastModifiedAt, created.body.systemData.lastModifiedAt);
    const container = await client().modelContainers.get(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'new-model');
    assert.equal(container.properties.latestVersion, '1');
    assert.equal(container.properties.nextVersion, '2');
  });

  it('rejects a modelUri change on an existing version: "Asset paths cannot be updated."', async () => {
    const c = client();
    await c.modelVersions.createOrUpdate(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'immutable', '1', body('LocalUpload/one/model'));
    await assert.rejects(c.modelVersions.createOrUpdate(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'immutable', '1', body('LocalUpload/two/model')),
      (e: RestError) => e.statusCode === 400 && e.code === 'UserError' && /Asset paths cannot be updated\./.test(e.message));
  });

  it('maintains nextVersion as max numeric version + 1', async () => {
    const c = client();
    for (const v of ['1', '7', 'beta']) await c.modelVersions.createOrUpdate(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'numbering', v, body(`LocalUpload/${v}/m`));
    const container = await c.modelContainers.get(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'numbering');
    assert.equal(container.properties.nextVersion, '8');
    assert.equal(container.properties.latestVersion, 'beta');
  });

  it('validates model names with the service rules', async () => {
    for (const bad of ['-starts-with-dash', 'has space', 'x'.repeat(256)]) {
      const res = await raw('PUT', `${wsPath()}/models/${encodeURIComponent(bad)}/versions/1?api-version=2022-10-01`, { token: await armToken(), body: body('LocalUpload/x/m') });
      assert.equal(res.status, 400, bad);
      assert.equal(res.body.error.code, 'UserError');
    }
  });
});
