/**
 * `CurationPort` over ARM: tags/description edits and archive/restore, for workspace and registry models, with raw
 * 2024-04-01 requests through the subscription's client pipeline (apiVersions.modelWrites). Every write is
 * GET → change → PUT (the whole resource back, as azure-ai-ml does) → LRO when the service answers with one
 * (registries) → read back. Nothing is written when the version changed since the user's baseline (unless the user
 * asked to rebase non-overlapping changes), and a read-back that differs from what was written is reported.
 */
import type { ServiceClient } from '@azure/core-client';
import {
  applyMetadataEdit, checkConcurrentChange, checkReadBack, planMetadataEdit, sameMetadata, type VersionMetadata,
} from '../core/curation/metadataEdit';
import type { ModelContainer, ModelScope, ModelVersion } from '../core/domain/model';
import { InventoryError } from '../core/errors';
import type { CallOptions } from '../core/ports/catalog';
import type { ArchiveOptions, CurationPort, MetadataEditOutcome, MetadataEditRequest } from '../core/ports/curation';
import { apiVersions } from './apiVersions';
import { operationUrlOf, sendJson, watchOperation } from './armLro';
import type { ArmClientFactory } from './clientFactory';
import { pathSegment, scopeUrl } from './urlSegment';
import { toInventoryError } from './errorMapping';
import { toModelContainer, toModelVersion, type RawArmResource } from './mappers';

const readOnlyProperties = ['provisioningState', 'latestVersion', 'nextVersion'];

/** The resource as PUT expects it: service-owned fields removed, `properties` changed by `change`. */
export function putBodyOf(raw: RawArmResource, change: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, name: _name, type: _type, systemData: _systemData, ...rest } = raw as Record<string, unknown>;
  const properties: Record<string, unknown> = { ...((raw.properties ?? {}) as Record<string, unknown>) };
  for (const key of readOnlyProperties) delete properties[key];
  return { ...rest, properties: { ...properties, ...change } };
}

