import { join } from 'node:path';
import type { BlobServiceInfo } from '../blobService';
import { sharedFixturesDir } from '../paths';
import { keyOf, workspaceArmId } from '../state/ids';
import type { EmulatorState, WorkspaceRecord } from '../state/model';
import { addVersion, blobstoreContainerName, containerIn, minutesAfter, registry, workspace, workspaceDatastoreUri, type VersionInit } from './builders';
import { batchDeployment, batchEndpoint, managedDeployment, onlineEndpoint } from './endpoints';
import { commandJob, pipelineJob } from './jobs';
import { readMlflowFlavors } from './mlmodel';
import { containerClient, uploadToRegistryContainer, uploadToWorkspaceBlobstore } from './uploadModelFiles';
import { pendingUploadContainer } from '../arm/routes/registryUploads';

/**
 * The demo inventory: 2 subscriptions, 3 workspaces, 1 registry, the real model folders from
 * ../shared/fixtures/real-models uploaded to Azurite in the az ml layouts, lineage jobs, a model with 10,000
 * versions, archived models/versions, blue/green endpoints at 90/10 referencing models in three id spellings, a
 * batch endpoint, and metadata a UI must render safely (hostile tag text, null tags, an unknown model type).
 */
export const DEMO = {
  subscriptions: { production: 'a1b2c3d4-0001-4e5f-8a9b-00000000d001', research: 'a1b2c3d4-0002-4e5f-8a9b-00000000d002' },
  workspaces: {
    fraudProd: { resourceGroup: 'rg-ml-prod', name: 'ws-fraud-prod', workspaceId: '5f1c2d3e-4a5b-4c6d-8e7f-00000000a001' },
    research: { resourceGroup: 'rg-ml-research', name: 'ws-research', workspaceId: '5f1c2d3e-4a5b-4c6d-8e7f-00000000a002' },
    vision: { resourceGroup: 'rg-vision', name: 'ws-vision', workspaceId: '5f1c2d3e-4a5b-4c6d-8e7f-00000000a003' },
  },
  registry: { resourceGroup: 'rg-ml-shared', name: 'shared-models', containerName: 'shared-models-5f1c2d3e-4a5b-4c6d-8e7f-00000000r001' },
  nightlyModel: 'fraud-detector-nightly',
  nightlyVersionCount: 10_000,
} as const;

const BASE = new Date('2025-01-06T09:00:00.000Z');
const models = () => join(sharedFixturesDir(), 'real-models');

/** Registers a real model folder in a workspace: uploads it (az ml layout) and adds the version. */
async function registerWorkspaceModel(blob: BlobServiceInfo, ws: WorkspaceRecord, name: string, version: string, localPath: string, init: Omit<VersionInit, 'modelUri'>, at: Date) {
  const path = await uploadToWorkspaceBlobstore(blob, blobstoreContainerName(ws.workspaceId), localPath, { name, version });
  return addVersion(containerIn(ws.models, name, at), version, { ...init, modelUri: workspaceDatastoreUri(ws, path) }, at);
}

