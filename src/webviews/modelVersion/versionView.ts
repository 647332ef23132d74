/**
 * Domain objects → the details panel's view model. Pure (no `vscode`): what the webview shows is decided here and
 * unit-tested; the webview only renders.
 */
import { assetIdOptions } from '../../core/domain/assetIdSpellings';
import { parseScopeArmId } from '../../core/domain/ids';
import type { JobIo, JobLineage, ModelScope, ModelVersion, StringMap } from '../../core/domain/model';
import type { JobView, NameValue, VersionDetailsView, VersionIdentity } from '../../shared/protocol/modelVersion';
import { modelTypeLabel } from '../../tree/modelTypes';

export function identityOf(version: Pick<ModelVersion, 'scope' | 'modelName' | 'version'>): VersionIdentity {
  return { scopeKind: version.scope.kind, scopeId: version.scope.id, modelName: version.modelName, version: version.version };
}

/** A scope rebuilt from a persisted identity (after a reload there is nothing else to go on). */
export function scopeFromIdentity(identity: VersionIdentity): ModelScope | undefined {
  const ref = parseScopeArmId(identity.scopeId);
  if (!ref || ref.kind !== identity.scopeKind) return undefined;
  const base = { id: identity.scopeId, name: ref.name, subscriptionId: ref.subscriptionId, resourceGroup: ref.resourceGroup, tags: {} };
  return ref.kind === 'workspace' ? { kind: 'workspace', ...base } : { kind: 'registry', ...base };
}

function isoDate(date: Date | undefined): string | undefined {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

/** Sorted rows; non-string values (malformed data) are shown as JSON rather than dropped. */
function rows(map: StringMap | null | undefined): NameValue[] {
  return Object.entries(map ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value: typeof value === 'string' ? value : JSON.stringify(value) ?? '' }));
}

export function detailsView(version: ModelVersion): VersionDetailsView {
  const scope = version.scope;
  return {
    modelName: version.modelName,
    version: version.version,
    modelType: modelTypeLabel(version.modelType),
    ...(version.stage ? { stage: version.stage } : {}),
    ...(version.description ? { description: version.description } : {}),
    isArchived: version.isArchived,
    location: `${scope.kind === 'workspace' ? 'Workspace' : 'Registry'} ${scope.name} (resource group ${scope.resourceGroup})`,
    tags: rows(version.tags),
    properties: rows(version.properties),
    flavors: Object.entries(version.flavors ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([name, data]) => ({ name, data: rows(data) })),
    ...(version.modelUri ? { modelUri: version.modelUri } : {}),
    assetIds: assetIdOptions(version),
    ...optional('createdAt', isoDate(version.createdAt)),
    ...optional('createdBy', version.createdBy),
    ...optional('modifiedAt', isoDate(version.lastModifiedAt)),
    ...optional('modifiedBy', version.lastModifiedBy),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function ioValue(io: JobIo): string {
  return io.uri ?? io.value ?? io.mode ?? '';
}

export function jobView(job: JobLineage): JobView {
  const toRow = (io: JobIo): { name: string; type: string; value: string } => ({ name: io.name, type: io.type, value: ioValue(io) });
  return {
    name: job.name,
    ...optional('displayName', job.displayName),
    ...optional('experimentName', job.experimentName),
    ...optional('status', job.status),
    ...optional('jobType', job.jobType),
    ...optional('createdAt', isoDate(job.createdAt)),
    inputs: (job.inputs ?? []).map(toRow),
    outputs: (job.outputs ?? []).map(toRow),
  };
}
