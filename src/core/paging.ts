/** One page of a server-paged list. `continuationToken` is absent on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly continuationToken?: string;
}
