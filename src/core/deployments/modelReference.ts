/**
 * A deployment's model reference (any spelling, reference §2) → one comparison key per model version, so the
 * deployed-where index and the tree agree whatever the deployment says:
 *
 * | spelling | resolves to |
 * |---|---|
 * | ARM id, any casing of provider/segment names, optionally `azureml:`-prefixed | the workspace (or registry) it names — another subscription included |
 * | `azureml:<name>:<version>` | the deployment's own workspace |
 * | `azureml://registries/<r>/models/<n>/versions/<v>` | registry `<r>` |
 * | `azureml://locations/<region>/workspaces/<guid>/models/<n>/versions/<v>` | the known workspace with that GUID |
 *
 * Anything else (a label such as `@latest`, a datastore path, an unknown workspace GUID, text that is no id) is
 * kept as an *unresolved* reference with a reason: shown to the user, never dropped.
 */
import { armIdKey, formatModelVersionArmId, parseAssetRef, type AssetRefKind, type ScopeRef } from '../domain/ids';
import type { ModelVersion } from '../domain/model';

export type ModelVersionTarget =
  | { readonly kind: 'workspace'; readonly workspace: ScopeRef; readonly modelName: string; readonly version: string }
  /** Registry names are what `azureml://registries/` ids carry; the ARM coordinates only when the id had them. */
  | { readonly kind: 'registry'; readonly registryName: string; readonly registry?: ScopeRef; readonly modelName: string; readonly version: string };

export type ModelReference =
  | { readonly status: 'resolved'; readonly raw: string; readonly key: string; readonly target: ModelVersionTarget; readonly spelling: AssetRefKind }
  | { readonly status: 'unresolved'; readonly raw: string; readonly key: string; readonly reason: string };

export interface ReferenceContext {
  /** The workspace of the deployment: `azureml:<name>:<version>` is relative to it. */
  readonly workspace: ScopeRef;
  /** Known workspaces by GUID (`properties.workspaceId`), for location asset ids. Case-insensitive. */
  readonly workspaceByGuid?: (guid: string) => ScopeRef | undefined;
}

/** Key of a workspace model version: the ARM id's comparison key (names of sub/rg/workspace lower-cased). */
export function workspaceVersionKey(workspace: Pick<ScopeRef, 'subscriptionId' | 'resourceGroup' | 'name'>, modelName: string, version: string): string {
  return armIdKey(formatModelVersionArmId({ kind: 'workspace', ...workspace }, modelName, version));
}

/** Key of a registry model version: registry names are unique, so the name alone identifies it. */
export function registryVersionKey(registryName: string, modelName: string, version: string): string {
  return `azureml://registries/${registryName.toLowerCase()}/models/${modelName}/versions/${version}`;
}

export function targetKey(target: ModelVersionTarget): string {
  return target.kind === 'workspace'
    ? workspaceVersionKey(target.workspace, target.modelName, target.version)
    : registryVersionKey(target.registryName, target.modelName, target.version);
}

/** The key of a version as the catalog lists it (the tree's side of the lookup). */
export function versionKey(version: Pick<ModelVersion, 'scope' | 'modelName' | 'version'>): string {
  return version.scope.kind === 'registry'
    ? registryVersionKey(version.scope.name, version.modelName, version.version)
    : workspaceVersionKey(version.scope, version.modelName, version.version);
}

export function targetOfVersion(version: Pick<ModelVersion, 'scope' | 'modelName' | 'version'>): ModelVersionTarget {
  const { scope, modelName, version: v } = version;
  const ref: ScopeRef = { kind: scope.kind, subscriptionId: scope.subscriptionId, resourceGroup: scope.resourceGroup, name: scope.name };
  return scope.kind === 'registry'
    ? { kind: 'registry', registryName: scope.name, registry: ref, modelName, version: v }
    : { kind: 'workspace', workspace: ref, modelName, version: v };
}

const isModels = (collection: string): boolean => collection.toLowerCase() === 'models';

function unresolved(raw: string, reason: string): ModelReference {
  return { status: 'unresolved', raw, key: `unresolved:${raw.trim()}`, reason };
}

function resolved(raw: string, target: ModelVersionTarget, spelling: AssetRefKind): ModelReference {
  return { status: 'resolved', raw, key: targetKey(target), target, spelling };
}

