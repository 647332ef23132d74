/**
 * Argument resolution: a command gets a tree node (context menu, inline, click), a domain object (the details
 * panel forwards its version), or nothing (palette), in which case the user picks.
 */
import type { ModelVersion } from '../core/domain/model';
import type { Connection } from '../host/connection';
import type { Prompter } from '../host/prompter';
import { ModelVersionNode } from '../tree/nodes/ModelVersionNode';
import { pickModelVersion } from './pickers';
import { isVersionIdentity } from '../shared/protocol/modelVersion';
import { scopeFromIdentity } from '../webviews/modelVersion/versionView';

export function isModelVersion(value: unknown): value is ModelVersion {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ModelVersion>;
  return typeof v.modelName === 'string' && typeof v.version === 'string'
    && typeof v.scope === 'object' && v.scope !== null && (v.scope.kind === 'workspace' || v.scope.kind === 'registry');
}

/** The version a command was run on (a version node, or a version the details panel forwarded), if any. */
export function versionArgument(arg: unknown): ModelVersion | undefined {
  if (arg instanceof ModelVersionNode) return arg.version;
  return isModelVersion(arg) ? arg : undefined;
}

export async function resolveVersion(arg: unknown, connection: Connection, prompter: Prompter): Promise<ModelVersion> {
  if (arg instanceof ModelVersionNode) return arg.version;
  if (isModelVersion(arg)) return arg;
  // A version identity (hover command links, the details panel after a reload): read the version.
  if (isVersionIdentity(arg)) {
    const scope = scopeFromIdentity(arg);
    if (scope) return connection.catalog.getVersion(scope, arg.modelName, arg.version);
  }
  return pickModelVersion(connection, prompter);
}
