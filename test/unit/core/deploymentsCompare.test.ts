import * as assert from 'node:assert/strict';
import type { ModelVersion, Workspace } from '../../../src/core/domain/model';
import { fileManifestText, versionMetadataYaml, yamlScalar } from '../../../src/core/deployments/compareText';

const scope: Workspace = { kind: 'workspace', id: '', name: 'ws-fraud-prod', subscriptionId: 's', resourceGroup: 'rg', tags: {} };
const version = (over: Partial<ModelVersion> = {}): ModelVersion => ({
  scope, id: '', modelName: 'fraud-detector', version: '2', description: 'Retrained on February data',
  tags: { owner: 'risk-team', framework: 'sklearn' }, properties: { auc: '0.93' }, modelType: 'mlflow_model',
  modelUri: 'azureml://subscriptions/s/resourcegroups/rg/workspaces/ws/datastores/workspaceblobstore/paths/LocalUpload/abc/model',
  flavors: { sklearn: { sklearn_version: '1.5.2' }, python_function: { loader_module: 'mlflow.sklearn' } },
  jobName: 'quiet_river_4m1p0', stage: 'Production', isArchived: false, isAnonymous: false,
  createdAt: new Date('2025-01-07T20:00:00.000Z'), createdBy: 'Jane Doe', ...over,
});

describe('deployments: compare texts', () => {
  it('renders metadata YAML in a stable order with sorted maps', () => {
    assert.equal(versionMetadataYaml(version()), [
      '# workspace ws-fraud-prod · model fraud-detector · version 2',
      'name: fraud-detector',
      'version: "2"',
      'type: mlflow_model',
      'description: Retrained on February data',
      'stage: Production',
      'archived: false',
      'tags:',
      '  framework: sklearn',
      '  owner: risk-team',
      'properties:',
      '  auc: "0.93"',
      'flavors:',
      '  python_function:',
      '    loader_module: mlflow.sklearn',
      '  sklearn:',
      '    sklearn_version: 1.5.2',
      'job: quiet_river_4m1p0',
      'created_by: Jane Doe',
      'created_at: "2025-01-07T20:00:00.000Z"',
      'model_uri: "azureml://subscriptions/s/resourcegroups/rg/workspaces/ws/datastores/workspaceblobstore/paths/LocalUpload/abc/model"',
      '',
    ].join('\n'));
  });

  it('is identical for the same metadata whatever the map order, and quotes what YAML would misread', () => {
    const a = versionMetadataYaml(version({ tags: { b: '1', a: 'true' } }));
    const b = versionMetadataYaml(version({ tags: { a: 'true', b: '1' } }));
    assert.equal(a, b);
    assert.match(a, /  a: "true"\n  b: "1"/);
    assert.equal(yamlScalar('multi\nline: x'), '"multi\\nline: x"');
    assert.equal(yamlScalar('null'), '"null"');
    assert.match(versionMetadataYaml(version({ description: undefined, tags: {}, flavors: {} })), /description: null\n[\s\S]*tags: \{\}\n[\s\S]*flavors: \{\}/);
  });

  it('renders a file manifest sorted by path with sizes and MD5', () => {
    const text = fileManifestText('fraud-detector:2', [
      { path: 'model.pkl', size: 1234, contentMd5: 'q1w2e3==' },
      { path: 'MLmodel', size: 10 },
      { path: 'conda.yaml', size: 99, contentMd5: 'zz==' },
    ]);
    assert.equal(text, [
      '# fraud-detector:2',
      '# 3 files, 1343 bytes',
      'MLmodel             10 B  md5:-',
      'conda.yaml          99 B  md5:zz==',
      'model.pkl         1234 B  md5:q1w2e3==',
      '',
    ].join('\n'));
  });
});