export async function buildDemoState(blob: BlobServiceInfo): Promise<EmulatorState> {
  const { production, research } = DEMO.subscriptions;
  const fraud = workspace({ subscriptionId: production, ...DEMO.workspaces.fraudProd, location: 'eastus', friendlyName: 'Fraud detection (prod)', description: 'Production fraud models', createdAt: BASE, tags: { env: 'prod' } });
  const lab = workspace({ subscriptionId: production, ...DEMO.workspaces.research, location: 'westeurope', friendlyName: 'Research', createdAt: minutesAfter(BASE, 5) });
  const vision = workspace({ subscriptionId: research, ...DEMO.workspaces.vision, location: 'westus2', friendlyName: 'Computer vision', createdAt: minutesAfter(BASE, 10) });
  const shared = registry({ subscriptionId: production, ...DEMO.registry, location: 'eastus', createdAt: BASE });
  for (const ws of [fraud, lab, vision]) {
    for (const ds of Object.values(ws.datastores)) await containerClient(blob, String(ds.properties.containerName)).createIfNotExists();
  }
  await containerClient(blob, shared.containerName).createIfNotExists();

  // Lineage: jobs that produced the models.
  const trainJob = commandJob(fraud, { name: 'brave_lime_7x2k9', displayName: 'train-fraud-detector', experimentName: 'fraud-training', createdAt: minutesAfter(BASE, 60), trainingData: 'azureml://datastores/workspaceblobstore/paths/data/transactions/2025-01/', outputModelType: 'mlflow_model' });
  const retrainJob = commandJob(fraud, { name: 'quiet_river_4m1p0', displayName: 'retrain-fraud-detector', experimentName: 'fraud-training', createdAt: minutesAfter(BASE, 2000), trainingData: 'azureml://datastores/workspaceblobstore/paths/data/transactions/2025-02/', outputModelType: 'mlflow_model' });
  const nightly = pipelineJob(fraud, { name: 'nightly_pipeline_0001', displayName: 'fraud-nightly-retrain', experimentName: 'fraud-nightly', createdAt: minutesAfter(BASE, 3000), childJobName: retrainJob.name });
  const irisJob = commandJob(lab, { name: 'calm_sun_8q3w1', displayName: 'train-iris', experimentName: 'iris-experiments', createdAt: minutesAfter(BASE, 90), trainingData: 'azureml://datastores/workspaceblobstore/paths/data/iris/', outputModelType: 'mlflow_model' });
  for (const [ws, job] of [[fraud, trainJob], [fraud, retrainJob], [fraud, nightly], [lab, irisJob]] as const) ws.jobs[keyOf(job.name)] = job;

  const diabetes = join(models(), 'sklearn-diabetes-mlflow', 'model');
  const diabetesFlavors = readMlflowFlavors(join(diabetes, 'MLmodel'));
  const iris = join(models(), 'cli-assets-model', 'mlflow-model');
  const irisFlavors = readMlflowFlavors(join(iris, 'MLmodel'));

  // ws-fraud-prod
  await registerWorkspaceModel(blob, fraud, 'fraud-detector', '1', diabetes, { description: 'First fraud model', modelType: 'mlflow_model', flavors: diabetesFlavors, jobName: trainJob.name, tags: { owner: 'risk-team', framework: 'sklearn' }, properties: { auc: '0.91' }, isArchived: true, stage: 'Archived' }, minutesAfter(BASE, 120));
  await registerWorkspaceModel(blob, fraud, 'fraud-detector', '2', diabetes, { description: 'Retrained on February data', modelType: 'mlflow_model', flavors: diabetesFlavors, jobName: retrainJob.name, tags: { owner: 'risk-team', framework: 'sklearn' }, properties: { auc: '0.93' }, stage: 'Production' }, minutesAfter(BASE, 2100));
  await registerWorkspaceModel(blob, fraud, 'fraud-detector', '3', diabetes, { description: 'Candidate', modelType: 'mlflow_model', flavors: diabetesFlavors, jobName: nightly.name, tags: { owner: 'risk-team', framework: 'sklearn', candidate: 'true' }, properties: { auc: '0.94' } }, minutesAfter(BASE, 3100));
  const blue = await registerWorkspaceModel(blob, fraud, 'online-model-1', '1', join(models(), 'online-model-1', 'model'), { description: 'Safe-rollout model 1 (blue)', tags: { rollout: 'blue' } }, minutesAfter(BASE, 200));
  const green = await registerWorkspaceModel(blob, fraud, 'online-model-2', '1', join(models(), 'online-model-2', 'model'), { description: 'Safe-rollout model 2 (green)', tags: { rollout: 'green' } }, minutesAfter(BASE, 210));
  const legacy = await registerWorkspaceModel(blob, fraud, 'legacy-scorer', '1', join(models(), 'online-model-1', 'model'), { description: 'Retired rules-based scorer' }, minutesAfter(BASE, 30));
  containerIn(fraud.models, 'legacy-scorer', BASE).isArchived = true;
  const hostile = containerIn(fraud.models, 'render-safety-check', BASE);
  addVersion(hostile, '1', {
    description: '<img src=x onerror=alert(1)> **not markdown**',
    modelUri: legacy.properties.modelUri as string,
    tags: { xss: '<script>alert(1)</script>', rtl: 'مرحبا بالعالم \u202Eevil.exe', long: 'x'.repeat(1000), 'key with spaces & <b>': '"quoted" \'value\'' },
  }, minutesAfter(BASE, 300));
  addVersion(hostile, '2', { description: null, modelUri: legacy.properties.modelUri as string, tags: null, modelType: 'some_future_model_type', flavors: null }, minutesAfter(BASE, 310));

  // One model with 10,000 versions (metadata only, built in memory); every 100th is archived.
  const nightlyContainer = containerIn(fraud.models, DEMO.nightlyModel, minutesAfter(BASE, 3000));
  nightlyContainer.description = 'Nightly retrained candidates';
  for (let i = 1; i <= DEMO.nightlyVersionCount; i++) {
    addVersion(nightlyContainer, String(i), {
      description: `Nightly build ${i}`, modelType: 'mlflow_model', flavors: diabetesFlavors, jobName: nightly.name,
      modelUri: workspaceDatastoreUri(fraud, `azureml/${nightly.name}/trained_model/run-${i}`),
      tags: { build: String(i), channel: i % 2 ? 'odd' : 'even' }, properties: { auc: (0.8 + (i % 100) / 1000).toFixed(3) },
      isArchived: i % 100 === 0,
    }, minutesAfter(BASE, 3200 + i));
  }

  // ws-research
  await registerWorkspaceModel(blob, lab, 'iris-mlflow', '1', iris, { description: 'Model created from local MLflow model directory.', modelType: 'mlflow_model', flavors: irisFlavors, jobName: irisJob.name, tags: { dataset: 'iris' } }, minutesAfter(BASE, 150));
  await registerWorkspaceModel(blob, lab, 'local-file-example', '1', join(iris, 'model.pkl'), { description: 'Model created from local file.' }, minutesAfter(BASE, 160));
  // ws-vision
  await registerWorkspaceModel(blob, vision, 'bertsquad-triton', '1', join(models(), 'triton-bertsquad'), { description: 'Triton model repository (bertsquad)', modelType: 'triton_model', tags: { runtime: 'triton' } }, minutesAfter(BASE, 400));

  // Registry shared-models
  // Like real Azure (and the emulator's startPendingUpload), every registry version has its own container.
  const registryUpload = (model: string, version: string, path: string) => uploadToRegistryContainer(blob, pendingUploadContainer(shared.name, model, version, 'seed'), path);
  const diabetesUri1 = await registryUpload('diabetes-regressor', '1', diabetes);
  const diabetesUri2 = await registryUpload('diabetes-regressor', '2', diabetes);
  const irisUri = await registryUpload('iris-classifier', '1', iris);
  addVersion(containerIn(shared.models, 'diabetes-regressor', BASE), '1', { description: 'Shared diabetes regressor', modelType: 'mlflow_model', flavors: diabetesFlavors, modelUri: diabetesUri1, tags: { promotedFrom: 'ws-fraud-prod' } }, minutesAfter(BASE, 500));
  addVersion(containerIn(shared.models, 'diabetes-regressor', BASE), '2', { description: 'Shared diabetes regressor, retrained', modelType: 'mlflow_model', flavors: diabetesFlavors, modelUri: diabetesUri2, tags: { promotedFrom: 'ws-fraud-prod' } }, minutesAfter(BASE, 2500));
  addVersion(containerIn(shared.models, 'iris-classifier', BASE), '1', { description: 'Iris classifier', modelType: 'mlflow_model', flavors: irisFlavors, modelUri: irisUri }, minutesAfter(BASE, 600));

  // Endpoints: blue/green at 90/10, models in three spellings (ARM id, azureml:/ ARM id, registry asset id).
  const wsId = workspaceArmId(fraud);
  const fraudOnline = onlineEndpoint(fraud, 'fraud-online', { blue: 90, green: 10 }, minutesAfter(BASE, 700));
  fraudOnline.deployments.blue = managedDeployment(fraud, 'blue', `${wsId}/models/online-model-1/versions/${blue.version}`, minutesAfter(BASE, 710));
  fraudOnline.deployments.green = managedDeployment(fraud, 'green', `azureml:${wsId}/models/online-model-2/versions/${green.version}`, minutesAfter(BASE, 720));
  const sharedOnline = onlineEndpoint(fraud, 'fraud-shared', { main: 100 }, minutesAfter(BASE, 730));
  sharedOnline.deployments.main = managedDeployment(fraud, 'main', `azureml://registries/${shared.name}/models/diabetes-regressor/versions/2`, minutesAfter(BASE, 740));
  fraud.onlineEndpoints[keyOf(fraudOnline.name)] = fraudOnline;
  fraud.onlineEndpoints[keyOf(sharedOnline.name)] = sharedOnline;
  const batch = batchEndpoint(fraud, 'fraud-batch', 'nightly-scoring', minutesAfter(BASE, 750));
  batch.deployments['nightly-scoring'] = batchDeployment(fraud, 'nightly-scoring', `${wsId}/models/fraud-detector/versions/2`, minutesAfter(BASE, 760));
  fraud.batchEndpoints[keyOf(batch.name)] = batch;

  return {
    subscriptions: [
      { subscriptionId: production, displayName: 'Contoso ML Production', state: 'Enabled', resourceGroups: ['rg-ml-prod', 'rg-ml-research', 'rg-ml-shared'] },
      { subscriptionId: research, displayName: 'Contoso ML Research', state: 'Enabled', resourceGroups: ['rg-vision'] },
    ],
    workspaces: [fraud, lab, vision],
    registries: [shared],
  };
}
