/**
 * The production adapters, built exactly the way src/compositionRoot.ts builds them for the sign-in method
 * "environment" and cloud "Custom" with the emulator's endpoints as the user settings (test/vscode/services.ts):
 * resolveCloud → createCredential('environment') → ArmClientFactory → ArmCatalog / ModelRegistrar.
 * Runs in a worker (servicesEnv: NODE_EXTRA_CA_CERTS + AZURE_* are set).
 */
import { readFileSync } from 'node:fs';
import { request, type Agent } from 'node:https';
import { performance } from 'node:perf_hooks';
import { ArmCatalog } from '../../src/azure/armCatalog';
import { ArmClientFactory, armScope } from '../../src/azure/clientFactory';
import { createCredential } from '../../src/azure/credentials';
import { ModelRegistrar } from '../../src/azure/registerModel';
import type { CloudEndpoints } from '../../src/core/domain/cloud';
import { resolveCloud } from '../../src/core/domain/cloudSettings';
import type { TokenProvider } from '../../src/core/ports/tokenProvider';
import { servicesFromEnv } from '../support/servicesEnv';
import type { RunningServices } from '../support/serviceTypes';
import { emulatorSettings } from '../vscode/services';

export interface Production {
  readonly services: RunningServices;
  readonly cloud: CloudEndpoints;
  readonly credential: TokenProvider;
  readonly clients: ArmClientFactory;
  readonly catalog: ArmCatalog;
  readonly registrar: ModelRegistrar;
  /** A bearer token for ARM, acquired through the same credential (for raw requests). */
  armToken(): Promise<string>;
  /** The emulator's CA (raw HTTPS requests pass it explicitly as well). */
  readonly ca: Buffer;
}

export function production(): Production {
  const services = servicesFromEnv();
  const settings = emulatorSettings(services);
  const cloud = resolveCloud(settings['amlInventory.cloud'], settings['amlInventory.customCloud'], 'amlInventory.customCloud');
  const method = settings['amlInventory.auth.method'];
  if (method !== 'environment') throw new Error(`expected the "environment" sign-in, got ${String(method)}`);
  const credential = createCredential('environment', cloud, {});
  const clients = new ArmClientFactory({ cloud, credential, userAgentPrefix: 'aml-tools.aml-model-inventory/bench' });
  return {
    services,
    cloud,
    credential,
    clients,
    catalog: new ArmCatalog(clients),
    registrar: new ModelRegistrar(clients, cloud, credential),
    ca: readFileSync(services.caCertPath),
    armToken: async () => {
      const token = await credential.getToken(armScope(cloud));
      if (!token) throw new Error('no ARM token');
      return token.token;
    },
  };
}

/**
 * One raw GET on a keep-alive agent with a bearer token already in hand, body read and parsed: the least any client
 * has to do for a page. The baseline the production calls are compared with.
 */
export function rawGet(url: string, token: string, agent: Agent, ca: Buffer): Promise<{ ms: number; bytes: number; items: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = request(url, { agent, ca, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        if (res.statusCode !== 200) return reject(new Error(`raw GET ${res.statusCode}: ${body.toString().slice(0, 300)}`));
        const parsed = JSON.parse(body.toString('utf8')) as { value: unknown[] };
        resolve({ ms: performance.now() - start, bytes: body.length, items: parsed.value.length });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
