/** `ModelLookup` over the catalog port: a missing model (404) means "new model, version 1". */
import type { ModelScope } from '../domain/model';
import { InventoryError } from '../errors';
import type { MlCatalog } from '../ports/catalog';
import type { ModelLookup } from './plan';

export function catalogModelLookup(catalog: MlCatalog, scope: ModelScope, name: string, signal?: AbortSignal): ModelLookup {
  const notFound = (e: unknown): boolean => e instanceof InventoryError && e.kind === 'notFound';
  return {
    async nextVersion() {
      try {
        const container = await catalog.getModel(scope, name, { abortSignal: signal });
        return container.nextVersion ?? String(Number(container.latestVersion ?? 0) + 1);
      } catch (e) {
        if (notFound(e)) return undefined;
        throw e;
      }
    },
    async versionExists(version) {
      try {
        await catalog.getVersion(scope, name, version, { abortSignal: signal });
        return true;
      } catch (e) {
        if (notFound(e)) return false;
        throw e;
      }
    },
  };
}
