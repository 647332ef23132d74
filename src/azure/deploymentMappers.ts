/** Raw 2024-04-01 endpoint/deployment bodies → deployment domain types. Read defensively; never throws. */
import { parseScopeArmId, type ScopeRef } from '../core/domain/ids';
import type { StringMap } from '../core/domain/model';
import type { BatchDeployment, BatchEndpoint, OnlineDeployment, OnlineEndpoint, TrafficMap } from '../core/deployments/types';

type Json = Record<string, unknown>;

export interface RawTrackedResource {
  readonly id?: string;
  readonly name?: string;
  readonly location?: string;
  readonly kind?: string | null;
  readonly tags?: Record<string, string | null> | null;
  readonly properties?: Json | null;
  readonly systemData?: Json | null;
  readonly [key: string]: unknown;
}

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `out[key] = value` as an own property even for `__proto__` (service JSON may carry one; assignment would drop it or swap the prototype). */
function setOwn<T>(out: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function tags(value: unknown): StringMap {
  const out: StringMap = {};
  for (const [k, v] of Object.entries(record(value))) if (typeof v === 'string' || v === null) setOwn(out, k, v ?? '');
  return out;
}

function traffic(value: unknown): TrafficMap {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(record(value))) if (typeof v === 'number' && Number.isFinite(v)) setOwn(out, k, v);
  return out;
}

function date(value: unknown): Date | undefined {
  const d = typeof value === 'string' ? new Date(value) : value instanceof Date ? value : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

/** The endpoint name of a deployment id `…/onlineEndpoints/<e>/deployments/<d>`. */
function endpointNameOf(id: string): string | undefined {
  return /\/(?:online|batch)Endpoints\/([^/]+)\/deployments\//i.exec(id)?.[1];
}

function scopeOf(id: string, fallback: ScopeRef): ScopeRef {
  return parseScopeArmId(id) ?? fallback;
}

export function toOnlineEndpoint(workspace: ScopeRef, raw: RawTrackedResource): OnlineEndpoint {
  const p = record(raw.properties);
  const id = raw.id ?? '';
  return {
    id, name: raw.name ?? '', workspace: scopeOf(id, workspace), location: raw.location,
    provisioningState: text(p['provisioningState']),
    traffic: traffic(p['traffic']), mirrorTraffic: traffic(p['mirrorTraffic']),
    authMode: text(p['authMode']), scoringUri: text(p['scoringUri']), tags: tags(raw.tags),
  };
}

export function toOnlineDeployment(workspace: ScopeRef, endpointName: string, raw: RawTrackedResource): OnlineDeployment {
  const p = record(raw.properties);
  const s = record(raw.systemData);
  const id = raw.id ?? '';
  return {
    id, name: raw.name ?? '', endpointName: endpointNameOf(id) ?? endpointName, workspace: scopeOf(id, workspace),
    model: text(p['model']), provisioningState: text(p['provisioningState']), tags: tags(raw.tags),
    instanceType: text(p['instanceType']),
    createdAt: date(s['createdAt']), lastModifiedAt: date(s['lastModifiedAt']), lastModifiedBy: text(s['lastModifiedBy']),
  };
}

export function toBatchEndpoint(workspace: ScopeRef, raw: RawTrackedResource): BatchEndpoint {
  const p = record(raw.properties);
  const id = raw.id ?? '';
  return {
    id, name: raw.name ?? '', workspace: scopeOf(id, workspace), provisioningState: text(p['provisioningState']),
    defaultDeployment: text(record(p['defaults'])['deploymentName']),
  };
}

/** `model` is `{referenceType: Id, assetId}` | `{DataPath, datastoreId, path}` | `{OutputPath, jobId, path}`. */
export function toBatchDeployment(workspace: ScopeRef, endpointName: string, raw: RawTrackedResource): BatchDeployment {
  const p = record(raw.properties);
  const m = record(p['model']);
  const type = text(m['referenceType']);
  const model = type?.toLowerCase() === 'id'
    ? text(m['assetId'])
    : type?.toLowerCase() === 'datapath' ? `${text(m['datastoreId']) ?? ''}/paths/${text(m['path']) ?? ''}`
      : type?.toLowerCase() === 'outputpath' ? `${text(m['jobId']) ?? ''}/outputs/${text(m['path']) ?? ''}` : undefined;
  const id = raw.id ?? '';
  return {
    id, name: raw.name ?? '', endpointName: endpointNameOf(id) ?? endpointName, workspace: scopeOf(id, workspace),
    model, modelReferenceType: type, provisioningState: text(p['provisioningState']), tags: tags(raw.tags),
  };
}
