import * as assert from 'node:assert/strict';
import type { Registry, Workspace } from '../../../src/core/domain/model';
import { toJobLineage, toModelContainer, toModelVersion, toRegistry, toSubscription, toWorkspace } from '../../../src/azure/mappers';

const workspace: Workspace = { kind: 'workspace', id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w', name: 'w', subscriptionId: 's', resourceGroup: 'r', tags: {} };
const registry: Registry = { kind: 'registry', id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/registries/reg', name: 'reg', subscriptionId: 's', resourceGroup: 'r', tags: {} };

/** Recorded GET of a model version (azure-recordings/test_model.pyTestModeltest_crud_file.json), wire shape. */
const recordedVersion = {
  id: '/subscriptions/00000000-0000-0000-0000-000000000/resourceGroups/00000/providers/Microsoft.MachineLearningServices/workspaces/00000/models/test_907403507619/versions/3',
  name: '3',
  type: 'Microsoft.MachineLearningServices/workspaces/models/versions',
  properties: {
    description: 'this is my test model', tags: { foo: 'bar', abc: '123' }, properties: {}, isArchived: false, isAnonymous: false,
    autoDeleteSetting: null,
    flavors: { sklearn: { data: { sklearn_version: '0.23.2' } }, python_function: { data: { loader_module: 'office.plrmodel', python_version: '3.8.5' } } },
    modelType: 'mlflow_model',
    modelUri: 'azureml://subscriptions/00000000-0000-0000-0000-000000000/resourceGroups/00000/workspaces/00000/datastores/workspaceblobstore/paths/LocalUpload/00000000000000000000000000000000/lightgbm_mlflow_model',
    jobName: null, provisioningState: 'Succeeded', stage: 'Development', intellectualProperty: null,
  },
  systemData: {
    createdAt: '2026-03-26T19:14:50.5505339+00:00', createdBy: 'Sanitized', createdByType: 'User',
    lastModifiedAt: '2026-03-26T19:14:50.5505339+00:00', lastModifiedBy: 'Sanitized', lastModifiedByType: 'User',
  },
};

describe('mappers', () => {
  it('maps a recorded model version (wire shape: string dates, untyped stage)', () => {
    const v = toModelVersion(workspace, undefined, recordedVersion as never);
    assert.equal(v.modelName, 'test_907403507619', 'model name recovered from the id');
    assert.equal(v.version, '3');
    assert.equal(v.modelType, 'mlflow_model');
    assert.equal(v.stage, 'Development');
    assert.equal(v.jobName, undefined);
    assert.deepEqual(v.tags, { foo: 'bar', abc: '123' });
    assert.deepEqual(v.flavors, { sklearn: { sklearn_version: '0.23.2' }, python_function: { loader_module: 'office.plrmodel', python_version: '3.8.5' } });
    assert.equal(v.createdAt?.toISOString(), '2026-03-26T19:14:50.550Z');
    assert.equal(v.createdBy, 'Sanitized');
    assert.equal(v.isArchived, false);
  });

  it('accepts SDK-deserialized dates and keeps an unknown model type verbatim', () => {
    const created = new Date('2024-01-02T03:04:05Z');
    const v = toModelVersion(registry, 'm', { name: '7', properties: { modelType: 'SomethingNew', isArchived: true }, systemData: { createdAt: created } } as never);
    assert.equal(v.modelType, 'SomethingNew');
    assert.equal(v.createdAt?.getTime(), created.getTime());
    assert.equal(v.isArchived, true);
    assert.equal(v.scope, registry);
  });

  it('survives partial and malformed bodies', () => {
    for (const raw of [{}, { properties: null }, { properties: { tags: null, flavors: { f: null }, properties: { n: 1, o: { x: 1 }, nul: null } } }, { systemData: { createdAt: 'not a date' } }]) {
      const v = toModelVersion(workspace, 'm', raw as never);
      assert.equal(v.modelName, 'm');
      assert.deepEqual(v.tags, {});
      assert.equal(v.createdAt, undefined);
    }
    const odd = toModelVersion(workspace, 'm', { properties: { tags: null, flavors: { f: null }, properties: { n: 1, o: { x: 1 }, nul: null } } } as never);
    assert.deepEqual(odd.flavors, { f: {} });
    assert.deepEqual(odd.properties, { n: '1', nul: '' });
    const c = toModelContainer(workspace, { properties: undefined } as never);
    assert.equal(c.isArchived, false);
    assert.deepEqual(c.tags, {});
  });

  it('maps a model container with latest/next version', () => {
    const c = toModelContainer(workspace, {
      id: `${workspace.id}/models/churn`, name: 'churn',
      properties: { description: 'd', tags: { t: 'v' }, isArchived: true, latestVersion: '12', nextVersion: '13' },
    } as never);
    assert.deepEqual([c.name, c.latestVersion, c.nextVersion, c.isArchived, c.description], ['churn', '12', '13', true, 'd']);
  });

  it('maps workspaces from the flattened SDK shape and the raw properties shape', () => {
    const id = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/workspace-1234/providers/Microsoft.MachineLearningServices/workspaces/testworkspace';
    const flat = toWorkspace({ id, name: 'testworkspace', location: 'eastus2euap', workspaceId: 'guid-1', friendlyName: 'HelloName', tags: null } as never);
    const nested = toWorkspace({ id, name: 'testworkspace', properties: { workspaceId: 'guid-1', friendlyName: 'HelloName' } });
    for (const ws of [flat, nested]) {
      assert.equal(ws.subscriptionId, '00000000-1111-2222-3333-444444444444');
      assert.equal(ws.resourceGroup, 'workspace-1234');
      assert.equal(ws.workspaceGuid, 'guid-1');
      assert.equal(ws.friendlyName, 'HelloName');
      assert.deepEqual(ws.tags, {});
    }
  });

  it('maps registries and subscriptions', () => {
    const r = toRegistry({ id: registry.id.replace('registries', 'REGISTRIES'), location: 'eastus', tags: { a: 'b' } });
    assert.deepEqual([r.name, r.subscriptionId, r.resourceGroup, r.location], ['reg', 's', 'r', 'eastus']);
    assert.deepEqual(toSubscription({ id: '/subscriptions/abc' }), { id: '/subscriptions/abc', subscriptionId: 'abc', displayName: 'abc', tenantId: undefined, state: undefined });
  });

  it('maps a job to lineage with inputs and outputs (spec example shape)', () => {
    const job = toJobLineage({
      id: `${workspace.id}/jobs/frosty_kite`, name: 'frosty_kite',
      properties: {
        jobType: 'Command', displayName: 'train', experimentName: 'churn', status: 'Completed', computeId: 'cpu-cluster',
        inputs: { data: { jobInputType: 'uri_folder', uri: 'azureml://datastores/workspaceblobstore/paths/data/', mode: 'ReadOnlyMount' }, lr: { jobInputType: 'literal', value: '0.1' }, gone: null },
        outputs: { model: { jobOutputType: 'mlflow_model', uri: 'azureml://jobs/frosty_kite/outputs/model/paths/', mode: 'Upload' } },
      },
      systemData: { createdAt: '2024-05-01T00:00:00Z', createdBy: 'alice' },
    } as never);
    assert.deepEqual([job.name, job.jobType, job.status, job.experimentName, job.computeId, job.createdBy], ['frosty_kite', 'Command', 'Completed', 'churn', 'cpu-cluster', 'alice']);
    assert.deepEqual(job.inputs.map((i) => [i.name, i.type, i.uri ?? i.value]), [
      ['data', 'uri_folder', 'azureml://datastores/workspaceblobstore/paths/data/'], ['lr', 'literal', '0.1'], ['gone', 'unknown', undefined],
    ]);
    assert.deepEqual(job.outputs.map((o) => [o.name, o.type, o.mode]), [['model', 'mlflow_model', 'Upload']]);
  });
});
