/**
 * Per-operation retry with exponential backoff and jitter, on top of the storage SDK's own retry policy: the SDK
 * retries a request a few times within its try timeout; this retries the whole block/commit when those give up
 * on something transient (socket reset, 429, 5xx, timeouts). Aborts are never retried and stop the wait at once.
 */
import { isRestError } from '@azure/core-rest-pipeline';

export interface RetryPolicy {
  /** Attempts in total (first try included). */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 8000 };

const transientCodes = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH',
  'REQUEST_SEND_ERROR', 'UND_ERR_SOCKET', 'ECONNABORTED',
]);

export function isAbortError(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  const e = error as { name?: unknown; code?: unknown } | undefined;
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR';
}

export function isTransient(error: unknown): boolean {
  if (isRestError(error)) {
    const status = error.statusCode;
    if (status === undefined) return true;
    return status === 408 || status === 429 || status >= 500;
  }
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && transientCodes.has(code)) return true;
  }
  return false;
}

/** Resolves after `ms`, or rejects at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? abortError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason ?? abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortError(): Error {
  const e = new Error('The operation was cancelled.');
  e.name = 'AbortError';
  return e;
}

export interface RetryEvents {
  onRetry?(attempt: number, delayMs: number, error: unknown): void;
}

export async function withRetry<T>(run: () => Promise<T>, policy: RetryPolicy, signal: AbortSignal | undefined, events: RetryEvents = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (isAbortError(error, signal)) throw signal?.reason ?? error;
      if (attempt >= policy.attempts || !isTransient(error)) throw error;
      const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.round(exp / 2 + Math.random() * (exp / 2));
      events.onRetry?.(attempt, delay, error);
      await sleep(delay, signal);
    }
  }
}
