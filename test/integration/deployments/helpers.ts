/** Deployment adapters pointed at the running emulator, and emulator state edits for fault set-ups. */
import type { ScopeRef } from '../../../src/core/domain/ids';
import { ArmArtifactManifests } from '../../../src/azure/artifactManifest';
import { ArmDeployments, type ArmDeploymentsSettings } from '../../../src/azure/armDeployments';
import { ArmClientFactory } from '../../../src/azure/clientFactory';
import { controlRequest } from '../../support/controlClient';
import type { RunningServices } from '../../support/serviceTypes';
import { emulatorCloud, servicePrincipal } from '../adapters/emulatorCatalog';

export const fraudWorkspace: ScopeRef = { kind: 'workspace', subscriptionId: 'a1b2c3d4-0001-4e5f-8a9b-00000000d001', resourceGroup: 'rg-ml-prod', name: 'ws-fraud-prod' };

export function deploymentAdapters(services: RunningServices, settings: ArmDeploymentsSettings = {}) {
  const credential = servicePrincipal(services);
  const cloud = emulatorCloud(services);
  const clients = new ArmClientFactory({ cloud, credential, userAgentPrefix: 'aml-tools.aml-model-inventory/test' });
  const log: string[] = [];
  return {
    clients,
    log,
    deployments: new ArmDeployments(clients, { verifyDelayMs: 100, log: (line) => log.push(line), ...settings }),
    manifests: new ArmArtifactManifests(clients, cloud, credential),
  };
}


type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Reads the emulator state, lets `edit` change the fraud workspace record, writes it back. */
export async function editFraudWorkspace(services: RunningServices, edit: (ws: Json) => void): Promise<void> {
  const state = (await controlRequest(services, 'GET', '/state')) as { workspaces: Json[] };
  const ws = state.workspaces.find((w) => w.name === fraudWorkspace.name);
  if (!ws) throw new Error('the demo seed has no ws-fraud-prod');
  edit(ws);
  await controlRequest(services, 'PUT', '/state', state);
}
