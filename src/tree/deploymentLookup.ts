import type { ModelVersion } from '../core/domain/model';

/**
 * Which versions are deployed, for the `+deployed` flag, the icon and the tooltip lines. The deployed-where index
 * (endpoints and deployments per workspace) implements this; without it nothing is reported as deployed.
 */
export interface DeploymentLookup {
  isDeployed(version: ModelVersion): boolean;
  /** One line per deployment using the version, e.g. "fraud-online/blue — 90 % traffic"; none when unknown. */
  describe(version: ModelVersion): readonly string[];
}

export const noDeploymentInfo: DeploymentLookup = { isDeployed: () => false, describe: () => [] };
