/**
 * Keeps the ARM bearer token on the ARM endpoint. Services hand back absolute URLs to follow (list `nextLink`s,
 * `Azure-AsyncOperation` / `Operation-Location` / `Location` headers); a compromised or spoofed response could point
 * them anywhere, and the client pipeline would attach the sign-in to whatever host they name. Every request through an
 * ARM client passes `armOriginPolicy` (added before the bearer-token policy), and the places that accept such URLs
 * check them first so the error says which link was refused.
 */
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { InventoryError } from '../core/errors';

export const armOriginPolicyName = 'amlInventoryArmOriginPolicy';

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Why `url` may not receive the ARM sign-in, or undefined when its origin (scheme, host, port) is `armEndpoint`'s. */
export function foreignOriginProblem(url: string, armEndpoint: string, what: string): string | undefined {
  const expected = parse(armEndpoint);
  const actual = parse(url);
  if (!actual) return `Refused to follow ${what}: it is not a valid URL, so your Azure sign-in was not sent.`;
  if (expected && actual.origin === expected.origin) return undefined;
  return `Refused to follow ${what} to ${actual.protocol}//${actual.host}: it is not the Resource Manager endpoint` +
    ` (${expected ? expected.host : armEndpoint}), so your Azure sign-in was not sent there.`;
}

/** Throws an `InventoryError` when `url` is not on `armEndpoint`'s origin. */
export function assertArmOrigin(url: string, armEndpoint: string, what: string): void {
  const problem = foreignOriginProblem(url, armEndpoint, what);
  if (problem) throw new InventoryError('service', problem, { code: 'ForeignOrigin' });
}

/**
 * Refuses any request whose origin differs from `armEndpoint`'s before the bearer-token policy runs (it sits in the
 * Serialize phase, which precedes the phase-less bearer policy), so SDK-generated continuation requests, raw
 * requests and LRO polls alike never carry the token elsewhere.
 */
export function armOriginPolicy(armEndpoint: string): PipelinePolicy {
  return {
    name: armOriginPolicyName,
    async sendRequest(request, next) {
      assertArmOrigin(request.url, armEndpoint, 'a link from the service');
      return next(request);
    },
  };
}
