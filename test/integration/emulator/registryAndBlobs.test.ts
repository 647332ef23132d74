import assert from 'node:assert/strict';
import { ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { armToken, raw, services } from './helpers';

const REG = () => `/subscriptions/${services.subscriptionIds[0]}/resourceGroups/rg-ml-shared/providers/Microsoft.MachineLearningServices/registries/shared-models`;
const API = 'api-version=2024-04-01';

describe('emulator: registries, pending uploads and Azurite', () => {
  afterEach(() => services.reset());

  it('lists registries and their model versions (2024-04-01)', async () => {
    const token = await armToken();
    const list = await raw('GET', `/subscriptions/${services.subscriptionIds[0]}/providers/Microsoft.MachineLearningServices/registries?${API}`, { token });
    assert.deepEqual(list.body.value.map((r: { name: string }) => r.name), ['shared-models']);
    const versions = await raw('GET', `${REG()}/models/diabetes-regressor/versions?${API}`, { token });
    assert.deepEqual(versions.body.value.map((v: { name: string }) => v.name), ['2', '1']);
    assert.equal(versions.body.value[0].properties.provisioningState, 'Succeeded');
  });

  it('hands out an upload SAS (startPendingUpload) and a read SAS (getBlobReferenceSAS) that work against Azurite', async () => {
    const token = await armToken();
    const pending = await raw('POST', `${REG()}/models/new-model/versions/1/startPendingUpload?${API}`, { token, body: { pendingUploadType: 'TemporaryBlobReference' } });
    assert.equal(pending.status, 200);
    const ref = pending.body.blobReferenceForConsumption;
    assert.equal(ref.credential.credentialType, 'SAS');
    assert.ok(ref.blobUri.startsWith(services.blobEndpointTemplate.replace('{accountName}', 'devstoreaccount1')));
    await new ContainerClient(ref.credential.sasUri).getBlockBlobClient('new_model/model.txt').upload('hello', 5);

    const created = await raw('PUT', `${REG()}/models/new-model/versions/1?${API}`, { token, body: { properties: { modelType: 'custom_model', modelUri: `${ref.blobUri}/new_model` } } });
    assert.equal(created.status, 201);
    assert.ok(created.headers['azure-asyncoperation']);
    assert.equal(created.body.properties.provisioningState, 'Creating');

    const read = await raw('POST', `${REG()}/datareferences/new-model/versions/1?${API}`, { token, body: { assetId: 'azureml://registries/shared-models/models/new-model/versions/1', blobUri: `${ref.blobUri}/new_model` } });
    const names: string[] = [];
    for await (const blob of new ContainerClient(read.body.blobReferenceForConsumption.credential.sasUri).listBlobsFlat({ prefix: 'new_model/' })) names.push(blob.name);
    assert.deepEqual(names, ['new_model/model.txt']);
  });

  it('seeded workspace models sit in Azurite in the az ml layout with the upload marker', async () => {
    const token = await armToken();
    const version = await raw('GET', `/subscriptions/${services.subscriptionIds[0]}/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/ws-fraud-prod/models/fraud-detector/versions/2?api-version=2022-10-01`, { token });
    const prefix = String(version.body.properties.modelUri).split('/paths/')[1];
    assert.match(prefix, /^LocalUpload\/[0-9a-f]{32}\/model$/);
    const ds = await raw('GET', `/subscriptions/${services.subscriptionIds[0]}/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/ws-fraud-prod/datastores/workspaceblobstore?api-version=2022-10-01`, { token });
    const account = ds.body.properties.accountName;
    const container = new ContainerClient(`${services.blobEndpointTemplate.replace('{accountName}', account)}/${ds.body.properties.containerName}`,
      new StorageSharedKeyCredential(account, (await raw('POST', `${ds.body.id}/listSecrets?api-version=2022-10-01`, { token })).body.key));
    const blobs = [];
    for await (const b of container.listBlobsFlat({ prefix: `${prefix}/`, includeMetadata: true })) blobs.push(b);
    assert.deepEqual(blobs.map((b) => b.name.slice(prefix.length + 1)), ['MLmodel', 'conda.yaml', 'model.pkl', 'requirements.txt']);
    assert.equal(blobs[0].metadata?.upload_status, 'completed');
    assert.ok(blobs.every((b) => b.properties.contentMD5));
  });

  it('survives an Azurite restart (blobs persist)', async () => {
    await services.restartAzurite();
    const token = await armToken();
    const read = await raw('POST', `${REG()}/datareferences/iris-classifier/versions/1?${API}`, { token, body: { assetId: 'x', blobUri: 'y' } });
    const names: string[] = [];
    for await (const blob of new ContainerClient(read.body.blobReferenceForConsumption.credential.sasUri).listBlobsFlat({ prefix: 'mlflow-model/' })) names.push(blob.name);
    assert.ok(names.includes('mlflow-model/MLmodel'));
  });
});
