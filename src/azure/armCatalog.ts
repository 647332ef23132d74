/**
 * `MlCatalog` over ARM. Workspaces use the generated 2.1.1 operations; registries (absent from 2.1.1) use raw
 * 2024-04-01 requests through the same client. Paged lists return exactly one server page per call: the
 * continuation token is the server's nextLink, for both paths.
 */
import { getContinuationToken } from '@azure/arm-machinelearning';
import { machineLearningProvider } from '../core/domain/ids';
import { formatTagQuery } from '../core/domain/tagFilter';
import type {
  JobLineage, ModelContainer, ModelScope, ModelVersion, Registry, Subscription, Workspace,
} from '../core/domain/model';
import type { Page } from '../core/paging';
import type { CallOptions, MlCatalog, ModelListQuery, VersionListQuery } from '../core/ports/catalog';
import { apiVersions } from './apiVersions';
import { assertArmOrigin } from './armOrigin';
import { DrainGuard, getAllPages, getJson, getListPage, type QueryValue } from './armRequest';
import { ArmClientFactory, type ArmClientSettings } from './clientFactory';
import { toInventoryError } from './errorMapping';
import { checkedName, pathSegment, scopeUrl } from './urlSegment';
import {
  toJobLineage, toModelContainer, toModelVersion, toRegistry, toSubscription, toWorkspace,
  type RawArmResource, type RawSubscription,
} from './mappers';

/** The part of the SDK's `PagedAsyncIterableIterator` used here. */
interface PagedList<T> {
  byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<T[]>;
}

/**
 * The first page of an SDK list, or the page `continuationToken` points at. Never reads further. The token must be a
 * nextLink on `armEndpoint` (the pipeline would refuse it anyway; this names the link).
 */
async function onePage<T>(list: PagedList<T>, continuationToken: string | undefined, armEndpoint: string): Promise<Page<T>> {
  if (continuationToken) assertArmOrigin(continuationToken, armEndpoint, 'the next-page link');
  const result = await list.byPage(continuationToken ? { continuationToken } : undefined).next();
  if (result.done || !result.value) return { items: [] };
  const next = getContinuationToken(result.value);
  return next ? { items: result.value, continuationToken: next } : { items: result.value };
}

function scopeLabel(scope: ModelScope): string {
  return `${scope.kind} '${scope.name}'`;
}

export class ArmCatalog implements MlCatalog {
  constructor(private readonly clients: ArmClientFactory) {}

  /** Convenience for the composition root: a catalog with its own client factory. */
  static create(settings: ArmClientSettings): ArmCatalog {
    return new ArmCatalog(new ArmClientFactory(settings));
  }

  listSubscriptions(options: CallOptions = {}): Promise<readonly Subscription[]> {
    return this.call('list your subscriptions', options, async () => {
      const raw = await getAllPages<RawSubscription>(
        this.clients.forTenant(), `${this.clients.endpoint}/subscriptions`, { 'api-version': apiVersions.resources }, options,
      );
      return raw.map(toSubscription);
    });
  }

  listWorkspaces(subscriptionId: string, options: CallOptions = {}): Promise<readonly Workspace[]> {
    return this.call(`list the workspaces of subscription ${subscriptionId}`, options, async () => {
      const workspaces: Workspace[] = [];
      // Few per subscription: drained here so the tree shows them sorted in one go. Page by page, so a server that
      // repeats or never ends its nextLinks stops the drain (foreign-host links are refused by the pipeline).
      const guard = new DrainGuard(`the workspaces of subscription ${subscriptionId}`);
      const list = this.clients.forSubscription(subscriptionId).workspaces.listBySubscription({ abortSignal: options.abortSignal });
      for await (const page of list.byPage()) {
        workspaces.push(...page.map(toWorkspace));
        guard.next(getContinuationToken(page));
      }
      return workspaces;
    });
  }

  listRegistries(subscriptionId: string, options: CallOptions = {}): Promise<readonly Registry[]> {
    return this.call(`list the registries of subscription ${subscriptionId}`, options, async () => {
      const url = `${this.clients.endpoint}/subscriptions/${encodeURIComponent(subscriptionId)}/providers/${machineLearningProvider}/registries`;
      const raw = await getAllPages<RawArmResource>(
        this.clients.forSubscription(subscriptionId), url, { 'api-version': apiVersions.registries }, options,
      );
      return raw.map(toRegistry);
    });
  }

