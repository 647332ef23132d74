/**
 * Raw JSON writes and a long-running-operation watcher over a client's own pipeline (auth, retries, logging
 * stay one path). The watcher follows Azure ML's behaviour (reference §4.2): poll `Azure-AsyncOperation` and read
 * `status` (any non-terminal string such as `Updating` means running), or poll `Location` (202 = running).
 * It stops watching — without cancelling anything on the service — when the caller aborts or its time budget
 * ends, and says so with the operation URL, which is all that is needed to resume.
 */
import type { ServiceClient } from '@azure/core-client';
import { createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { redactSecrets } from '../core/redact';
import { InventoryError } from '../core/errors';
import { foreignOriginProblem } from './armOrigin';
import { restErrorFromResponse } from './armRequest';

export interface JsonResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: PipelineResponse['headers'];
  /** The URL the request went to (ARM): operation URLs in the headers must share its origin. */
  readonly requestUrl?: string;
}

export async function sendJson<T>(
  client: ServiceClient,
  method: 'GET' | 'PUT' | 'PATCH' | 'POST',
  url: string,
  body: unknown,
  abortSignal?: AbortSignal,
): Promise<JsonResponse<T>> {
  const request = createPipelineRequest({ url, method, abortSignal });
  request.headers.set('Accept', 'application/json');
  if (body !== undefined) {
    request.headers.set('Content-Type', 'application/json; charset=utf-8');
    request.body = JSON.stringify(body);
  }
  const response = await client.sendRequest(request);
  if (response.status < 200 || response.status >= 300) throw restErrorFromResponse(response);
  let parsed: unknown = null;
  try {
    parsed = response.bodyAsText ? JSON.parse(response.bodyAsText) : null;
  } catch {
    parsed = null;
  }
  return { status: response.status, body: parsed as T, headers: response.headers, requestUrl: url };
}

export type LroResult =
  | { readonly state: 'succeeded'; readonly operationUrl?: string }
  | { readonly state: 'failed'; readonly operationUrl?: string; readonly status: string; readonly code?: string; readonly message: string }
  | { readonly state: 'watching-stopped'; readonly operationUrl: string; readonly reason: 'timeout' | 'cancelled' };

export interface WatchOptions {
  readonly abortSignal?: AbortSignal;
  readonly maxWaitMs: number;
  /** Overrides Retry-After (tests); otherwise Retry-After clamped to 1–30 s, default 2 s. */
  readonly pollIntervalMs?: number;
  readonly onPoll?: (status: string, elapsedMs: number) => void;
}

/** The URL to watch from an LRO's first response (`Azure-AsyncOperation`, else `Location`), if any. */
export function operationUrlOf(response: Pick<JsonResponse<unknown>, 'headers' | 'status' | 'requestUrl'>): { url: string; mode: 'status' | 'location' } | undefined {
  // The watcher polls these with the ARM sign-in: a header naming another host is refused, naming the header.
  const onArm = (url: string, header: string): string => {
    const problem = response.requestUrl ? foreignOriginProblem(url, response.requestUrl, `the operation link in ${header}`) : undefined;
    if (problem) {
      throw new InventoryError('service', `${problem} The request itself was accepted (${response.status}); check its outcome in Azure before retrying.`, { code: 'ForeignOrigin' });
    }
    return url;
  };
  const asyncOp = response.headers.get('azure-asyncoperation');
  if (asyncOp) return { url: onArm(asyncOp, 'Azure-AsyncOperation'), mode: 'status' };
  const operationLocation = response.headers.get('operation-location');
  if (operationLocation) return { url: onArm(operationLocation, 'Operation-Location'), mode: 'status' };
  const location = response.headers.get('location');
  if (location && response.status === 202) return { url: onArm(location, 'Location'), mode: 'location' };
  return undefined;
}

function retryAfterMs(headers: PipelineResponse['headers'] | undefined, options: WatchOptions): number {
  if (options.pollIntervalMs !== undefined) return options.pollIntervalMs;
  const value = headers?.get('retry-after');
  const seconds = value !== undefined && /^\d+$/.test(value) ? Number(value) : 2;
  return Math.min(30_000, Math.max(1_000, seconds * 1000));
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

const running = (status: string): boolean => !['succeeded', 'failed', 'canceled', 'cancelled'].includes(status.toLowerCase());

/** Polls an operation URL until it ends, the caller aborts, or `maxWaitMs` passes. Poll errors other than aborts throw. */
export async function watchOperation(
  client: ServiceClient,
  operation: { url: string; mode: 'status' | 'location' },
  options: WatchOptions,
  firstDelayHeaders?: PipelineResponse['headers'],
): Promise<LroResult> {
  const started = Date.now();
  let wait = retryAfterMs(firstDelayHeaders, options);
  for (;;) {
    const stop = (reason: 'timeout' | 'cancelled'): LroResult => ({ state: 'watching-stopped', operationUrl: operation.url, reason });
    if (options.abortSignal?.aborted) return stop('cancelled');
    if (Date.now() - started + wait > options.maxWaitMs) {
      // Not enough budget for another wait: one last look, then hand back.
      if (Date.now() - started >= options.maxWaitMs) return stop('timeout');
      wait = Math.max(0, options.maxWaitMs - (Date.now() - started));
    }
    await delay(wait, options.abortSignal);
    if (options.abortSignal?.aborted) return stop('cancelled');
    let response: PipelineResponse;
    try {
      const request = createPipelineRequest({ url: operation.url, method: 'GET', abortSignal: options.abortSignal });
      request.headers.set('Accept', 'application/json');
      response = await client.sendRequest(request);
    } catch (error) {
      if (options.abortSignal?.aborted) return stop('cancelled');
      throw error;
    }
    const elapsed = Date.now() - started;
    if (operation.mode === 'location') {
      if (response.status === 202) {
        options.onPoll?.('InProgress', elapsed);
      } else if (response.status >= 200 && response.status < 300) {
        return { state: 'succeeded', operationUrl: operation.url };
      } else {
        const error = restErrorFromResponse(response);
        // Service text reaches notifications and the log: it may echo SAS URLs or keys (issue 8 security scan).
        return { state: 'failed', operationUrl: operation.url, status: 'Failed', code: error.code, message: redactSecrets(error.message) };
      }
    } else {
      if (response.status < 200 || response.status >= 300) throw restErrorFromResponse(response);
      let body: { status?: unknown; error?: { code?: unknown; message?: unknown } } = {};
      try {
        body = JSON.parse(response.bodyAsText ?? '{}') as typeof body;
      } catch {
        body = {};
      }
      const status = typeof body.status === 'string' ? body.status : 'Unknown';
      options.onPoll?.(status, elapsed);
      if (!running(status)) {
        if (status.toLowerCase() === 'succeeded') return { state: 'succeeded', operationUrl: operation.url };
        return {
          state: 'failed', operationUrl: operation.url, status,
          code: typeof body.error?.code === 'string' ? body.error.code : undefined,
          message: typeof body.error?.message === 'string' && body.error.message ? redactSecrets(body.error.message) : `The operation ended ${status}.`,
        };
      }
    }
    if (Date.now() - started >= options.maxWaitMs) return stop('timeout');
    wait = retryAfterMs(response.headers, options);
  }
}
