import type { ModelVersion } from '../core/domain/model';

/**
 * Which versions are deployed, for the `+deployed` flag and icon. The deployed-where index (endpoints and
 * deployments per workspace) will implement this; until then nothing is reported as deployed.
 */
export interface DeploymentLookup {
  isDeployed(version: ModelVersion): boolean;
}

export const noDeploymentInfo: DeploymentLookup = { isDeployed: () => false };
