/**
 * Archive / restore of a model version or a whole model (container), with the service's rules (reference §1.5/1.6,
 * azure-ai-ml `archive`/`restore`: GET → set `isArchived` → PUT the whole resource back):
 * - archived versions and models are hidden from lists unless "show archived" (listViewType ActiveOnly);
 * - a version of an archived model cannot be restored on its own: the model must be restored first;
 * - archiving something deployed does not stop the deployment, but hides what production runs: ask first.
 * Pure: the UI confirms from this plan, the adapter executes it.
 */
import type { DeployedWhere } from '../deployments/deployedIndex';
import { describeDeployedWhere, isLive } from '../deployments/deployedIndex';

export type ArchiveAction = 'archive' | 'restore';

export type ArchiveTarget =
  | { readonly kind: 'version'; readonly modelName: string; readonly version: string; readonly scopeName: string; readonly scopeKind: 'workspace' | 'registry' }
  | { readonly kind: 'model'; readonly modelName: string; readonly scopeName: string; readonly scopeKind: 'workspace' | 'registry' };

export interface ArchivePlanInput {
  readonly action: ArchiveAction;
  readonly target: ArchiveTarget;
  /** `isArchived` of the version (for version targets) as just read. */
  readonly versionArchived?: boolean;
  /** `isArchived` of the model container as just read (undefined when unknown). */
  readonly containerArchived?: boolean;
  /** Where the version (or, for a model, any of its versions) is deployed. */
  readonly deployedWhere: readonly DeployedWhere[];
}

export interface ArchivePlan {
  readonly action: ArchiveAction;
  readonly target: ArchiveTarget;
  /** Nothing to do (already in the requested state): say so, send nothing. */
  readonly noop?: string;
  /** Why it cannot be done (nothing is sent). */
  readonly blocked?: string;
  /** A question to confirm with a modal before going on (deployed versions). */
  readonly warning?: string;
  /** The modal confirmation: what exactly will change. */
  readonly confirmation: string;
  readonly detail: string;
  readonly isDestructive: boolean;
}

export function targetLabel(target: ArchiveTarget): string {
  const where = `${target.scopeKind} ${target.scopeName}`;
  return target.kind === 'version' ? `${target.modelName}:${target.version} (${where})` : `model ${target.modelName} (${where})`;
}

export function planArchive(input: ArchivePlanInput): ArchivePlan {
  const { action, target } = input;
  const label = targetLabel(target);
  const base = { action, target };
  if (target.kind === 'version') {
    if (action === 'restore' && input.containerArchived) {
      return {
        ...base, isDestructive: false, confirmation: '', detail: '',
        blocked: `${target.modelName}:${target.version} cannot be restored because the model ${target.modelName} itself is archived. Azure ML keeps the versions of an archived model archived; restore the model first (Restore Model), then this version.`,
      };
    }
    if (input.versionArchived === (action === 'archive')) {
      return { ...base, isDestructive: false, confirmation: '', detail: '', noop: `${label} is already ${action === 'archive' ? 'archived' : 'active'}; nothing was changed.` };
    }
  } else if (input.containerArchived === (action === 'archive')) {
    return { ...base, isDestructive: false, confirmation: '', detail: '', noop: `${label} is already ${action === 'archive' ? 'archived' : 'active'}; nothing was changed.` };
  }
  if (action === 'restore') {
    return {
      ...base, isDestructive: false,
      confirmation: `Restore ${label}?`,
      detail: target.kind === 'version'
        ? 'The version is listed again and can be used by new jobs and deployments.'
        : 'The model is listed again. Versions archived one by one stay archived.',
    };
  }
  const live = input.deployedWhere.filter(isLive);
  const deployed = input.deployedWhere;
  const warning = deployed.length === 0 ? undefined
    : `${label} is deployed: ${deployed.map(describeDeployedWhere).join('; ')}. Archiving does not stop ${deployed.length === 1 ? 'that deployment' : 'those deployments'}${live.length > 0 ? ' (it keeps serving traffic)' : ''}, but hides the ${target.kind === 'version' ? 'version' : 'model'} from lists and from new deployments. Archive anyway?`;
  return {
    ...base, isDestructive: true,
    ...(warning ? { warning } : {}),
    confirmation: `Archive ${label}?`,
    detail: target.kind === 'version'
      ? 'The version is hidden from lists (unless "show archived") and cannot be used by new jobs or deployments. Its files and history are kept; Restore undoes this.'
      : 'The model and all its versions are hidden from lists (unless "show archived"), and its versions cannot be restored one by one until the model is restored. Files and history are kept; Restore undoes this.',
  };
}
