/**
 * The message envelope between an extension host panel and its webview. Both sides import this file; it has no
 * dependencies so the webview bundle stays small and the host can validate whatever arrives (the webview is untrusted).
 *
 * - `command`: webview → host, fire and forget.
 * - `request`: webview → host, answered by exactly one `response` with the same `id`.
 * - `notification`: host → webview, fire and forget.
 */

export interface CommandMessage<M extends string = string, P = unknown> {
  readonly kind: 'command';
  readonly method: M;
  readonly params: P;
}

export interface RequestMessage<M extends string = string, P = unknown> {
  readonly kind: 'request';
  readonly id: number;
  readonly method: M;
  readonly params: P;
}

export interface ResponseError {
  readonly code: string;
  readonly message: string;
}

export type ResponseMessage<R = unknown> =
  | { readonly kind: 'response'; readonly id: number; readonly ok: true; readonly result: R }
  | { readonly kind: 'response'; readonly id: number; readonly ok: false; readonly error: ResponseError };

export interface NotificationMessage<M extends string = string, P = unknown> {
  readonly kind: 'notification';
  readonly method: M;
  readonly params: P;
}

export type Envelope = CommandMessage | RequestMessage | ResponseMessage | NotificationMessage;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function hasMethod(value: Record<string, unknown>): boolean {
  return typeof value['method'] === 'string' && value['method'].length > 0 && value['method'].length <= 100;
}

/** Shape check only; whether the method and its params are known is up to the per-panel guards. */
export function isEnvelope(value: unknown): value is Envelope {
  if (!isRecord(value)) return false;
  switch (value['kind']) {
    case 'command':
    case 'notification':
      return hasMethod(value) && 'params' in value;
    case 'request':
      return hasMethod(value) && isRequestId(value['id']) && 'params' in value;
    case 'response':
      if (!isRequestId(value['id'])) return false;
      if (value['ok'] === true) return 'result' in value;
      return value['ok'] === false && isRecord(value['error'])
        && typeof value['error']['code'] === 'string' && typeof value['error']['message'] === 'string';
    default:
      return false;
  }
}
