/**
 * Typed raw ARM requests for what the 2.1.1 SDK lacks (subscriptions, tenants, registries). They go through a
 * client's own pipeline (`client.sendRequest`), so bearer auth, retries on 429/5xx and the user agent are the
 * same as for generated operations, and failures surface as `RestError`s shaped like the SDK's.
 */
import type { ServiceClient } from '@azure/core-client';
import { createPipelineRequest, RestError, type PipelineResponse } from '@azure/core-rest-pipeline';
import { InventoryError } from '../core/errors';
import type { Page } from '../core/paging';
import { assertArmOrigin } from './armOrigin';

export type QueryValue = string | number | boolean | undefined;

export interface RawRequestOptions {
  readonly abortSignal?: AbortSignal;
}

/** ARM list envelope: `nextLink` is absent (or null) on the last page. */
export interface ArmListResult<T> {
  readonly value?: readonly T[] | null;
  readonly nextLink?: string | null;
}

/** `url` with `query` added; parameters already in the url (e.g. in a nextLink) are left as the server wrote them. */
export function withQuery(url: string, query: Readonly<Record<string, QueryValue>>): string {
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && !parsed.searchParams.has(key)) parsed.searchParams.set(key, String(value));
  }
  return parsed.toString();
}

/** Builds the RestError the generated operations would throw for this response (code/message from the ARM envelope). */
export function restErrorFromResponse(response: PipelineResponse): RestError {
  let code: string | undefined;
  let message = `The service answered ${response.status} for ${response.request.method} ${new URL(response.request.url).pathname}.`;
  try {
    const body = JSON.parse(response.bodyAsText ?? '') as { error?: { code?: unknown; message?: unknown } } | null;
    if (typeof body?.error?.code === 'string') code = body.error.code;
    if (typeof body?.error?.message === 'string' && body.error.message) message = body.error.message;
  } catch {
    // Not JSON (gateway HTML, empty body): keep the status-based message.
  }
  return new RestError(message, { code, statusCode: response.status, request: response.request, response });
}

/** GET `url` through the client's pipeline and parse the JSON body; non-2xx throws a RestError. */
export async function getJson<T>(client: ServiceClient, url: string, options: RawRequestOptions = {}): Promise<T> {
  const request = createPipelineRequest({ url, method: 'GET', abortSignal: options.abortSignal });
  request.headers.set('Accept', 'application/json');
  const response = await client.sendRequest(request);
  if (response.status < 200 || response.status >= 300) throw restErrorFromResponse(response);
  try {
    return JSON.parse(response.bodyAsText ?? 'null') as T;
  } catch {
    throw new RestError(`The service returned a body that is not JSON for ${new URL(url).pathname}.`, {
      code: RestError.PARSE_ERROR, statusCode: response.status, request, response,
    });
  }
}

/**
 * One page of an ARM list: the first page from `firstUrl`, or the page a previous `continuationToken`
 * (the server's absolute nextLink) points at. `query` is re-applied to nextLinks that dropped it.
 */
export async function getListPage<T>(
  client: ServiceClient,
  firstUrl: string,
  query: Readonly<Record<string, QueryValue>>,
  continuationToken: string | undefined,
  options: RawRequestOptions = {},
): Promise<Page<T>> {
  // A continuation token is the server's nextLink (or the caller's copy of one): it must stay on ARM.
  if (continuationToken !== undefined) assertArmOrigin(continuationToken, firstUrl, 'the next-page link');
  const url = withQuery(continuationToken ?? firstUrl, query);
  const body = await getJson<ArmListResult<T> | null>(client, url, options);
  const items = Array.isArray(body?.value) ? body.value : [];
  return body?.nextLink ? { items, continuationToken: body.nextLink } : { items };
}

/** Most pages any drain reads: far beyond any real list here (ARM pages hold 100+ items), short of "forever". */
export const maxDrainPages = 1000;

/**
 * Stops a drain that would never end: a server repeating a nextLink, or handing out fresh ones forever. Call
 * `next(link)` once per page read with that page's nextLink.
 */
export class DrainGuard {
  private readonly seen = new Set<string>();
  private pages = 0;

  constructor(private readonly what: string, private readonly maxPages = maxDrainPages) {}

  next(link: string | undefined | null): void {
    this.pages++;
    if (!link) return;
    if (this.seen.has(link)) {
      throw new InventoryError('service', `Stopped reading ${this.what}: the service sent the same next-page link twice, so the list would never end.`, { code: 'RepeatedNextLink' });
    }
    if (this.pages >= this.maxPages) {
      throw new InventoryError('service', `Stopped reading ${this.what} after ${this.maxPages} pages: the service kept sending next-page links.`, { code: 'TooManyPages' });
    }
    this.seen.add(link);
  }
}

/** Every item of a short ARM list (subscriptions, registries, tenants), following nextLinks. */
export async function getAllPages<T>(
  client: ServiceClient,
  firstUrl: string,
  query: Readonly<Record<string, QueryValue>>,
  options: RawRequestOptions = {},
): Promise<T[]> {
  const all: T[] = [];
  const guard = new DrainGuard(`the list at ${new URL(firstUrl).pathname}`);
  let token: string | undefined;
  do {
    const page: Page<T> = await getListPage<T>(client, firstUrl, query, token, options);
    all.push(...page.items);
    token = page.continuationToken;
    // A server repeating a nextLink, or never ending, would loop forever; stop with an error instead.
    guard.next(token);
  } while (token);
  return all;
}
