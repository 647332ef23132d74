import * as assert from 'node:assert/strict';
import type { Registry, Workspace } from '../../../src/core/domain/model';
import { isDotSegment, parseAssetRef } from '../../../src/core/domain/ids';
import { InventoryError } from '../../../src/core/errors';
import { ArmCatalog } from '../../../src/azure/armCatalog';
import { ArmCuration } from '../../../src/azure/armCuration';
import { ArmDeployments } from '../../../src/azure/armDeployments';
import { ArmClientFactory } from '../../../src/azure/clientFactory';
import { checkedName } from '../../../src/azure/urlSegment';
import { FakeArmTransport, FakeTokenProvider, testCloud } from './fakeArm';

const workspace: Workspace = {
  kind: 'workspace', id: '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/ws1',
  name: 'ws1', subscriptionId: 'sub1', resourceGroup: 'rg1', tags: {},
};
const registry: Registry = { ...workspace, kind: 'registry', id: workspace.id.replace('workspaces/ws1', 'registries/r1'), name: 'r1' } as Registry;
const dots = ['.', '..', '%2e', '%2E%2e', '%252e%252e', '.%2e'];

function invalidName(error: unknown): boolean {
  return error instanceof InventoryError && error.kind === 'validation' && /is not a valid name/.test(error.message);
}

describe('asset names and versions "." / ".." never reach a URL path', () => {
  it('isDotSegment sees through percent-encoding; ordinary dotted names pass', () => {
    for (const d of dots) assert.ok(isDotSegment(d), d);
    for (const ok of ['...', 'a.b', '1.0', '.hidden', '%zz', '..a']) assert.ok(!isDotSegment(ok), ok);
    assert.throws(() => checkedName('..', 'Version'), invalidName);
    assert.throws(() => checkedName('', 'Version'), invalidName);
    assert.equal(checkedName('1.0', 'Version'), '1.0');
  });

  it('catalog reads refuse them before any request (SDK and raw paths)', async () => {
    const transport = new FakeArmTransport(() => ({ status: 200, body: { name: 'x', properties: {} } }));
    const clients = new ArmClientFactory({ cloud: testCloud, credential: new FakeTokenProvider(), httpClient: transport, retryOptions: { maxRetries: 0 } });
    const catalog = new ArmCatalog(clients);
    for (const scope of [workspace, registry]) {
      for (const d of dots) {
        await assert.rejects(catalog.getVersion(scope, d, '1'), invalidName);
        await assert.rejects(catalog.getVersion(scope, 'm', d), invalidName);
        await assert.rejects(catalog.getModel(scope, d), invalidName);
        await assert.rejects(catalog.listVersions(scope, d, { listViewType: 'All', top: 5, orderBy: 'createdtime desc' }), invalidName);
      }
    }
    assert.deepEqual(transport.requests, []);
  });

  it('curation and deployment writes refuse them before any request', async () => {
    const transport = new FakeArmTransport(() => ({ status: 200, body: { name: 'x', properties: {} } }));
    const clients = new ArmClientFactory({ cloud: testCloud, credential: new FakeTokenProvider(), httpClient: transport, retryOptions: { maxRetries: 0 } });
    const curation = new ArmCuration(clients);
    await assert.rejects(curation.setVersionArchived(workspace, '..', '..', true), invalidName);
    await assert.rejects(curation.setModelArchived(registry, '%2e%2e', true), invalidName);
    await assert.rejects(new ArmDeployments(clients).getEndpoint(workspace, '..'), invalidName);
    await assert.rejects(new ArmDeployments(clients).listOnlineDeployments(workspace, '.'), invalidName);
    assert.deepEqual(transport.requests, []);
  });

  it('parseAssetRef rejects every spelling naming "." or ".."', () => {
    for (const text of [
      'azureml:..:..', 'azureml:m:..', 'azureml:.@latest', 'azureml://registries/../models/../versions/..',
      'azureml://registries/r/models/m/versions/%2e%2e', 'azureml://registries//models/x/versions/1',
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/models/%2e%2e/versions/1',
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/../models/m/versions/1',
      'azureml://locations/westeurope/workspaces/../models/m/versions/1',
    ]) assert.equal(parseAssetRef(text), undefined, text);
    assert.deepEqual(parseAssetRef('azureml:m.v2:1.0'), { kind: 'nameVersion', name: 'm.v2', version: '1.0' });
    assert.equal(parseAssetRef('azureml://registries/r/models/m/versions/3')?.kind, 'registryAsset');
  });
});
