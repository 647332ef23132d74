/**
 * The asset-id spellings that apply to one model version, in the order users most often need them. Workspace
 * versions: ARM id (what deployments store), `azureml:<name>:<version>` (CLI/YAML within the workspace), and the
 * location id when the workspace GUID is known (used when sharing to a registry). Registry versions: the
 * `azureml://registries/…` id (what deployments store) and the ARM id.
 */
import { formatAssetRef, formatModelVersionArmId, formatRegistryAssetId, formatShortAssetId } from './ids';
import type { ModelVersion } from './model';

export type AssetIdSpelling = 'armId' | 'shortName' | 'registryUri' | 'locationUri';

export interface AssetIdOption {
  readonly spelling: AssetIdSpelling;
  readonly label: string;
  readonly value: string;
}

export function assetIdOptions(version: Pick<ModelVersion, 'scope' | 'modelName' | 'version'>): AssetIdOption[] {
  const { scope, modelName, version: v } = version;
  const armId = {
    spelling: 'armId' as const,
    label: 'ARM resource ID',
    value: formatModelVersionArmId({ kind: scope.kind, subscriptionId: scope.subscriptionId, resourceGroup: scope.resourceGroup, name: scope.name }, modelName, v),
  };
  if (scope.kind === 'registry') {
    return [{ spelling: 'registryUri', label: 'Registry asset ID', value: formatRegistryAssetId(scope.name, modelName, v) }, armId];
  }
  const options: AssetIdOption[] = [armId, { spelling: 'shortName', label: 'Name and version', value: formatShortAssetId(modelName, v) }];
  if (scope.workspaceGuid && scope.location) {
    options.push({
      spelling: 'locationUri',
      label: 'Location asset ID',
      value: formatAssetRef({ kind: 'locationAsset', region: scope.location, workspaceGuid: scope.workspaceGuid, collection: 'models', name: modelName, version: v }),
    });
  }
  return options;
}
