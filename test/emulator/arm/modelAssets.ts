import { keyOf } from '../state/ids';
import type { JsonObject, ModelContainerRecord, ModelVersionRecord } from '../state/model';
import { createdNow, modifiedNow } from '../state/systemData';
import { validationError } from './errors';

/**
 * Model container/version semantics shared by workspaces and registries: validation, upsert, latestVersion /
 * nextVersion bookkeeping and the JSON bodies (2022-10-01 fields plus the 2024 read-only ones, which older SDKs pass
 * through untouched).
 */

/** Azure ML asset-name rule: starts with a letter or digit, then letters, digits, '-', '_' or '.', at most 255 chars. */
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,29}$/;

export function validateModelName(name: string): void {
  if (!ASSET_NAME.test(name)) {
    throw validationError(`Model name '${name}' is invalid. It must start with a letter or a number, contain only letters, numbers, '-', '_' and '.', and be at most 255 characters long.`);
  }
}

export function validateVersionName(version: string): void {
  if (!VERSION.test(version)) {
    throw validationError(`Model version '${version}' is invalid. It must start with a letter or a number, contain only letters, numbers, '-', '_' and '.', and be at most 30 characters long.`);
  }
}

/** The service echoes `resourceGroups` even when azure-ai-ml sends `resourcegroups` inside modelUri. */
export function normalizeModelUri(uri: unknown): unknown {
  return typeof uri === 'string' ? uri.replace(/\/resourcegroups\//i, '/resourceGroups/') : uri;
}

export function nextVersionOf(container: ModelContainerRecord): string {
  let max = 0;
  for (const v of Object.values(container.versions)) if (/^\d+$/.test(v.version)) max = Math.max(max, Number(v.version));
  return String(max + 1);
}

export function newContainer(name: string, at?: Date): ModelContainerRecord {
  return { name, description: null, tags: {}, properties: {}, isArchived: false, systemData: createdNow(at), versions: {}, latestVersion: null, deletedVersions: {} };
}

function stringDict(value: unknown, field: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw validationError(`'${field}' must be an object of strings.`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) out[k] = v === null ? '' : String(v);
  return out;
}

/** Fields a client may set on a version (what 2022-10-01 .. 2024-04-01 accept); read-only ones are ignored. */
const WRITABLE_VERSION_FIELDS = ['description', 'tags', 'properties', 'isAnonymous', 'isArchived', 'flavors', 'jobName', 'modelType', 'modelUri', 'stage', 'intellectualProperty'];

export interface VersionUpsert {
  created: boolean;
  record: ModelVersionRecord;
}

/** PUT of a model version: create (container auto-created by the caller) or update; asset paths are immutable. */
export function upsertVersion(container: ModelContainerRecord, version: string, body: unknown): VersionUpsert {
  validateVersionName(version);
  const input = (body as { properties?: unknown } | null)?.properties;
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw validationError("The request body must contain 'properties'.");
  const props: JsonObject = {};
  for (const field of WRITABLE_VERSION_FIELDS) {
    const value = (input as Record<string, unknown>)[field];
    if (value !== undefined) props[field] = value as JsonObject[string];
  }
  props.tags = stringDict(props.tags, 'tags');
  props.properties = stringDict(props.properties, 'properties');
  props.modelUri = normalizeModelUri(props.modelUri) as JsonObject[string];
  const existing = container.versions[keyOf(version)];
  if (existing) {
    if ((existing.properties.modelUri ?? null) !== (props.modelUri ?? null)) throw validationError('Asset paths cannot be updated.', 'ImmutableAssetPath');
    // isAnonymous is create-only.
    props.isAnonymous = existing.properties.isAnonymous ?? false;
    existing.properties = props;
    existing.systemData = modifiedNow(existing.systemData);
    return { created: false, record: existing };
  }
  const record: ModelVersionRecord = { version, properties: props, systemData: createdNow() };
  container.versions[keyOf(version)] = record;
  container.latestVersion = version;
  return { created: true, record };
}

/** PUT of a container: description/tags/properties/isArchived; versions untouched. */
export function applyContainerBody(container: ModelContainerRecord, body: unknown, isNew: boolean): void {
  const input = (body as { properties?: Record<string, unknown> } | null)?.properties;
  if (!input || typeof input !== 'object') throw validationError("The request body must contain 'properties'.");
  container.description = typeof input.description === 'string' ? input.description : null;
  container.tags = stringDict(input.tags, 'tags');
  container.properties = stringDict(input.properties, 'properties');
  container.isArchived = input.isArchived === true;
  if (!isNew) container.systemData = modifiedNow(container.systemData);
}

export function renderContainer(container: ModelContainerRecord, parentId: string, parentType: string, provisioningState = 'Succeeded') {
  return {
    id: `${parentId}/models/${container.name}`,
    name: container.name,
    type: `${parentType}/models`,
    properties: {
      description: container.description,
      tags: container.tags,
      properties: container.properties,
      isArchived: container.isArchived,
      latestVersion: container.latestVersion,
      nextVersion: nextVersionOf(container),
      provisioningState,
    },
    systemData: container.systemData,
  };
}

export function renderVersion(container: ModelContainerRecord, version: ModelVersionRecord, parentId: string, parentType: string) {
  const p = version.properties;
  return {
    id: `${parentId}/models/${container.name}/versions/${version.version}`,
    name: version.version,
    type: `${parentType}/models/versions`,
    properties: {
      description: p.description ?? null,
      tags: p.tags ?? {},
      properties: p.properties ?? {},
      isArchived: p.isArchived ?? false,
      isAnonymous: p.isAnonymous ?? false,
      autoDeleteSetting: null,
      flavors: p.flavors ?? null,
      modelType: p.modelType ?? null,
      modelUri: p.modelUri ?? null,
      jobName: p.jobName ?? null,
      provisioningState: version.provisioningState ?? 'Succeeded',
      stage: p.stage ?? (p.isAnonymous ? 'Logged' : 'Development'),
      intellectualProperty: p.intellectualProperty ?? null,
    },
    systemData: version.systemData,
  };
}
