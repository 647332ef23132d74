/**
 * Deep links into Azure ML studio. The studio base URL comes from the cloud table, so sovereign and custom clouds
 * link to their own studio. Path shapes are the ones studio itself puts in the address bar.
 */
import type { CloudEndpoints } from './cloud';
import type { ModelScope } from './model';

function query(params: Record<string, string | undefined>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string] => !!entry[1])
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** `tenantId` is optional: studio then uses the account's home tenant. */
export function studioModelVersionUrl(cloud: CloudEndpoints, scope: ModelScope, modelName: string, version: string, tenantId?: string): string {
  const name = encodeURIComponent(modelName);
  const v = encodeURIComponent(version);
  if (scope.kind === 'registry') {
    return `${cloud.studioUrl}/registries/${encodeURIComponent(scope.name)}/models/${name}/version/${v}${query({ tid: tenantId })}`;
  }
  return `${cloud.studioUrl}/model/${name}:${v}/details${query({ wsid: scope.id, tid: tenantId })}`;
}

export function studioJobUrl(cloud: CloudEndpoints, workspace: ModelScope, jobName: string, tenantId?: string): string {
  return `${cloud.studioUrl}/runs/${encodeURIComponent(jobName)}${query({ wsid: workspace.id, tid: tenantId })}`;
}
