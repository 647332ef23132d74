import * as assert from 'node:assert/strict';
import {
  armIdKey, formatAssetRef, formatDeployableModelId, formatModelVersionArmId, formatRegistryAssetId, formatScopeArmId,
  formatShortAssetId, normalizeArmId, parseAssetRef, parseScopeArmId, type AssetRef, type ScopeRef,
} from '../../../src/core/domain/ids';

// Real ids from ../shared/fixtures (recordings and spec examples).
const recordedVersionId = '/subscriptions/00000000-0000-0000-0000-000000000/resourceGroups/00000/providers/Microsoft.MachineLearningServices/workspaces/00000/models/test_269749567585/versions/3';
const recordedContainerId = '/subscriptions/00000000-0000-0000-0000-000000000/resourceGroups/00000/providers/Microsoft.MachineLearningServices/workspaces/00000/models/test_813995235970';
const lowerCasedEndpointId = '/subscriptions/00000000-0000-0000-0000-000000000/resourcegroups/00000/providers/microsoft.machinelearningservices/workspaces/00000/onlineendpoints/online-ept-5ce3da3806e04e3';
const registryContainerId = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/testrg123/providers/Microsoft.MachineLearningServices/registries/registry123/models/testContainer';
const datastoreLongUri = 'azureml://subscriptions/00000000-0000-0000-0000-000000000/resourcegroups/00000/workspaces/00000/datastores/workspaceblobstore/paths/LocalUpload/00000000000000000000000000000000/lightgbm_mlflow_model';

const workspaceScope: ScopeRef = { kind: 'workspace', subscriptionId: '00000000-0000-0000-0000-000000000', resourceGroup: '00000', name: '00000' };