  listModels(scope: ModelScope, query: ModelListQuery, options: CallOptions = {}): Promise<Page<ModelContainer>> {
    return this.call(`list the models in ${scopeLabel(scope)}`, options, async () => {
      if (scope.kind === 'registry') {
        const page = await getListPage<RawArmResource>(
          this.client(scope), `${scopeUrl(this.clients.endpoint, scope)}/models`,
          { 'api-version': apiVersions.registries, listViewType: query.listViewType }, query.continuationToken, options,
        );
        return { ...page, items: page.items.map((m) => toModelContainer(scope, m)) };
      }
      const list = this.client(scope).modelContainers.list(scope.resourceGroup, scope.name, {
        ...(query.continuationToken ? {} : { listViewType: query.listViewType }),
        abortSignal: options.abortSignal,
      });
      const page = await onePage(list, query.continuationToken, this.clients.endpoint);
      return { ...page, items: page.items.map((m) => toModelContainer(scope, m)) };
    });
  }

  getModel(scope: ModelScope, name: string, options: CallOptions = {}): Promise<ModelContainer> {
    return this.call(`read model '${name}' in ${scopeLabel(scope)}`, options, async () => {
      if (scope.kind === 'registry') {
        const url = `${scopeUrl(this.clients.endpoint, scope)}/models/${pathSegment(name, 'Model name')}?api-version=${apiVersions.registries}`;
        return toModelContainer(scope, await getJson<RawArmResource>(this.client(scope), url, options));
      }
      const raw = await this.client(scope).modelContainers.get(scope.resourceGroup, scope.name, checkedName(name, 'Model name'), { abortSignal: options.abortSignal });
      return toModelContainer(scope, raw);
    });
  }

  listVersions(scope: ModelScope, modelName: string, query: VersionListQuery, options: CallOptions = {}): Promise<Page<ModelVersion>> {
    return this.call(`list the versions of model '${modelName}' in ${scopeLabel(scope)}`, options, async () => {
      const tags = formatTagQuery(query.tags);
      if (scope.kind === 'registry') {
        const filters: Record<string, QueryValue> = {
          'api-version': apiVersions.registries,
          $top: query.top,
          $orderBy: query.orderBy,
          listViewType: query.listViewType,
          tags,
        };
        const url = `${scopeUrl(this.clients.endpoint, scope)}/models/${pathSegment(modelName, 'Model name')}/versions`;
        const page = await getListPage<RawArmResource>(this.client(scope), url, filters, query.continuationToken, options);
        return { ...page, items: page.items.map((v) => toModelVersion(scope, modelName, v)) };
      }
      // A nextLink already carries the filters. Passing them again makes the SDK re-append any whose name the
      // server percent-encoded (`%24top`), sending them twice; so continuation pages pass none.
      const filters = query.continuationToken
        ? {}
        : { top: query.top, orderBy: query.orderBy, listViewType: query.listViewType, ...(tags ? { tags } : {}) };
      const list = this.client(scope).modelVersions.list(scope.resourceGroup, scope.name, checkedName(modelName, 'Model name'), {
        ...filters,
        abortSignal: options.abortSignal,
      });
      const page = await onePage(list, query.continuationToken, this.clients.endpoint);
      return { ...page, items: page.items.map((v) => toModelVersion(scope, modelName, v)) };
    });
  }

  getVersion(scope: ModelScope, modelName: string, version: string, options: CallOptions = {}): Promise<ModelVersion> {
    return this.call(`read version ${version} of model '${modelName}' in ${scopeLabel(scope)}`, options, async () => {
      if (scope.kind === 'registry') {
        const url = `${scopeUrl(this.clients.endpoint, scope)}/models/${pathSegment(modelName, 'Model name')}/versions/${pathSegment(version, 'Version')}?api-version=${apiVersions.registries}`;
        return toModelVersion(scope, modelName, await getJson<RawArmResource>(this.client(scope), url, options));
      }
      const raw = await this.client(scope).modelVersions.get(scope.resourceGroup, scope.name, checkedName(modelName, 'Model name'), checkedName(version, 'Version'), { abortSignal: options.abortSignal });
      return toModelVersion(scope, modelName, raw);
    });
  }

  getJob(workspace: Workspace, jobName: string, options: CallOptions = {}): Promise<JobLineage> {
    return this.call(`read job '${jobName}' in workspace '${workspace.name}'`, options, async () => {
      const raw = await this.client(workspace).jobs.get(workspace.resourceGroup, workspace.name, checkedName(jobName, 'Job name'), { abortSignal: options.abortSignal });
      return toJobLineage(raw);
    });
  }

  private client(scope: ModelScope): ReturnType<ArmClientFactory['forSubscription']> {
    return this.clients.forSubscription(scope.subscriptionId);
  }


  private async call<T>(action: string, options: CallOptions, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toInventoryError(error, { action, abortSignal: options.abortSignal });
    }
  }
}
