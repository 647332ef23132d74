import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { FaultSettings, RunningServices, ServiceEndpoints } from './serviceTypes';

/** Calls to the emulator's control API (`<controlUrl>/...`), trusting its certificate explicitly. */
export type ControlCalls = Pick<RunningServices, 'setFaults' | 'clearFaults' | 'requestCount' | 'reset' | 'restartAzurite'> & {
  /** Replace the emulator state (seed-file format), e.g. with the conformance replay state. */
  putState(state: unknown): Promise<void>;
};

/** One call to the emulator's control API; resolves with the parsed JSON answer (if any). */
export function controlRequest(endpoints: ServiceEndpoints, method: string, path: string, body?: unknown): Promise<unknown> {
  const ca = readFileSync(endpoints.caCertPath);
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(`${endpoints.controlUrl}${path}`, {
      method, ca,
      headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {},
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} ${path} -> ${res.statusCode}: ${text}`));
        else resolve(text ? JSON.parse(text) : undefined);
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export function controlClient(endpoints: ServiceEndpoints): ControlCalls {
  const call = (method: string, path: string, body?: unknown): Promise<unknown> => controlRequest(endpoints, method, path, body);
  return {
    setFaults: async (faults: FaultSettings) => void (await call('POST', '/faults', faults)),
    clearFaults: async () => void (await call('DELETE', '/faults')),
    requestCount: async (reset = false) => ((await call('GET', `/requests${reset ? '?reset=1' : ''}`)) as { count: number }).count,
    reset: async () => void (await call('POST', '/reset')),
    restartAzurite: async () => void (await call('POST', '/azurite/restart')),
    putState: async (state: unknown) => void (await call('PUT', '/state', state)),
  };
}
