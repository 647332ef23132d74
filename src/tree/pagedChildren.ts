/**
 * The cached, server-paged children of one tree node: pages are appended by `fetchNext` (one request each,
 * concurrent calls share it), failures are kept as state instead of thrown, and a change of query (archived
 * toggle, tag filter, page size) starts over.
 */
import { InventoryError } from '../core/errors';
import type { Page } from '../core/paging';

export type PageFetcher<T> = (continuationToken: string | undefined, abortSignal: AbortSignal) => Promise<Page<T>>;

export interface PagedState<T> {
  readonly items: readonly T[];
  readonly hasMore: boolean;
  readonly error?: InventoryError;
}

export function asInventoryError(error: unknown): InventoryError {
  if (error instanceof InventoryError) return error;
  return new InventoryError('service', error instanceof Error ? error.message : String(error));
}

export class PagedChildren<T> {
  private items: T[] = [];
  private continuationToken: string | undefined;
  private hasLoaded = false;
  private error: InventoryError | undefined;
  private inFlight: Promise<void> | undefined;
  private abort = new AbortController();
  private queryKey: string | undefined;

  constructor(private readonly fetchPage: PageFetcher<T>) {}

  get state(): PagedState<T> {
    return { items: this.items, hasMore: this.continuationToken !== undefined, ...(this.error ? { error: this.error } : {}) };
  }

  /**
   * Loads the first page unless it is loaded (or failed). `queryKey` describes everything the fetcher's query
   * depends on; when it differs from the last load, the cache is dropped first.
   */
  async ensureFirstPage(queryKey = ''): Promise<PagedState<T>> {
    if (queryKey !== this.queryKey) {
      this.reset();
      this.queryKey = queryKey;
    }
    if (!this.hasLoaded && !this.error) await this.fetchNext();
    return this.state;
  }

  /** Appends the next page. A second call while one is running waits for the same request. */
  fetchNext(): Promise<void> {
    if (!this.inFlight) {
      const request: Promise<void> = this.fetchOnce().finally(() => {
        if (this.inFlight === request) this.inFlight = undefined;
      });
      this.inFlight = request;
    }
    return this.inFlight;
  }

  /** Clears a failure and tries the failed request again (first page or the next page). */
  retry(): Promise<void> {
    this.error = undefined;
    return this.fetchNext();
  }

  reset(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.items = [];
    this.continuationToken = undefined;
    this.hasLoaded = false;
    this.error = undefined;
    this.inFlight = undefined;
    this.queryKey = undefined;
  }

  private async fetchOnce(): Promise<void> {
    if (this.hasLoaded && this.continuationToken === undefined) return;
    const signal = this.abort.signal;
    try {
      const page = await this.fetchPage(this.continuationToken, signal);
      if (signal.aborted) return; // reset while the request ran: its result belongs to a discarded query
      this.items = [...this.items, ...page.items];
      this.continuationToken = page.continuationToken;
      this.hasLoaded = true;
      this.error = undefined;
    } catch (error) {
      if (!signal.aborted) this.error = asInventoryError(error);
    }
  }
}
