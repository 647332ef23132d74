/**
 * SDK and raw ARM shapes → domain types. The only module that names SDK model types. Raw (2024-04-01) bodies
 * have the same layout as the SDK's deserialized objects except that dates are strings, so one mapper serves
 * both. Bodies are read defensively: a missing `properties`, null tags or an unknown model type never throws.
 */
import type {
  JobBase as SdkJob, ModelContainer as SdkModelContainer, ModelVersion as SdkModelVersion, Workspace as SdkWorkspace,
} from '@azure/arm-machinelearning';
import { parseAssetRef, parseScopeArmId } from '../core/domain/ids';
import type {
  AuditInfo, JobIo, JobLineage, ModelContainer, ModelScope, ModelVersion, Registry, StringMap, Subscription, Tenant, Workspace,
} from '../core/domain/model';

type Json = Record<string, unknown>;

/** A raw ARM resource as 2024-04-01 returns it (registries, registry models). */
export interface RawArmResource {
  readonly id?: string;
  readonly name?: string;
  readonly location?: string;
  readonly tags?: Record<string, string | null> | null;
  readonly properties?: Json | null;
  readonly systemData?: Json | null;
}

export interface RawSubscription {
  readonly id?: string;
  readonly subscriptionId?: string;
  readonly displayName?: string;
  readonly tenantId?: string;
  readonly state?: string;
}

export interface RawTenant {
  readonly tenantId?: string;
  readonly displayName?: string;
  readonly defaultDomain?: string;
}

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** A string→string map; null values become '' (tags may be value-less), non-scalars are dropped. */
/** `out[key] = value` as an own property even for `__proto__` (service JSON may carry one; assignment would drop it or swap the prototype). */
function setOwn<T>(out: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function stringMap(value: unknown): StringMap {
  const out: StringMap = {};
  for (const [key, v] of Object.entries(record(value))) {
    const s = v === null ? '' : text(v);
    if (s !== undefined) setOwn(out, key, s);
  }
  return out;
}

function date(value: unknown): Date | undefined {
  const d = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

function audit(systemData: unknown): AuditInfo {
  const s = record(systemData);
  return {
    createdAt: date(s['createdAt']),
    createdBy: text(s['createdBy']),
    createdByType: text(s['createdByType']),
    lastModifiedAt: date(s['lastModifiedAt']),
    lastModifiedBy: text(s['lastModifiedBy']),
    lastModifiedByType: text(s['lastModifiedByType']),
  };
}

function scopeCoordinates(id: string): { subscriptionId: string; resourceGroup: string } {
  const scope = parseScopeArmId(id);
  return { subscriptionId: scope?.subscriptionId ?? '', resourceGroup: scope?.resourceGroup ?? '' };
}

export function toSubscription(raw: RawSubscription): Subscription {
  const subscriptionId = raw.subscriptionId ?? raw.id?.split('/').filter(Boolean)[1] ?? '';
  return {
    id: raw.id ?? `/subscriptions/${subscriptionId}`,
    subscriptionId,
    displayName: raw.displayName ?? subscriptionId,
    tenantId: raw.tenantId,
    state: raw.state,
  };
}

export function toTenant(raw: RawTenant): Tenant {
  return { tenantId: raw.tenantId ?? '', displayName: raw.displayName, defaultDomain: raw.defaultDomain };
}

/** 2.1.1 flattens workspace properties onto the object; raw bodies keep them under `properties`. Both are read. */
export function toWorkspace(raw: SdkWorkspace | RawArmResource): Workspace {
  const flat = record(raw);
  const props = record(flat['properties']);
  const id = text(flat['id']) ?? '';
  return {
    kind: 'workspace',
    id,
    name: text(flat['name']) ?? parseScopeArmId(id)?.name ?? '',
    ...scopeCoordinates(id),
    location: text(flat['location']),
    tags: stringMap(flat['tags']),
    workspaceGuid: text(flat['workspaceId'] ?? props['workspaceId']),
    friendlyName: text(flat['friendlyName'] ?? props['friendlyName']),
    description: text(flat['description'] ?? props['description']),
  };
}

export function toRegistry(raw: RawArmResource): Registry {
  const id = raw.id ?? '';
  return {
    kind: 'registry',
    id,
    name: raw.name ?? parseScopeArmId(id)?.name ?? '',
    ...scopeCoordinates(id),
    location: raw.location,
    tags: stringMap(raw.tags),
    description: text(record(raw.properties)['description']),
  };
}

export function toModelContainer(scope: ModelScope, raw: SdkModelContainer | RawArmResource): ModelContainer {
  const r = record(raw);
  const props = record(r['properties']);
  return {
    scope,
    id: text(r['id']) ?? '',
    name: text(r['name']) ?? '',
    description: text(props['description']),
    tags: stringMap(props['tags']),
    properties: stringMap(props['properties']),
    isArchived: props['isArchived'] === true,
    latestVersion: text(props['latestVersion']),
    nextVersion: text(props['nextVersion']),
    ...audit(r['systemData']),
  };
}

function flavors(value: unknown): Record<string, StringMap> {
  const out: Record<string, StringMap> = {};
  for (const [name, flavor] of Object.entries(record(value))) setOwn(out, name, stringMap(record(flavor)['data']));
  return out;
}

/** The model name of a version id in any spelling (ARM id, or the registry asset id the dataplane uses). */
function modelNameFromId(id: string): string | undefined {
  const ref = parseAssetRef(id);
  return ref && (ref.kind === 'arm' || ref.kind === 'registryAsset') ? ref.name : undefined;
}

/**
 * `modelName` is the name the caller asked for; the resource `name` of a version is its version string.
 * `stage` is not in the 2022-10-01 schema but passes through the SDK deserializer when the service sends it.
 */
export function toModelVersion(scope: ModelScope, modelName: string | undefined, raw: SdkModelVersion | RawArmResource): ModelVersion {
  const r = record(raw);
  const props = record(r['properties']);
  const id = text(r['id']) ?? '';
  return {
    scope,
    id,
    modelName: modelName ?? modelNameFromId(id) ?? '',
    version: text(r['name']) ?? '',
    description: text(props['description']),
    tags: stringMap(props['tags']),
    properties: stringMap(props['properties']),
    modelType: text(props['modelType']),
    modelUri: text(props['modelUri']),
    flavors: flavors(props['flavors']),
    jobName: text(props['jobName']),
    stage: text(props['stage']),
    isArchived: props['isArchived'] === true,
    isAnonymous: props['isAnonymous'] === true,
    ...audit(r['systemData']),
  };
}

function jobIos(value: unknown, typeKey: 'jobInputType' | 'jobOutputType'): JobIo[] {
  return Object.entries(record(value)).map(([name, io]) => {
    const entry = record(io);
    return {
      name,
      type: text(entry[typeKey]) ?? 'unknown',
      uri: text(entry['uri']),
      value: text(entry['value']),
      mode: text(entry['mode']),
    };
  });
}

export function toJobLineage(raw: SdkJob | RawArmResource): JobLineage {
  const r = record(raw);
  const props = record(r['properties']);
  const created = audit(r['systemData']);
  return {
    id: text(r['id']) ?? '',
    name: text(r['name']) ?? '',
    displayName: text(props['displayName']),
    experimentName: text(props['experimentName']),
    status: text(props['status']),
    jobType: text(props['jobType']),
    computeId: text(props['computeId']),
    inputs: jobIos(props['inputs'], 'jobInputType'),
    outputs: jobIos(props['outputs'], 'jobOutputType'),
    createdAt: created.createdAt,
    createdBy: created.createdBy,
  };
}
