import type { EndpointRecord, JsonObject, TrackedResourceRecord, WorkspaceRecord } from '../state/model';
import { createdNow } from '../state/systemData';

/** Seeded online/batch endpoints and deployments, shaped like the safe-rollout sample (blue/green, Standard_DS3_v2). */
export function onlineEndpoint(ws: WorkspaceRecord, name: string, traffic: Record<string, number>, createdAt: Date): EndpointRecord {
  const host = `${name}.${ws.location}.inference.ml.azure.com`;
  return {
    name, location: ws.location, tags: {}, kind: 'Managed', sku: null,
    identity: { type: 'SystemAssigned', principalId: ws.workspaceId, tenantId: null },
    properties: {
      authMode: 'Key', description: `Online endpoint ${name}`, properties: {}, publicNetworkAccess: 'Enabled', compute: null,
      traffic, mirrorTraffic: {}, provisioningState: 'Succeeded',
      scoringUri: `https://${host}/score`, swaggerUri: `https://${host}/swagger.json`,
    },
    systemData: createdNow(createdAt),
    deployments: {},
  };
}

export function managedDeployment(ws: WorkspaceRecord, name: string, model: string, createdAt: Date): TrackedResourceRecord {
  const wsId = `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${ws.name}`;
  const probe: JsonObject = { failureThreshold: 30, successThreshold: 1, timeout: 'PT2S', period: 'PT10S', initialDelay: 'PT10S' };
  return {
    name, location: ws.location, tags: {}, kind: 'Managed', identity: null,
    sku: { name: 'Default', tier: 'Standard', capacity: 1 },
    properties: {
      description: `${name} deployment`, properties: {},
      endpointComputeType: 'Managed',
      model,
      codeConfiguration: { codeId: `${wsId}/codes/onlinescoring-${name}/versions/1`, scoringScript: 'score.py' },
      environmentId: `${wsId}/environments/openmpi4-ubuntu22-${name}/versions/1`,
      environmentVariables: {},
      instanceType: 'Standard_DS3_v2',
      scaleSettings: { scaleType: 'Default' },
      requestSettings: { maxQueueWait: 'PT0S', requestTimeout: 'PT5S', maxConcurrentRequestsPerInstance: 1 },
      modelMountPath: null, appInsightsEnabled: false, livenessProbe: probe, readinessProbe: probe,
      egressPublicNetworkAccess: 'Enabled', provisioningState: 'Succeeded',
    },
    systemData: createdNow(createdAt),
  };
}

export function batchEndpoint(ws: WorkspaceRecord, name: string, defaultDeployment: string, createdAt: Date): EndpointRecord {
  return {
    name, location: ws.location, tags: {}, kind: null, sku: null, identity: { type: 'SystemAssigned', principalId: ws.workspaceId, tenantId: null },
    properties: {
      authMode: 'AADToken', description: `Batch endpoint ${name}`, properties: {}, defaults: { deploymentName: defaultDeployment },
      scoringUri: `https://${name}.${ws.location}.inference.ml.azure.com/jobs`, swaggerUri: null, provisioningState: 'Succeeded',
    },
    systemData: createdNow(createdAt),
    deployments: {},
  };
}

export function batchDeployment(ws: WorkspaceRecord, name: string, modelAssetId: string, createdAt: Date): TrackedResourceRecord {
  return {
    name, location: ws.location, tags: {}, kind: null, identity: null, sku: { name: 'Default', capacity: 2 },
    properties: {
      description: `${name} batch deployment`, properties: {},
      model: { referenceType: 'Id', assetId: modelAssetId },
      compute: `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${ws.name}/computes/cpu-cluster`,
      miniBatchSize: 10, maxConcurrencyPerInstance: 2, errorThreshold: -1, loggingLevel: 'Info',
      outputAction: 'AppendRow', outputFileName: 'predictions.csv',
      retrySettings: { maxRetries: 3, timeout: 'PT30S' }, resources: { instanceCount: 2 },
      provisioningState: 'Succeeded',
    },
    systemData: createdNow(createdAt),
  };
}
