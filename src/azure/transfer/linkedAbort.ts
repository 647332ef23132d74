/**
 * An AbortController that also aborts when the caller's signal does, so a transfer can stop all its own requests on
 * the first fatal error without aborting the caller's signal. `unlink()` detaches it from the caller's signal.
 */
import { setMaxListeners } from 'node:events';

export interface LinkedAbort {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
  unlink(): void;
}

export function linkedAbort(outer: AbortSignal | undefined): LinkedAbort {
  const internal = new AbortController();
  // Every in-flight block/range request (and the SDK's pipeline under it) listens to this one signal; a window of
  // parallel requests legitimately exceeds Node's default warning threshold of 10.
  setMaxListeners(256, internal.signal);
  const onOuterAbort = (): void => internal.abort(outer?.reason);
  if (outer?.aborted) internal.abort(outer.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    signal: internal.signal,
    abort: (reason) => internal.abort(reason),
    unlink: () => outer?.removeEventListener('abort', onOuterAbort),
  };
}