/** Resolves one model reference; never throws. */
export function resolveModelReference(raw: string | undefined, context: ReferenceContext): ModelReference {
  if (raw === undefined || raw.trim() === '') return unresolved('', 'The deployment names no model (custom container or model inside the image).');
  const ref = parseAssetRef(raw);
  if (!ref) return unresolved(raw, 'Not an Azure ML model id in any known spelling.');
  switch (ref.kind) {
    case 'arm':
      if (!isModels(ref.collection)) return unresolved(raw, `The id names a ${ref.collection} asset, not a model.`);
      if (ref.version === undefined) return unresolved(raw, 'The id names a model but no version.');
      return ref.scope.kind === 'registry'
        ? resolved(raw, { kind: 'registry', registryName: ref.scope.name, registry: ref.scope, modelName: ref.name, version: ref.version }, ref.kind)
        : resolved(raw, { kind: 'workspace', workspace: ref.scope, modelName: ref.name, version: ref.version }, ref.kind);
    case 'nameVersion':
      return resolved(raw, { kind: 'workspace', workspace: context.workspace, modelName: ref.name, version: ref.version }, ref.kind);
    case 'registryAsset':
      if (!isModels(ref.collection)) return unresolved(raw, `The id names a ${ref.collection} asset, not a model.`);
      return resolved(raw, { kind: 'registry', registryName: ref.registryName, modelName: ref.name, version: ref.version }, ref.kind);
    case 'locationAsset': {
      if (!isModels(ref.collection)) return unresolved(raw, `The id names a ${ref.collection} asset, not a model.`);
      const workspace = context.workspaceByGuid?.(ref.workspaceGuid);
      if (!workspace) return unresolved(raw, `No known workspace has the id ${ref.workspaceGuid} (it may be in a subscription you cannot see).`);
      return resolved(raw, { kind: 'workspace', workspace, modelName: ref.name, version: ref.version }, ref.kind);
    }
    case 'nameLabel':
      return unresolved(raw, `A label ('@${ref.label}') names no fixed version.`);
    default:
      return unresolved(raw, 'The reference is a storage path, not a registered model version.');
  }
}

/**
 * The shortest spelling that resolves back to `target` from a deployment in `workspace`: `azureml:<n>:<v>` for
 * the same workspace, the registry asset id for registries, the ARM id otherwise. Used in history tags (ARM tag
 * values are limited to 256 characters).
 */
export function compactReference(target: ModelVersionTarget, workspace: ScopeRef): string {
  if (target.kind === 'registry') return `azureml://registries/${target.registryName}/models/${target.modelName}/versions/${target.version}`;
  const w = target.workspace;
  const same = w.subscriptionId.toLowerCase() === workspace.subscriptionId.toLowerCase()
    && w.resourceGroup.toLowerCase() === workspace.resourceGroup.toLowerCase() && w.name.toLowerCase() === workspace.name.toLowerCase();
  return same ? `azureml:${target.modelName}:${target.version}` : formatModelVersionArmId({ ...w, kind: 'workspace' }, target.modelName, target.version);
}

/** The id to put in `properties.model` for `target`: what the service itself stores (ARM id / registry asset id). */
export function deployableReference(target: ModelVersionTarget): string {
  return target.kind === 'registry'
    ? `azureml://registries/${target.registryName}/models/${target.modelName}/versions/${target.version}`
    : formatModelVersionArmId({ ...target.workspace, kind: 'workspace' }, target.modelName, target.version);
}

/** "online-model-1:1", or "shared-models/diabetes-regressor:2" for a registry version. */
export function targetLabel(target: ModelVersionTarget): string {
  return target.kind === 'registry' ? `${target.registryName}/${target.modelName}:${target.version}` : `${target.modelName}:${target.version}`;
}

export function referenceLabel(reference: ModelReference): string {
  return reference.status === 'resolved' ? targetLabel(reference.target) : `${reference.raw || '(no model)'} (unresolved)`;
}

/**
 * A deployment's model for pickers: `name:version` (registry: `registry/name:version`); an unresolvable reference
 * reads "unresolved model" with the raw text (and why) in `detail` only.
 */
export function deploymentModelLabel(raw: string | undefined, context: ReferenceContext): { readonly label: string; readonly detail?: string } {
  const reference = resolveModelReference(raw, context);
  if (reference.status === 'resolved') return { label: targetLabel(reference.target) };
  if (!reference.raw) return { label: '(no model)' };
  return { label: 'unresolved model', detail: `${reference.raw} — ${reference.reason}` };
}