function metadataOf(version: ModelVersion): VersionMetadata {
  return { tags: version.tags, description: version.description ?? '' };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface ArmCurationSettings {
  /** Read-back attempts after a write (default 3) and the pause between them (default 500 ms). */
  readonly verifyAttempts?: number;
  readonly verifyDelayMs?: number;
  readonly log?: (line: string) => void;
}

export class ArmCuration implements CurationPort {
  constructor(private readonly clients: ArmClientFactory, private readonly settings: ArmCurationSettings = {}) {}

  editVersionMetadata(scope: ModelScope, modelName: string, version: string, request: MetadataEditRequest, options: CallOptions = {}): Promise<MetadataEditOutcome> {
    const action = `update the tags and description of ${modelName}:${version} in ${scope.kind} '${scope.name}'`;
    return this.call(action, options, async () => {
      const url = this.versionUrl(scope, modelName, version);
      const raw = await this.get(scope, url, options);
      const current = toModelVersion(scope, modelName, raw);
      const ours = planMetadataEdit(request.baseline, request.desired);
      const check = checkConcurrentChange(request.baseline, { ...metadataOf(current), ...(current.lastModifiedAt ? { lastModifiedAt: current.lastModifiedAt.toISOString() } : {}) }, ours);
      let target = request.desired;
      if (check.status === 'changed') {
        const changedFields = [...check.theirs.tagChanges.map((c) => `tag ${c.key}`), ...(check.theirs.description ? ['the description'] : [])];
        this.settings.log?.(`${modelName}:${version} changed since the edit started (${changedFields.join(', ')}; modified ${current.lastModifiedAt?.toISOString() ?? '?'} by ${current.lastModifiedBy ?? '?'}).`);
        if (!request.rebase || check.overlapping.length > 0) return { status: 'conflict', current, changedFields, overlapping: check.overlapping };
        target = applyMetadataEdit(metadataOf(current), ours);
      }
      if (sameMetadata(metadataOf(current), target)) return { status: 'unchanged', version: current };
      const body = putBodyOf(raw, { tags: { ...target.tags }, description: target.description ? target.description : null });
      await this.put(scope, url, body, options, action);
      const readBack = await this.readBack(scope, url, modelName, options, (v) => sameMetadata(metadataOf(v), target));
      const differences = checkReadBack(target, metadataOf(readBack));
      if (differences.length > 0) {
        this.settings.log?.(`Read-back of ${modelName}:${version} differs from what was written: ${differences.join(', ')}.`);
        return { status: 'readBackDiffers', version: readBack, differences };
      }
      return { status: 'saved', version: readBack, plan: planMetadataEdit(metadataOf(current), target) };
    });
  }

  setVersionArchived(scope: ModelScope, modelName: string, version: string, isArchived: boolean, options: ArchiveOptions = {}): Promise<ModelVersion> {
    const action = `${isArchived ? 'archive' : 'restore'} ${modelName}:${version} in ${scope.kind} '${scope.name}'`;
    return this.call(action, options, async () => {
      if (!isArchived) {
        const container = toModelContainer(scope, await this.get(scope, this.modelUrl(scope, modelName), options));
        if (container.isArchived) {
          throw new InventoryError('validation', `${modelName}:${version} cannot be restored because the model ${modelName} is archived. Restore the model first, then the version.`, { code: 'ContainerArchived' });
        }
      }
      const url = this.versionUrl(scope, modelName, version);
      const raw = await this.get(scope, url, options);
      if (toModelVersion(scope, modelName, raw).isArchived === isArchived) return toModelVersion(scope, modelName, raw);
      await this.put(scope, url, putBodyOf(raw, { isArchived }), options, action);
      const readBack = await this.readBack(scope, url, modelName, options, (v) => v.isArchived === isArchived);
      if (readBack.isArchived !== isArchived) {
        throw new InventoryError('service', `Azure accepted the request to ${action}, but the version still reads back as ${readBack.isArchived ? 'archived' : 'active'}. Refresh in a moment.`);
      }
      return readBack;
    });
  }

  setModelArchived(scope: ModelScope, modelName: string, isArchived: boolean, options: ArchiveOptions = {}): Promise<ModelContainer> {
    const action = `${isArchived ? 'archive' : 'restore'} model '${modelName}' in ${scope.kind} '${scope.name}'`;
    return this.call(action, options, async () => {
      const url = this.modelUrl(scope, modelName);
      const raw = await this.get(scope, url, options);
      if (toModelContainer(scope, raw).isArchived === isArchived) return toModelContainer(scope, raw);
      await this.put(scope, url, putBodyOf(raw, { isArchived }), options, action);
      let container = toModelContainer(scope, await this.get(scope, url, options));
      for (let attempt = 2; attempt <= (this.settings.verifyAttempts ?? 3) && container.isArchived !== isArchived; attempt++) {
        await sleep(this.settings.verifyDelayMs ?? 500);
        container = toModelContainer(scope, await this.get(scope, url, options));
      }
      if (container.isArchived !== isArchived) {
        throw new InventoryError('service', `Azure accepted the request to ${action}, but the model still reads back as ${container.isArchived ? 'archived' : 'active'}. Refresh in a moment.`);
      }
      return container;
    });
  }

  // ---- plumbing ----

  private async get(scope: ModelScope, url: string, options: CallOptions): Promise<RawArmResource> {
    return (await sendJson<RawArmResource>(this.client(scope), 'GET', url, undefined, options.abortSignal)).body ?? {};
  }

  /** PUT; when the service answers with an LRO (registries), watch it to the end. */
  private async put(scope: ModelScope, url: string, body: unknown, options: ArchiveOptions, action: string): Promise<void> {
    const response = await sendJson<RawArmResource>(this.client(scope), 'PUT', url, body, options.abortSignal);
    const operation = operationUrlOf(response);
    this.settings.log?.(`${action}: PUT answered ${response.status}${operation ? `; watching ${operation.url}` : ''}`);
    if (!operation) return;
    const result = await watchOperation(this.client(scope), operation, {
      maxWaitMs: options.maxWaitMs ?? 5 * 60_000,
      ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    }, response.headers);
    if (result.state === 'failed') throw new InventoryError('service', `Azure could not ${action}: ${result.message}`, { ...(result.code ? { code: result.code } : {}) });
    if (result.state === 'watching-stopped') {
      throw new InventoryError(result.reason === 'cancelled' ? 'cancelled' : 'service', `Stopped waiting for Azure to ${action}; the change continues in Azure (${result.operationUrl}). Refresh later to see it.`);
    }
  }

  private async readBack(scope: ModelScope, url: string, modelName: string, options: CallOptions, done: (v: ModelVersion) => boolean): Promise<ModelVersion> {
    const attempts = this.settings.verifyAttempts ?? 3;
    let version = toModelVersion(scope, modelName, await this.get(scope, url, options));
    for (let attempt = 2; attempt <= attempts && !done(version); attempt++) {
      await sleep(this.settings.verifyDelayMs ?? 500);
      version = toModelVersion(scope, modelName, await this.get(scope, url, options));
    }
    return version;
  }

  private client(scope: ModelScope): ServiceClient {
    return this.clients.forSubscription(scope.subscriptionId);
  }

  private modelUrl(scope: ModelScope, modelName: string): string {
    return `${scopeUrl(this.clients.endpoint, scope)}/models/${pathSegment(modelName, 'Model name')}?api-version=${apiVersions.modelWrites}`;
  }

  private versionUrl(scope: ModelScope, modelName: string, version: string): string {
    return `${scopeUrl(this.clients.endpoint, scope)}/models/${pathSegment(modelName, 'Model name')}/versions/${pathSegment(version, 'Version')}?api-version=${apiVersions.modelWrites}`;
  }

  private async call<T>(action: string, options: CallOptions, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const mapped = toInventoryError(error, { action, abortSignal: options.abortSignal });
      if (mapped.kind === 'forbidden') {
        throw new InventoryError('forbidden', `You do not have permission to ${action} (403 ${mapped.details.code ?? ''}). Changing models needs a role such as AzureML Data Scientist or Contributor. Nothing was changed.`, mapped.details);
      }
      throw mapped;
    }
  }
}
