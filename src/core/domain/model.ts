/**
 * Domain types of the model inventory. Plain data: no SDK types, no VS Code types.
 * ARM ids are kept as the service returned them; comparisons go through `normalizeArmId` (ids.ts).
 */

export type StringMap = Record<string, string>;

export interface Subscription {
  /** `/subscriptions/<guid>` */
  readonly id: string;
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly tenantId?: string;
  readonly state?: string;
}

interface ScopeBase {
  /** Full ARM id of the workspace or registry. */
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location?: string;
  readonly tags: StringMap;
}

export interface Workspace extends ScopeBase {
  readonly kind: 'workspace';
  /** The workspace GUID (`properties.workspaceId`), used in location asset ids and container names. */
  readonly workspaceGuid?: string;
  readonly friendlyName?: string;
  readonly description?: string;
}

export interface Registry extends ScopeBase {
  readonly kind: 'registry';
  readonly description?: string;
}

/** Where models live: a workspace or a registry. */
export type ModelScope = Workspace | Registry;

export type ListViewType = 'ActiveOnly' | 'ArchivedOnly' | 'All';

export interface AuditInfo {
  readonly createdAt?: Date;
  readonly createdBy?: string;
  readonly createdByType?: string;
  readonly lastModifiedAt?: Date;
  readonly lastModifiedBy?: string;
  readonly lastModifiedByType?: string;
}

export interface ModelContainer extends AuditInfo {
  readonly scope: ModelScope;
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly tags: StringMap;
  readonly properties: StringMap;
  readonly isArchived: boolean;
  readonly latestVersion?: string;
  readonly nextVersion?: string;
}

/** `custom_model`, `mlflow_model`, `triton_model` as the service echoes them; anything else is kept verbatim. */
export type ModelType = string;

export interface ModelVersion extends AuditInfo {
  readonly scope: ModelScope;
  readonly id: string;
  readonly modelName: string;
  readonly version: string;
  readonly description?: string;
  readonly tags: StringMap;
  readonly properties: StringMap;
  readonly modelType?: ModelType;
  readonly modelUri?: string;
  /** MLflow flavors: flavor name → flavor data. */
  readonly flavors: Record<string, StringMap>;
  readonly jobName?: string;
  readonly stage?: string;
  readonly isArchived: boolean;
  readonly isAnonymous: boolean;
}

export interface JobIo {
  readonly name: string;
  /** `uri_folder`, `mlflow_model`, `literal`, ... */
  readonly type: string;
  readonly uri?: string;
  readonly value?: string;
  readonly mode?: string;
}

/** The job a version came from, as far as lineage needs it. */
export interface JobLineage {
  readonly id: string;
  readonly name: string;
  readonly displayName?: string;
  readonly experimentName?: string;
  readonly status?: string;
  readonly jobType?: string;
  readonly computeId?: string;
  readonly inputs: readonly JobIo[];
  readonly outputs: readonly JobIo[];
  readonly createdAt?: Date;
  readonly createdBy?: string;
}

/** An Entra ID tenant the signed-in identity can reach (for the tenant picker). */
export interface Tenant {
  readonly tenantId: string;
  readonly displayName?: string;
  readonly defaultDomain?: string;
}
