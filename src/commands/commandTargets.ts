/**
 * Argument resolution: a command gets a tree node (context menu, inline, click), a domain object (the details
 * panel forwards its version), or nothing (palette), in which case the user picks.
 */
import type { ModelVersion } from '../core/domain/model';
import type { Connection } from '../host/connection';
import { ModelVersionNode } from '../tree/nodes/ModelVersionNode';
import { pickModelVersion } from './pickers';

function isModelVersion(value: unknown): value is ModelVersion {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ModelVersion>;
  return typeof v.modelName === 'string' && typeof v.version === 'string'
    && typeof v.scope === 'object' && v.scope !== null && (v.scope.kind === 'workspace' || v.scope.kind === 'registry');
}

export async function resolveVersion(arg: unknown, connection: Connection): Promise<ModelVersion> {
  if (arg instanceof ModelVersionNode) return arg.version;
  if (isModelVersion(arg)) return arg;
  return pickModelVersion(connection);
}
