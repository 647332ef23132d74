/** A canned ARM transport for unit tests: the real SDK pipeline runs, only the socket is replaced. */
import { createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { CloudEndpoints } from '../../../src/core/domain/cloud';
import type { AccessToken, TokenProvider } from '../../../src/core/ports/tokenProvider';

export interface CannedResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export const testCloud: CloudEndpoints = {
  name: 'Custom',
  resourceManagerEndpoint: 'https://arm.test',
  resourceManagerAudience: 'https://management.azure.com',
  authorityHost: 'https://login.test',
  blobEndpointTemplate: 'http://127.0.0.1:10000/{accountName}',
  studioUrl: 'https://ml.test',
  isKnownAuthority: false,
};

/** Answers each request with `route(request)`; records every request it saw. */
export class FakeArmTransport implements HttpClient {
  readonly requests: PipelineRequest[] = [];

  constructor(private readonly route: (request: PipelineRequest, url: URL) => CannedResponse) {}

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    if (request.abortSignal?.aborted) {
      const error = new Error('The operation was aborted.');
      error.name = 'AbortError';
      throw error;
    }
    this.requests.push(request);
    const canned = this.route(request, new URL(request.url));
    return {
      request,
      status: canned.status,
      headers: createHttpHeaders({ 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': `req-${this.requests.length}`, ...canned.headers }),
      bodyAsText: canned.body === undefined ? '' : JSON.stringify(canned.body),
    };
  }
}

/** Records the scopes it was asked for. */
export class FakeTokenProvider implements TokenProvider {
  readonly scopesAsked: string[][] = [];

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopesAsked.push(Array.isArray(scopes) ? scopes : [scopes]);
    return { token: 'fake-token', expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

export function armError(status: number, code: string, message: string, innerCode?: string): CannedResponse {
  return {
    status,
    body: { error: { code, message, ...(innerCode ? { details: [{ code: innerCode, message }] } : {}) } },
    headers: { 'x-ms-response-type': 'error' },
  };
}
