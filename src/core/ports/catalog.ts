import type {
  JobLineage, ListViewType, ModelContainer, ModelScope, ModelVersion, Registry, Subscription, Workspace,
} from '../domain/model';
import type { Page } from '../paging';

/** A tag filter pushed to the server: `key` (present) or `key=value`. */
export interface TagFilter {
  readonly key: string;
  readonly value?: string;
}

export interface ModelListQuery {
  readonly listViewType: ListViewType;
  readonly continuationToken?: string;
}

export interface VersionListQuery {
  readonly listViewType: ListViewType;
  /** Page size sent as `$top`. */
  readonly top: number;
  readonly orderBy: 'createdtime desc' | 'createdtime asc';
  readonly tags?: readonly TagFilter[];
  readonly continuationToken?: string;
}

export interface CallOptions {
  readonly abortSignal?: AbortSignal;
}

/**
 * Read access to the Azure ML inventory. One call = one server page for the paged lists
 * (never drains), so the tree can show the first page after exactly one request.
 */
export interface MlCatalog {
  listSubscriptions(options?: CallOptions): Promise<readonly Subscription[]>;
  listWorkspaces(subscriptionId: string, options?: CallOptions): Promise<readonly Workspace[]>;
  listRegistries(subscriptionId: string, options?: CallOptions): Promise<readonly Registry[]>;
  listModels(scope: ModelScope, query: ModelListQuery, options?: CallOptions): Promise<Page<ModelContainer>>;
  getModel(scope: ModelScope, name: string, options?: CallOptions): Promise<ModelContainer>;
  listVersions(scope: ModelScope, modelName: string, query: VersionListQuery, options?: CallOptions): Promise<Page<ModelVersion>>;
  getVersion(scope: ModelScope, modelName: string, version: string, options?: CallOptions): Promise<ModelVersion>;
  /** Lineage of a workspace job; registries have no jobs. */
  getJob(workspace: Workspace, jobName: string, options?: CallOptions): Promise<JobLineage>;
}
