/** A counting semaphore: at most `size` operations in flight (the transfer window). */
export class Window {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    if (size < 1) throw new RangeError('window size must be at least 1');
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    if (this.inFlight < this.size) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.inFlight++;
        resolve();
      };
      const onAbort = (): void => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal?.reason ?? new Error('aborted'));
      };
      this.waiting.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  release(): void {
    this.inFlight--;
    const next = this.waiting.shift();
    if (next) next();
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }
}
