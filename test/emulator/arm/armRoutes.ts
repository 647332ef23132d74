import { Router } from './router';
import { registerBatchEndpointRoutes } from './routes/batchEndpoints';
import { registerDatastoreRoutes } from './routes/datastores';
import { registerJobRoutes } from './routes/jobs';
import { registerModelRoutes } from './routes/models';
import { registerOngoingOperationRoutes } from './routes/ongoingOperations';
import { registerOnlineEndpointRoutes } from './routes/onlineEndpoints';
import { registerOperationRoutes } from './routes/operations';
import { registerRegistryRoutes } from './routes/registries';
import { registerRegistryUploadRoutes } from './routes/registryUploads';
import { registerSubscriptionRoutes } from './routes/subscriptions';
import { registerWorkspaceRoutes } from './routes/workspaces';

/** Every ARM operation the emulator serves. */
export function createArmRouter(): Router {
  const router = new Router();
  registerSubscriptionRoutes(router);
  registerWorkspaceRoutes(router);
  registerRegistryRoutes(router);
  registerModelRoutes(router);
  registerRegistryUploadRoutes(router);
  registerDatastoreRoutes(router);
  registerJobRoutes(router);
  registerOngoingOperationRoutes(router); // before the endpoint routes: opt-in 409 while an operation runs
  registerOnlineEndpointRoutes(router);
  registerBatchEndpointRoutes(router);
  registerOperationRoutes(router);
  return router;
}
