import type { JsonObject, ProxyResourceRecord, WorkspaceRecord } from '../state/model';
import { createdNow } from '../state/systemData';

/** Seeded jobs (Command and Pipeline shapes as in the spec examples), so model versions have real lineage. */
export function commandJob(ws: WorkspaceRecord, init: { name: string; displayName: string; experimentName: string; createdAt: Date; trainingData: string; outputModelType: string; status?: string }): ProxyResourceRecord {
  const properties: JsonObject = {
    jobType: 'Command',
    displayName: init.displayName,
    experimentName: init.experimentName,
    status: init.status ?? 'Completed',
    description: `Training run for ${init.displayName}`,
    tags: { team: 'ml-platform' },
    properties: { 'azureml.runsource': 'azureml.scriptrun' },
    isArchived: false,
    computeId: `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${ws.name}/computes/cpu-cluster`,
    command: 'python train.py --data ${{inputs.training_data}} --model-dir ${{outputs.model}}',
    environmentId: 'azureml://registries/azureml/environments/sklearn-1.5/versions/1',
    codeId: null,
    inputs: {
      training_data: { jobInputType: 'uri_folder', uri: init.trainingData, mode: 'ReadOnlyMount', description: 'Training data' },
      learning_rate: { jobInputType: 'literal', value: '0.01', description: null },
    },
    outputs: {
      model: { jobOutputType: init.outputModelType, uri: `azureml://datastores/workspaceblobstore/paths/azureml/${init.name}/model/`, mode: 'ReadWriteMount', description: null },
    },
    services: { Studio: { jobServiceType: 'Studio', endpoint: `https://ml.azure.com/runs/${init.name}`, status: null, port: null } },
    resources: { instanceCount: 1, shmSize: '2g' },
    environmentVariables: {},
    identity: null,
    componentId: null,
    distribution: null,
    limits: null,
    parameters: {},
  };
  return { name: init.name, properties, systemData: createdNow(init.createdAt) };
}

export function pipelineJob(ws: WorkspaceRecord, init: { name: string; displayName: string; experimentName: string; createdAt: Date; childJobName: string }): ProxyResourceRecord {
  const properties: JsonObject = {
    jobType: 'Pipeline',
    displayName: init.displayName,
    experimentName: init.experimentName,
    status: 'Completed',
    description: 'Nightly retraining pipeline',
    tags: { schedule: 'nightly' },
    properties: {},
    isArchived: false,
    computeId: `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${ws.name}/computes/cpu-cluster`,
    inputs: { raw_data: { jobInputType: 'uri_folder', uri: 'azureml://datastores/workspaceblobstore/paths/data/transactions/', mode: 'ReadOnlyMount', description: null } },
    outputs: { trained_model: { jobOutputType: 'mlflow_model', uri: `azureml://jobs/${init.name}/outputs/trained_model/paths/`, mode: 'Upload', description: null } },
    jobs: { train: { type: 'command', name: init.childJobName } },
    settings: { default_compute: 'cpu-cluster' },
    services: {},
    identity: null,
    componentId: null,
  };
  return { name: init.name, properties, systemData: createdNow(init.createdAt) };
}