describe('asset ids', () => {
  describe('parseAssetRef', () => {
    it('parses a recorded ARM version id', () => {
      assert.deepEqual(parseAssetRef(recordedVersionId), {
        kind: 'arm', isPrefixed: false, scope: workspaceScope, collection: 'models', name: 'test_269749567585', version: '3',
      });
    });

    it('parses an ARM id whatever the casing of provider and segment names', () => {
      const shouted = '/SUBSCRIPTIONS/sub/RESOURCEGROUPS/Rg/PROVIDERS/MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/Ws/MODELS/Churn/VERSIONS/7';
      const ref = parseAssetRef(shouted);
      assert.deepEqual(ref, {
        kind: 'arm', isPrefixed: false, scope: { kind: 'workspace', subscriptionId: 'sub', resourceGroup: 'Rg', name: 'Ws' },
        collection: 'MODELS', name: 'Churn', version: '7',
      });
    });

    it('parses container ids (no version) and registry ARM ids', () => {
      const container = parseAssetRef(recordedContainerId);
      assert.equal(container?.kind, 'arm');
      assert.equal(container?.kind === 'arm' && container.version, undefined);
      const registry = parseAssetRef(registryContainerId);
      assert.equal(registry?.kind === 'arm' && registry.scope.kind, 'registry');
      assert.equal(registry?.kind === 'arm' && registry.scope.name, 'registry123');
    });

    it('parses the azureml:/-prefixed ARM id', () => {
      const ref = parseAssetRef(`azureml:${recordedVersionId}`);
      assert.equal(ref?.kind, 'arm');
      assert.equal(ref?.kind === 'arm' && ref.isPrefixed, true);
      assert.equal(ref?.kind === 'arm' && ref.version, '3');
    });

    it('parses azureml:name:version and name@label with or without the prefix', () => {
      assert.deepEqual(parseAssetRef('azureml:sklearn-diabetes:12'), { kind: 'nameVersion', name: 'sklearn-diabetes', version: '12' });
      assert.deepEqual(parseAssetRef('azureml:sklearn-diabetes@latest'), { kind: 'nameLabel', name: 'sklearn-diabetes', label: 'latest' });
      assert.deepEqual(parseAssetRef('  churn@latest '), { kind: 'nameLabel', name: 'churn', label: 'latest' });
      assert.equal(parseAssetRef('churn:3'), undefined, 'name:version needs the azureml: prefix');
    });

    it('parses registry asset ids from recordings (registry name case kept)', () => {
      assert.deepEqual(parseAssetRef('azureml://registries/testFeed/models/test_267902544371/versions/2'), {
        kind: 'registryAsset', registryName: 'testFeed', collection: 'models', name: 'test_267902544371', version: '2',
      });
    });

    it('parses location asset ids', () => {
      assert.deepEqual(parseAssetRef('azureml://locations/westus2/workspaces/7e6f9a1c-0000-4000-8000-000000000001/models/churn/versions/4'), {
        kind: 'locationAsset', region: 'westus2', workspaceGuid: '7e6f9a1c-0000-4000-8000-000000000001', collection: 'models', name: 'churn', version: '4',
      });
    });

    it('parses long and short datastore URIs', () => {
      assert.deepEqual(parseAssetRef(datastoreLongUri), {
        kind: 'datastorePath',
        workspace: { subscriptionId: '00000000-0000-0000-0000-000000000', resourceGroup: '00000', workspaceName: '00000' },
        datastore: 'workspaceblobstore',
        path: 'LocalUpload/00000000000000000000000000000000/lightgbm_mlflow_model',
      });
      assert.deepEqual(parseAssetRef('azureml://datastores/workspaceblobstore/paths/models/a b/model.pkl'), {
        kind: 'datastorePath', datastore: 'workspaceblobstore', path: 'models/a b/model.pkl',
      });
    });

    it('parses job output and legacy run output URIs', () => {
      assert.deepEqual(parseAssetRef('azureml://jobs/frosty_kite_123/outputs/artifacts/paths/model/'), {
        kind: 'jobOutput', jobName: 'frosty_kite_123', outputName: 'artifacts', path: 'model/',
      });
      assert.deepEqual(parseAssetRef('azureml://datastores/workspaceartifactstore/ExperimentRun/dcid.frosty_kite_123/model'), {
        kind: 'runOutput', datastore: 'workspaceartifactstore', path: 'ExperimentRun/dcid.frosty_kite_123/model', jobName: 'frosty_kite_123',
      });
    });

    it('parses MLflow runs:/ URIs', () => {
      assert.deepEqual(parseAssetRef('runs:/3f2a9c/model'), { kind: 'mlflowRun', runId: '3f2a9c', path: 'model' });
    });

    it('rejects text that is no asset reference', () => {
      for (const text of [
        '', 'churn', 'https://acct.blob.core.windows.net/c/p',
        'azureml://westus.api.azureml.ms/mlflow/v1.0/subscriptions/00000000-0000-0000-0000-000000000/resourceGroups/00000/providers/Microsoft.MachineLearningServices/workspaces/00000',
        '/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/a',
        '/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/models/m/versions',
        'azureml://registries/r/models/m/versions/',
        'runs:/',
      ]) {
        assert.equal(parseAssetRef(text), undefined, text);
      }
    });

    it('round-trips every kind through formatAssetRef', () => {
      const samples = [
        recordedVersionId, `azureml:${recordedVersionId}`, registryContainerId, 'azureml:churn:3', 'azureml:churn@latest',
        'azureml://registries/testFeed/models/m/versions/2', 'azureml://locations/eastus/workspaces/g/models/m/versions/1',
        'azureml://datastores/ds/paths/a/b', 'azureml://jobs/j/outputs/o/paths/p', 'azureml://datastores/ds/ExperimentRun/dcid.j/x',
        'runs:/r/p', datastoreLongUri,
      ];
      for (const s of samples) {
        const ref = parseAssetRef(s) as AssetRef;
        assert.ok(ref, s);
        assert.deepEqual(parseAssetRef(formatAssetRef(ref)), ref, s);
      }
      assert.equal(formatAssetRef(parseAssetRef(recordedVersionId)!), recordedVersionId);
    });
  });

  describe('normalizeArmId / armIdKey', () => {
    it('canonicalises segment names and keeps names as written', () => {
      assert.equal(normalizeArmId(lowerCasedEndpointId),
        '/subscriptions/00000000-0000-0000-0000-000000000/resourceGroups/00000/providers/Microsoft.MachineLearningServices/workspaces/00000/onlineEndpoints/online-ept-5ce3da3806e04e3');
      assert.equal(normalizeArmId(`${recordedVersionId}/`), recordedVersionId);
    });

    it('gives equal keys for ids ARM treats as equal, and keeps model name case significant', () => {
      const a = '/subscriptions/ABC/resourceGroups/My-RG/providers/Microsoft.MachineLearningServices/workspaces/WS1/models/Churn/versions/1';
      const b = '/subscriptions/abc/resourcegroups/my-rg/providers/microsoft.machinelearningservices/workspaces/ws1/models/Churn/versions/1';
      const c = '/subscriptions/abc/resourcegroups/my-rg/providers/microsoft.machinelearningservices/workspaces/ws1/models/churn/versions/1';
      assert.equal(armIdKey(a), armIdKey(b));
      assert.notEqual(armIdKey(a), armIdKey(c));
    });

    it('leaves non-ARM text alone', () => {
      assert.equal(normalizeArmId(' azureml:churn:1 '), 'azureml:churn:1');
    });
  });

  describe('scope ids and formatting', () => {
    it('parses workspace and registry scopes from any child id', () => {
      assert.deepEqual(parseScopeArmId(lowerCasedEndpointId), workspaceScope);
      assert.equal(parseScopeArmId(registryContainerId)?.kind, 'registry');
      assert.equal(parseScopeArmId('/subscriptions/s/resourceGroups/r'), undefined);
    });

    it('formats ids for a version', () => {
      assert.equal(formatModelVersionArmId(workspaceScope, 'test_269749567585', '3'), recordedVersionId);
      assert.equal(formatScopeArmId(workspaceScope), recordedVersionId.split('/models/')[0]);
      assert.equal(formatShortAssetId('churn', '3'), 'azureml:churn:3');
      assert.equal(formatRegistryAssetId('testFeed', 'm', '2'), 'azureml://registries/testFeed/models/m/versions/2');
      assert.equal(formatDeployableModelId({ ...workspaceScope, kind: 'registry', name: 'shared' }, 'm', '2'), 'azureml://registries/shared/models/m/versions/2');
      assert.equal(formatDeployableModelId(workspaceScope, 'test_269749567585', '3'), recordedVersionId);
    });
  });
});
