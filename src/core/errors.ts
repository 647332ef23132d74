/**
 * Domain errors: what went wrong in terms a user can act on. Adapters map transport errors
 * (RestError, AbortError, ...) to these; the UI turns them into messages.
 */
export type InventoryErrorKind =
  | 'notSignedIn'
  | 'forbidden'
  | 'notFound'
  | 'conflict'
  | 'throttled'
  | 'cancelled'
  | 'validation'
  | 'network'
  | 'service';

export class InventoryError extends Error {
  constructor(
    readonly kind: InventoryErrorKind,
    message: string,
    readonly details: {
      readonly statusCode?: number;
      /** Inner service code, e.g. `ModelNotFound`, or the outer ARM code when there is no inner one. */
      readonly code?: string;
      /** `x-ms-request-id`, for the log only. */
      readonly requestId?: string;
    } = {},
  ) {
    super(message);
    this.name = 'InventoryError';
  }
}

export function isCancellation(error: unknown): boolean {
  return error instanceof InventoryError && error.kind === 'cancelled';
}
