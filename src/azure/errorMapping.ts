/**
 * Transport failures → `InventoryError`s a user can act on. Handles SDK and raw-request `RestError`s alike
 * (both carry the ARM envelope in `response.bodyAsText`), `@azure/identity` failures, aborts and socket errors.
 * 429 arrives here only after the pipeline's own retries gave up. Messages never contain tokens or SAS; the
 * `x-ms-request-id` goes to `details` for the log.
 */
import { isRestError, type RestError } from '@azure/core-rest-pipeline';
import { InventoryError, type InventoryErrorKind } from '../core/errors';
import { redactSecrets } from '../core/redact';

export interface ErrorContext {
  /** What was being done, as a verb phrase: "list the versions of model 'churn'". */
  readonly action: string;
  /** The signal of the call: an abort wins over whatever error the abort caused. */
  readonly abortSignal?: AbortSignal;
}

interface ArmEnvelope {
  readonly code?: string;
  readonly innerCode?: string;
  readonly message?: string;
}

/** `@azure/identity` error names that mean "no usable sign-in". */
const identityErrorNames = new Set([
  'CredentialUnavailableError', 'AuthenticationError', 'AggregateAuthenticationError', 'AuthenticationRequiredError',
]);

const networkErrorCodes = new Set([
  'REQUEST_SEND_ERROR', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH',
  'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET',
]);

const tlsErrorCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

function envelopeOf(error: RestError): ArmEnvelope {
  try {
    const body = JSON.parse(error.response?.bodyAsText ?? '') as { error?: Record<string, unknown> } | null;
    const e = body?.error;
    if (!e) return {};
    const details = Array.isArray(e['details']) ? (e['details'] as Array<Record<string, unknown>>) : [];
    const inner = details.find((d) => typeof d?.['code'] === 'string')?.['code'] as string | undefined;
    return {
      code: typeof e['code'] === 'string' ? e['code'] : undefined,
      innerCode: inner,
      message: typeof e['message'] === 'string' ? e['message'] : undefined,
    };
  } catch {
    return {};
  }
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted) return true;
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: unknown }).code === 'ABORT_ERR');
}

/** Codes of the error and its causes (undici and the Node HTTP client nest the socket error). */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

function hostOf(error: RestError): string {
  try {
    return new URL(error.request?.url ?? '').host || 'Azure';
  } catch {
    return 'Azure';
  }
}

function serviceSays(message: string | undefined): string {
  return message ? ` Azure says: ${redactSecrets(message).trim()}` : '';
}

function fromRestError(error: RestError, context: ErrorContext): InventoryError {
  const status = error.statusCode;
  const requestId = error.response?.headers.get('x-ms-request-id') ?? undefined;
  const envelope = envelopeOf(error);
  const code = envelope.innerCode ?? envelope.code ?? error.code;
  const says = serviceSays(envelope.message ?? (status ? error.message : undefined));
  const details = { statusCode: status, code, requestId };
  const make = (kind: InventoryErrorKind, message: string): InventoryError => new InventoryError(kind, message, details);

  if (status === undefined) {
    const codes = codesOf(error);
    if (codes.some((c) => tlsErrorCodes.has(c))) {
      return make('network', `Could not ${context.action}: the certificate of ${hostOf(error)} is not trusted (${codes.find((c) => tlsErrorCodes.has(c))}). Check the cloud endpoint setting or your proxy's certificate.`);
    }
    return make('network', `Could not ${context.action}: ${hostOf(error)} could not be reached (${codes.find((c) => networkErrorCodes.has(c)) ?? codes[0] ?? 'no response'}). Check your network connection or proxy settings, then retry.`);
  }
  switch (status) {
    case 401:
      return make('notSignedIn', `Could not ${context.action}: Azure did not accept the sign-in (${code ?? '401'}). Sign in again.${says}`);
    case 403:
      return make('forbidden', `You do not have permission to ${context.action} (${code ?? '403'}). Ask an owner for a role that allows it, such as AzureML Data Scientist or Reader.${says}`);
    case 404:
      return make('notFound', `Could not ${context.action}: it was not found (${code ?? '404'}). It may have been deleted or renamed; refresh the view.${says}`);
    case 409:
      return make('conflict', `Could not ${context.action}: it conflicts with the current state (${code ?? '409'}). Refresh and try again.${says}`);
    case 429: {
      const retryAfter = error.response?.headers.get('retry-after');
      return make('throttled', `Azure is throttling requests, so it could not ${context.action}. Wait${retryAfter ? ` ${retryAfter} s` : ' a moment'} and retry.${says}`);
    }
    default:
      if (status >= 400 && status < 500) {
        return make('validation', `Azure rejected the request to ${context.action} (${code ?? status}).${says}`);
      }
      return make('service', `Azure had a problem and could not ${context.action} (${status}${code ? ` ${code}` : ''}). Retry in a moment.${says}`);
  }
}

/** Maps any failure of an Azure call to an `InventoryError`; an `InventoryError` passes through unchanged. */
export function toInventoryError(error: unknown, context: ErrorContext): InventoryError {
  if (error instanceof InventoryError) return error;
  if (isAbort(error, context.abortSignal)) return new InventoryError('cancelled', `Cancelled: ${context.action}.`);
  if (error instanceof Error && identityErrorNames.has(error.name)) {
    return new InventoryError(
      'notSignedIn',
      `Could not ${context.action}: no usable Azure sign-in (${error.name}). Sign in again or check the sign-in method.${serviceSays(firstLine(error.message))}`,
      { code: error.name },
    );
  }
  if (isRestError(error)) return fromRestError(error, context);
  const message = error instanceof Error ? error.message : String(error);
  const codes = codesOf(error);
  if (codes.some((c) => networkErrorCodes.has(c) || tlsErrorCodes.has(c))) {
    return new InventoryError('network', `Could not ${context.action}: Azure could not be reached (${codes[0]}). Check your network connection, then retry.`, { code: codes[0] });
  }
  return new InventoryError('service', `Could not ${context.action}: ${redactSecrets(message)}`);
}

/** Identity errors are multi-line with troubleshooting links; the first line is the useful part. */
function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
