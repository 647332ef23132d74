/**
 * Changing the mutable metadata of models: tags/description of a version, and archive/restore of a version or a
 * whole model. Every write is GET → change → PUT → read back; outcomes say exactly what is there afterwards.
 */
import type { EditBaseline, MetadataEditPlan, VersionMetadata } from '../curation/metadataEdit';
import type { ModelContainer, ModelScope, ModelVersion } from '../domain/model';
import type { CallOptions } from './catalog';

export type MetadataEditOutcome =
  /** Written and read back exactly as written. */
  | { readonly status: 'saved'; readonly version: ModelVersion; readonly plan: MetadataEditPlan }
  /** Nothing to write: the current state already is what the user wants. */
  | { readonly status: 'unchanged'; readonly version: ModelVersion }
  /**
   * Someone else changed the version since the baseline; nothing was written. `current` is what is there now,
   * `changedFields` what they changed, `overlapping` what both edits touch.
   */
  | { readonly status: 'conflict'; readonly current: ModelVersion; readonly changedFields: readonly string[]; readonly overlapping: readonly string[] }
  /** Written, but the read-back differs (another writer right after us): `differences` names the fields. */
  | { readonly status: 'readBackDiffers'; readonly version: ModelVersion; readonly differences: readonly string[] };

export interface MetadataEditRequest {
  /** What the user started editing from (values and lastModifiedAt as they saw them). */
  readonly baseline: EditBaseline;
  /** What the user wants. */
  readonly desired: VersionMetadata;
  /**
   * Apply our changes on top of a concurrent change when the two touch different fields (the user chose so after a
   * `conflict`). Overlapping changes are never merged.
   */
  readonly rebase?: boolean;
}

export interface ArchiveOptions extends CallOptions {
  /** Max wait for a registry LRO (default 5 minutes). */
  readonly maxWaitMs?: number;
  readonly pollIntervalMs?: number;
}

export interface CurationPort {
  editVersionMetadata(scope: ModelScope, modelName: string, version: string, request: MetadataEditRequest, options?: CallOptions): Promise<MetadataEditOutcome>;
  /** Sets `isArchived` of one version; returns the version as read back. */
  setVersionArchived(scope: ModelScope, modelName: string, version: string, isArchived: boolean, options?: ArchiveOptions): Promise<ModelVersion>;
  /** Sets `isArchived` of a model container; returns the container as read back. */
  setModelArchived(scope: ModelScope, modelName: string, isArchived: boolean, options?: ArchiveOptions): Promise<ModelContainer>;
}
