import * as assert from 'node:assert/strict';
import type { ScopeRef } from '../../../src/core/domain/ids';
import type { ModelVersion, Workspace } from '../../../src/core/domain/model';
import {
  compactReference, deployableReference, resolveModelReference, versionKey, workspaceVersionKey, registryVersionKey,
} from '../../../src/core/deployments/modelReference';
import { buildDeploymentIndex, deployedWhere, describeDeployedWhere } from '../../../src/core/deployments/deployedIndex';
import type { WorkspaceDeployments } from '../../../src/core/deployments/types';

const sub = 'a1b2c3d4-0001-4e5f-8a9b-00000000d001';
const otherSub = 'ffffffff-0002-4e5f-8a9b-00000000d002';
const ws: ScopeRef = { kind: 'workspace', subscriptionId: sub, resourceGroup: 'rg-ml-prod', name: 'ws-fraud-prod' };
const guid = '5f1c2d3e-4a5b-4c6d-8e7f-00000000a001';
const armId = `/subscriptions/${sub}/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/ws-fraud-prod/models/churn/versions/3`;
const context = { workspace: ws, workspaceByGuid: (g: string) => (g.toLowerCase() === guid ? ws : undefined) };
const expected = workspaceVersionKey(ws, 'churn', '3');

describe('deployments: model reference normalisation', () => {
  const sameVersion: Array<[string, string]> = [
    ['ARM id', armId],
    ['ARM id, lower-cased provider and segments', armId.replace('resourceGroups', 'resourcegroups').replace('Microsoft.MachineLearningServices', 'microsoft.machinelearningservices').replace('/workspaces/', '/WORKSPACES/').replace('/versions/', '/Versions/')],
    ['ARM id, upper-cased subscription/rg/workspace names', armId.replace(sub, sub.toUpperCase()).replace('rg-ml-prod', 'RG-ML-PROD').replace('ws-fraud-prod', 'WS-Fraud-Prod')],
    ['ARM id, MODELS collection upper-case', armId.replace('/models/', '/MODELS/')],
    ['azureml:/ prefixed ARM id', `azureml:${armId}`],
    ['AzureML:/ prefixed, lower-cased segments', `AzureML:${armId.toLowerCase().replace('/churn/', '/churn/')}`],
    ['azureml:name:version (deployment workspace)', 'azureml:churn:3'],
    ['location asset id with the workspace GUID', `azureml://locations/eastus/workspaces/${guid}/models/churn/versions/3`],
    ['location asset id, GUID upper-case', `azureml://locations/eastus/workspaces/${guid.toUpperCase()}/models/churn/versions/3`],
    ['surrounding whitespace', `  ${armId}  `],
  ];
  for (const [label, spelling] of sameVersion) {
    it(`resolves ${label} to the one key`, () => {
      const ref = resolveModelReference(spelling, context);
      assert.equal(ref.status, 'resolved', JSON.stringify(ref));
      assert.equal(ref.key, expected);
    });
  }

  it('keeps model names and versions case-sensitive', () => {
    assert.notEqual(resolveModelReference(armId.replace('/churn/', '/Churn/'), context).key, expected);
  });

  it('resolves a model in another subscription to that subscription, not the deployment workspace', () => {
    const foreign = armId.replace(sub, otherSub);
    const ref = resolveModelReference(foreign, context);
    assert.equal(ref.status, 'resolved');
    assert.equal(ref.key, workspaceVersionKey({ subscriptionId: otherSub, resourceGroup: 'rg-ml-prod', name: 'ws-fraud-prod' }, 'churn', '3'));
    assert.notEqual(ref.key, expected);
    assert.equal(resolveModelReference(foreign.toUpperCase().replace('/CHURN/VERSIONS/3', '/churn/versions/3'), context).key, ref.key);
  });

  it('resolves registry asset ids and registry ARM ids to the registry key', () => {
    const key = registryVersionKey('shared-models', 'diabetes-regressor', '2');
    for (const spelling of [
      'azureml://registries/shared-models/models/diabetes-regressor/versions/2',
      'azureml://registries/Shared-Models/models/diabetes-regressor/versions/2',
      'azureml://REGISTRIES/shared-models/MODELS/diabetes-regressor/VERSIONS/2',
      `/subscriptions/${sub}/resourceGroups/rg-ml-shared/providers/Microsoft.MachineLearningServices/registries/shared-models/models/diabetes-regressor/versions/2`,
    ]) {
      const ref = resolveModelReference(spelling, context);
      assert.equal(ref.status, 'resolved', spelling);
      assert.equal(ref.key, key, spelling);
    }
  });

  const unresolved: Array<[string, string | undefined, RegExp]> = [
    ['a label', 'azureml:churn@latest', /label/],
    ['an unknown workspace GUID', 'azureml://locations/eastus/workspaces/00000000-0000-0000-0000-000000000000/models/churn/versions/3', /No known workspace/],
    ['a datastore path', 'azureml://datastores/workspaceblobstore/paths/models/churn', /storage path/],
    ['an environment id', `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/environments/env/versions/1`, /environments asset/],
    ['a model id without version', `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/models/churn`, /no version/],
    ['free text', 'not an id', /Not an Azure ML model id/],
    ['nothing', undefined, /names no model/],
  ];
  for (const [label, spelling, reason] of unresolved) {
    it(`keeps ${label} as unresolved, with a reason`, () => {
      const ref = resolveModelReference(spelling, context);
      assert.equal(ref.status, 'unresolved');
      assert.ok(ref.status === 'unresolved' && reason.test(ref.reason), ref.status === 'unresolved' ? ref.reason : '');
      assert.equal(ref.raw, spelling ?? '');
    });
  }

  it('keys catalog versions the same way as references', () => {
    const workspace: Workspace = { kind: 'workspace', id: '', name: 'WS-FRAUD-PROD', subscriptionId: sub, resourceGroup: 'RG-ML-PROD', tags: {} };
    const version = { scope: workspace, modelName: 'churn', version: '3' } as Pick<ModelVersion, 'scope' | 'modelName' | 'version'>;
    assert.equal(versionKey(version), expected);
  });

  it('formats compact references that resolve back to the same key', () => {
    const same = resolveModelReference(armId, context);
    assert.ok(same.status === 'resolved');
    assert.equal(compactReference(same.target, ws), 'azureml:churn:3');
    assert.equal(resolveModelReference(compactReference(same.target, ws), context).key, expected);
    const foreign = resolveModelReference(armId.replace(sub, otherSub), context);
    assert.ok(foreign.status === 'resolved');
    assert.match(compactReference(foreign.target, ws), /^\/subscriptions\/ffffffff/);
    assert.equal(resolveModelReference(deployableReference(foreign.target), context).key, foreign.key);
  });
});

