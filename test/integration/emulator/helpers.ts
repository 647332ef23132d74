import { request } from 'node:https';
import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { ClientSecretCredential } from '@azure/identity';
import { servicesFromEnv } from '../../support/servicesEnv';
import type { RunningServices } from '../../support/serviceTypes';

/** Shared setup for tests that talk to the running emulator: the real SDK client and raw HTTPS calls. */
export const services: RunningServices = servicesFromEnv();

export const DEMO_WS = { resourceGroup: 'rg-ml-prod', workspace: 'ws-fraud-prod' } as const;

export function credential(secret = services.clientSecret): ClientSecretCredential {
  return new ClientSecretCredential(services.tenantId, services.clientId, secret, { authorityHost: services.authorityHost, disableInstanceDiscovery: true });
}

export function mlClient(subscriptionId = services.subscriptionIds[0]): AzureMachineLearningWorkspaces {
  return new AzureMachineLearningWorkspaces(credential(), subscriptionId, {
    endpoint: services.armEndpoint,
    credentialScopes: [`${services.armEndpoint}/.default`],
  });
}

export async function armToken(): Promise<string> {
  return (await credential().getToken(`${services.armEndpoint}/.default`)).token;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** A raw HTTPS call (trust comes from NODE_EXTRA_CA_CERTS, as for any client). `url` may be a path. */
export function raw(method: string, url: string, options: { token?: string | null; body?: unknown } = {}): Promise<RawResponse> {
  const target = url.startsWith('https://') ? url : `${services.armEndpoint}${url}`;
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  return new Promise((resolve, reject) => {
    const req = request(target, {
      method,
      headers: {
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
        ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}),
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try { body = text ? JSON.parse(text) : undefined; } catch { /* keep text */ }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export function wsPath(subscriptionId = services.subscriptionIds[0], resourceGroup: string = DEMO_WS.resourceGroup, workspace: string = DEMO_WS.workspace): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${workspace}`;
}
