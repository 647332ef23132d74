import { randomUUID } from 'node:crypto';

/**
 * Headers every ARM response carries: request/correlation/routing ids and the remaining-quota counters. The counters
 * follow ARM's token bucket (reads: 250, refilled 25/s; writes: 200, refilled 10/s) so they move like the real ones;
 * the emulator only reports them — throttling itself is a fault knob.
 */
class TokenBucket {
  private tokens: number;
  private last = Date.now();

  constructor(private readonly capacity: number, private readonly refillPerSecond: number) {
    this.tokens = capacity;
  }

  take(): number {
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.refillPerSecond);
    this.last = now;
    this.tokens = Math.max(0, this.tokens - 1);
    return Math.floor(this.tokens);
  }
}

export class ArmHeaderFactory {
  private readonly reads = new TokenBucket(250, 25);
  private readonly writes = new TokenBucket(200, 10);

  /** Headers for one response; `correlationId` echoes the caller's x-ms-correlation-request-id / client request id. */
  forRequest(method: string, correlationId: string | undefined): Record<string, string> {
    const requestId = randomUUID();
    const correlation = correlationId ?? requestId;
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const isRead = method === 'GET' || method === 'HEAD';
    const quota: Record<string, string> = isRead
      ? { 'x-ms-ratelimit-remaining-subscription-reads': String(this.reads.take()) }
      : { 'x-ms-ratelimit-remaining-subscription-writes': String(this.writes.take()) };
    return {
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': correlation,
      'x-ms-routing-request-id': `LOCALEMULATOR:${stamp}:${correlation}`,
      ...quota,
    };
  }
}
