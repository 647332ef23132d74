import { controlClient } from './controlClient';
import type { RunningServices, ServiceEndpoints } from './serviceTypes';

/**
 * The environment a child process needs to use the running services: trust (NODE_EXTRA_CA_CERTS, read by Node only at
 * start), the service principal for @azure/identity's EnvironmentCredential / ClientSecretCredential, the authority
 * host, and AML_TEST_SERVICES (the endpoints as JSON). Loopback is kept out of any proxy.
 */
export const SERVICES_ENV_VAR = 'AML_TEST_SERVICES';

export function servicesEnv(services: ServiceEndpoints, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const endpoints: ServiceEndpoints = {
    armEndpoint: services.armEndpoint, authorityHost: services.authorityHost, tenantId: services.tenantId,
    clientId: services.clientId, clientSecret: services.clientSecret, caCertPath: services.caCertPath,
    blobEndpointTemplate: services.blobEndpointTemplate, controlUrl: services.controlUrl, subscriptionIds: services.subscriptionIds,
  };
  const noProxy = [base.NO_PROXY ?? base.no_proxy, '127.0.0.1', 'localhost'].filter(Boolean).join(',');
  return {
    ...base,
    NODE_EXTRA_CA_CERTS: services.caCertPath,
    AZURE_TENANT_ID: services.tenantId,
    AZURE_CLIENT_ID: services.clientId,
    AZURE_CLIENT_SECRET: services.clientSecret,
    AZURE_AUTHORITY_HOST: services.authorityHost,
    NO_PROXY: noProxy,
    no_proxy: noProxy,
    [SERVICES_ENV_VAR]: JSON.stringify(endpoints),
  };
}

/**
 * The services started by the parent process, seen from a child (mocha, the extension host). `stop()` does nothing
 * here: the process that started the services owns them.
 */
export function servicesFromEnv(env: NodeJS.ProcessEnv = process.env): RunningServices {
  const raw = env[SERVICES_ENV_VAR];
  if (!raw) throw new Error(`${SERVICES_ENV_VAR} is not set: start the services first (npm run test:integration does).`);
  const endpoints = JSON.parse(raw) as ServiceEndpoints;
  const { putState: _putState, ...control } = controlClient(endpoints);
  return { ...endpoints, ...control, stop: async () => undefined };
}
