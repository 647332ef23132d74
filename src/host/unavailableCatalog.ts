import type { InventoryError } from '../core/errors';
import type { MlCatalog } from '../core/ports/catalog';

/**
 * A catalog for when no real one can be built (invalid cloud settings, incomplete sign-in settings, signed out):
 * every call rejects with `error`, so the tree and commands report it through their normal error paths.
 */
export function unavailableCatalog(error: InventoryError): MlCatalog {
  const reject = (): Promise<never> => Promise.reject(error);
  return {
    listSubscriptions: reject,
    listWorkspaces: reject,
    listRegistries: reject,
    listModels: reject,
    getModel: reject,
    listVersions: reject,
    getVersion: reject,
    getJob: reject,
  };
}
