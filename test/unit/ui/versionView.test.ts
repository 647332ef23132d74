import * as assert from 'node:assert/strict';
import type { Registry, ModelVersion, Workspace } from '../../../src/core/domain/model';
import { deploymentsView, detailsView, identityOf, scopeFromIdentity } from '../../../src/webviews/modelVersion/versionView';
import { buildDeploymentIndex } from '../../../src/core/deployments/deployedIndex';
import type { OnlineDeployment, OnlineEndpoint } from '../../../src/core/deployments/types';
import { studioModelVersionUrl } from '../../../src/core/domain/studioLinks';
import { publicClouds } from '../../../src/core/domain/cloud';

const wsId = '/subscriptions/sub-1/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-fraud';
const workspace: Workspace = { kind: 'workspace', id: wsId, name: 'ws-fraud', subscriptionId: 'sub-1', resourceGroup: 'rg-ml', tags: {}, workspaceGuid: 'guid-1', location: 'westeurope' };
const registry: Registry = { kind: 'registry', id: '/subscriptions/sub-1/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/registries/shared', name: 'shared', subscriptionId: 'sub-1', resourceGroup: 'rg-ml', tags: {} };

function version(scope: Workspace | Registry): ModelVersion {
  return { scope, id: 'x', modelName: 'fraud', version: '3', tags: { b: '2', a: '1' }, properties: {}, flavors: { python_function: { loader_module: 'mlflow.sklearn' } }, modelType: 'mlflow_model', isArchived: false, isAnonymous: false };
}

describe('details view model', () => {
  it('lists the asset id spellings that apply to a workspace version', () => {
    const view = detailsView(version(workspace));
    assert.deepEqual(view.assetIds.map((a) => a.value), [
      `${wsId}/models/fraud/versions/3`,
      'azureml:fraud:3',
      'azureml://locations/westeurope/workspaces/guid-1/models/fraud/versions/3',
    ]);
    assert.deepEqual(view.tags.map((t) => t.name), ['a', 'b']);
    assert.equal(view.modelType, 'MLflow');
    assert.equal(view.flavors[0]?.name, 'python_function');
  });

  it('uses the registry asset id first for registry versions', () => {
    assert.equal(detailsView(version(registry)).assetIds[0]?.value, 'azureml://registries/shared/models/fraud/versions/3');
  });

  it('round-trips a persisted identity back to a scope', () => {
    const scope = scopeFromIdentity(identityOf(version(workspace)));
    assert.equal(scope?.kind, 'workspace');
    assert.equal(scope?.name, 'ws-fraud');
    assert.equal(scopeFromIdentity({ ...identityOf(version(workspace)), scopeKind: 'registry' }), undefined);
  });

  it('links to studio per scope kind', () => {
    const cloud = publicClouds.AzureCloud;
    assert.equal(studioModelVersionUrl(cloud, workspace, 'fraud', '3', 't-1'),
      `https://ml.azure.com/model/fraud:3/details?wsid=${encodeURIComponent(wsId)}&tid=t-1`);
    assert.equal(studioModelVersionUrl(cloud, registry, 'fraud', '3'), 'https://ml.azure.com/registries/shared/models/fraud/version/3');
  });
  it('maps the deployed-where index to rows and the rollback history of the endpoints involved', () => {
    const ref = { kind: 'workspace' as const, subscriptionId: 'sub-1', resourceGroup: 'rg-ml', name: 'ws-fraud' };
    const endpoint: OnlineEndpoint = { id: 'e', name: 'fraud-online', workspace: ref, provisioningState: 'Succeeded', traffic: { blue: 90, green: 10 }, mirrorTraffic: {}, tags: {} };
    const deployment = (name: string, model: string, tags: Record<string, string> = {}): OnlineDeployment => ({ id: name, name, endpointName: 'fraud-online', workspace: ref, model, provisioningState: 'Succeeded', tags });
    const index = buildDeploymentIndex([{
      workspace: ref, onlineEndpoints: [endpoint], batchEndpoints: [], batchDeployments: [], readAt: new Date(),
      onlineDeployments: [
        deployment('blue', 'azureml:fraud:3'),
        deployment('green', 'azureml:fraud:2', {
          'amlInventory.rollback.1': 'v1|2025-01-06T09:00:00.000Z|swap|-|alice|<b>regressed</b>',
          'amlInventory.rollback.1.from': 'azureml:fraud:3', 'amlInventory.rollback.1.to': 'azureml:fraud:2',
        }),
      ],
    }]);
    const v3 = version(workspace);
    const view = deploymentsView({ status: 'ready', index }, v3);
    assert.equal(view.status, 'ready');
    if (view.status !== 'ready') return;
    assert.deepEqual(view.rows.map((r) => r.summary), ['fraud-online/blue — 90 % traffic']);
    assert.deepEqual(view.history.map((h) => [h.recordedOn, h.seq, h.action, h.who, h.reason, h.from, h.to]), [
      ['fraud-online/green', 1, 'swap', 'alice', '<b>regressed</b>', 'azureml:fraud:3', 'azureml:fraud:2'],
    ]);
    const other = deploymentsView({ status: 'ready', index }, { ...v3, modelName: 'unrelated' });
    assert.deepEqual(other, { status: 'ready', rows: [], history: [] });
    assert.deepEqual(deploymentsView({ status: 'loading' }, v3), { status: 'loading' });
    assert.deepEqual(deploymentsView({ status: 'unavailable', reason: 'Sign in.' }, v3), { status: 'unknown', reason: 'Sign in.' });
  });
});
