/**
 * The emulator + Azurite as a VS Code window needs them: the services themselves (test/support), the environment
 * the code-server process must inherit (NODE_EXTRA_CA_CERTS is read once at process start, AZURE_* feed the
 * "environment" sign-in) and the user settings that point the extension at them. Shared by runTests, the UI tests
 * and the demo so the three cannot drift apart.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServices, ServiceEndpoints } from '../support/serviceTypes';
import { servicesEnv } from '../support/servicesEnv';
import { startServices, type StartServicesOptions } from '../support/startServices';

/** The extension's settings (names: src/constants.ts) for a custom cloud served by the emulator. */
export function emulatorSettings(endpoints: ServiceEndpoints): Record<string, unknown> {
  return {
    'amlInventory.cloud': 'Custom',
    'amlInventory.customCloud': {
      resourceManagerEndpoint: endpoints.armEndpoint,
      resourceManagerAudience: endpoints.armEndpoint,
      authorityHost: endpoints.authorityHost,
      blobEndpointTemplate: endpoints.blobEndpointTemplate,
      studioUrl: 'https://ml.azure.com',
    },
    // AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET from servicesEnv(): no interactive sign-in.
    'amlInventory.auth.method': 'environment',
  };
}

export interface VsCodeServices {
  readonly services: RunningServices;
  /** Environment for the VS Code (code-server) process: emulator trust and credentials. */
  readonly env: NodeJS.ProcessEnv;
  /** emulatorSettings() as a JSON file, for AML_VSCODE_SETTINGS. */
  readonly settingsFile: string;
  readonly settings: Record<string, unknown>;
  stop(): Promise<void>;
}

export async function startVsCodeServices(seed: StartServicesOptions['seed'] = 'demo'): Promise<VsCodeServices> {
  const services = await startServices({ seed });
  const settings = emulatorSettings(services);
  const dir = mkdtempSync(join(tmpdir(), 'aml-vscode-settings-'));
  const settingsFile = join(dir, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  return {
    services,
    env: servicesEnv(services),
    settings,
    settingsFile,
    stop: async () => {
      rmSync(dir, { recursive: true, force: true });
      await services.stop();
    },
  };
}
