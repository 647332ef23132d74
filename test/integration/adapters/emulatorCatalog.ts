/** Builds production adapters (ArmCatalog + @azure/identity credentials) pointed at the running emulator. */
import type { CloudEndpoints } from '../../../src/core/domain/cloud';
import type { ModelScope, Workspace } from '../../../src/core/domain/model';
import type { TokenProvider } from '../../../src/core/ports/tokenProvider';
import { ArmCatalog } from '../../../src/azure/armCatalog';
import { createCredential } from '../../../src/azure/credentials';
import { servicesFromEnv } from '../../support/servicesEnv';
import type { RunningServices } from '../../support/serviceTypes';

export function emulatorServices(): RunningServices {
  return servicesFromEnv();
}

/** The emulator as a custom cloud: its own authority (unknown to Entra, so no instance discovery). */
export function emulatorCloud(services: RunningServices): CloudEndpoints {
  return {
    name: 'Custom',
    resourceManagerEndpoint: services.armEndpoint,
    resourceManagerAudience: 'https://management.azure.com',
    authorityHost: services.authorityHost,
    blobEndpointTemplate: services.blobEndpointTemplate,
    studioUrl: 'https://ml.azure.com',
    isKnownAuthority: false,
  };
}

export function servicePrincipal(services: RunningServices, secret = services.clientSecret): TokenProvider {
  return createCredential('servicePrincipal', emulatorCloud(services), { tenantId: services.tenantId, clientId: services.clientId, clientSecret: secret });
}

export function emulatorCatalog(services: RunningServices, credential: TokenProvider = servicePrincipal(services)): ArmCatalog {
  return ArmCatalog.create({ cloud: emulatorCloud(services), credential, userAgentPrefix: 'aml-tools.aml-model-inventory/test' });
}

export interface SeededScopes {
  readonly workspaces: readonly Workspace[];
  readonly registries: readonly ModelScope[];
}

/** Every workspace and registry of every seeded subscription, discovered through the catalog itself. */
export async function discoverScopes(catalog: ArmCatalog): Promise<SeededScopes> {
  const subscriptions = await catalog.listSubscriptions();
  const workspaces: Workspace[] = [];
  const registries: ModelScope[] = [];
  for (const s of subscriptions) {
    workspaces.push(...(await catalog.listWorkspaces(s.subscriptionId)));
    registries.push(...(await catalog.listRegistries(s.subscriptionId)));
  }
  return { workspaces, registries };
}
