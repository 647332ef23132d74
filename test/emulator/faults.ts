import type { FaultSettings } from '../support/serviceTypes';

/**
 * Runtime fault injection for ARM calls, set through the control API. Counted faults ("the next N matching calls")
 * decrement deterministically; nothing here is random.
 */
export type FaultAction =
  | { kind: 'reset-connection' }
  | { kind: 'respond'; status: number; code: string; message: string; headers: Record<string, string> };

interface Counted {
  remaining: number;
  pattern?: RegExp;
}

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;

export class FaultInjector {
  private settings: FaultSettings = {};
  private throttle?: Counted;
  private serverErrors?: Counted;
  private resets?: Counted;
  private failures?: Counted;

  constructor(private readonly defaultLroInProgressPolls: number) {}

  set(settings: FaultSettings): void {
    this.settings = { ...this.settings, ...settings };
    const counted = (f?: { count: number; pathPattern?: string }): Counted | undefined =>
      f ? { remaining: f.count, pattern: f.pathPattern ? new RegExp(f.pathPattern, 'i') : undefined } : undefined;
    if (settings.throttle) this.throttle = counted(settings.throttle);
    if (settings.serverErrors) this.serverErrors = counted(settings.serverErrors);
    if (settings.connectionResets) this.resets = counted(settings.connectionResets);
    if (settings.failures) this.failures = counted(settings.failures);
  }

  clear(): void {
    this.settings = {};
    this.throttle = this.serverErrors = this.resets = this.failures = undefined;
  }

  get latencyMs(): number {
    return this.settings.latencyMs ?? 0;
  }

  get tokenLifetimeSeconds(): number {
    return this.settings.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  }

  get lroOutcome(): 'Succeeded' | 'Failed' | 'Never' {
    return this.settings.lroOutcome ?? 'Succeeded';
  }

  get lroFailureMessage(): string {
    return this.settings.lroFailureMessage ?? 'The operation failed (injected by the emulator).';
  }

  get lroInProgressPolls(): number {
    return this.settings.lroInProgressPolls ?? this.defaultLroInProgressPolls;
  }

  /** The fault to apply to this ARM call, if any (consumes one count of the fault that fires). */
  next(path: string): FaultAction | undefined {
    if (take(this.resets, path)) return { kind: 'reset-connection' };
    if (take(this.throttle, path)) {
      const retryAfter = String(this.settings.throttle?.retryAfterSeconds ?? 1);
      return {
        kind: 'respond', status: 429, code: 'TooManyRequests',
        message: 'The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00. For more information, see - https://aka.ms/srpthrottlinglimits',
        headers: { 'Retry-After': retryAfter, 'x-ms-ratelimit-remaining-subscription-reads': '0' },
      };
    }
    if (take(this.serverErrors, path)) {
      const status = this.settings.serverErrors?.status ?? 500;
      return { kind: 'respond', status, code: status === 503 ? 'ServiceUnavailable' : 'InternalServerError', message: 'The server encountered an internal error (injected by the emulator).', headers: {} };
    }
    if (take(this.failures, path) && this.settings.failures) {
      const f = this.settings.failures;
      return { kind: 'respond', status: f.status, code: f.code, message: f.message, headers: {} };
    }
    return undefined;
  }
}

function take(fault: Counted | undefined, path: string): boolean {
  if (!fault || fault.remaining <= 0) return false;
  if (fault.pattern && !fault.pattern.test(path)) return false;
  fault.remaining--;
  return true;
}