describe('deployments: deployed-where index', () => {
  const deployment = (endpointName: string, name: string, model: string | undefined) => ({
    id: `${ws.name}/onlineEndpoints/${endpointName}/deployments/${name}`, name, endpointName, workspace: ws, model, tags: {}, provisioningState: 'Succeeded',
  });
  const data: WorkspaceDeployments = {
    workspace: ws, readAt: new Date(),
    onlineEndpoints: [
      { id: 'e1', name: 'fraud-online', workspace: ws, traffic: { Blue: 90, green: 10 }, mirrorTraffic: {}, tags: {}, provisioningState: 'Succeeded' },
      { id: 'e2', name: 'shadow', workspace: ws, traffic: { a: 100 }, mirrorTraffic: { b: 20 }, tags: {}, provisioningState: 'Succeeded' },
    ],
    onlineDeployments: [
      deployment('fraud-online', 'blue', armId),
      deployment('fraud-online', 'green', 'azureml:churn:3'),
      deployment('shadow', 'a', `azureml:${armId.replace('/versions/3', '/versions/2')}`),
      deployment('shadow', 'b', 'azureml:churn@latest'),
    ],
    batchEndpoints: [{ id: 'b1', name: 'fraud-batch', workspace: ws, defaultDeployment: 'nightly' }],
    batchDeployments: [{ id: 'bd', name: 'nightly', endpointName: 'fraud-batch', workspace: ws, model: armId, tags: {} }],
  };

  it('maps every spelling of one version to one list, with traffic (case-insensitive names) and kind', () => {
    const index = buildDeploymentIndex([data]);
    const rows = deployedWhere(index, { scope: { kind: 'workspace', id: '', name: ws.name, subscriptionId: sub, resourceGroup: ws.resourceGroup, tags: {} }, modelName: 'churn', version: '3' });
    assert.deepEqual(rows.map(describeDeployedWhere), ['fraud-online/blue — 90 % traffic', 'fraud-online/green — 10 % traffic', 'fraud-batch/nightly — batch, default']);
  });

  it('keeps unresolved references, with mirror shares', () => {
    const index = buildDeploymentIndex([data]);
    assert.equal(index.entries.length, 5);
    assert.equal(index.unresolved.length, 1);
    assert.equal(describeDeployedWhere(index.unresolved[0]!), 'shadow/b — 0 % traffic, 20 % mirror');
  });
});
