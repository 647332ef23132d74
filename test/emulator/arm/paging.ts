import { createHash } from 'node:crypto';
import { DEFAULT_API_VERSION } from '../config';
import type { ArmContext } from './context';
import { validationError } from './errors';

/**
 * Server-side paging like Azure ML: `{value, nextLink?}` where nextLink is absolute, carries `api-version` and the
 * caller's filters, and an opaque `$skip` continuation token; the last page has no nextLink at all.
 * The token binds the offset to a fingerprint of the filters so a token cannot be replayed against another query.
 */
interface ContinuationToken {
  offset: number;
  fingerprint: string;
}

const SKIP = '$skip';

function queryFingerprint(query: URLSearchParams): string {
  // A Set: clients that re-append a filter already present in the nextLink send it twice.
  const relevant = new Set(
    [...query.entries()].filter(([k]) => k !== SKIP && k.toLowerCase() !== 'api-version').map(([k, v]) => `${k.toLowerCase()}=${v}`),
  );
  return createHash('sha256').update([...relevant].sort().join('&')).digest('hex').slice(0, 12);
}

function encodeToken(token: ContinuationToken): string {
  return Buffer.from(JSON.stringify({ o: token.offset, f: token.fingerprint })).toString('base64url');
}

function decodeToken(raw: string): ContinuationToken {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { o: unknown; f: unknown };
    if (typeof parsed.o === 'number' && parsed.o >= 0 && typeof parsed.f === 'string') return { offset: parsed.o, fingerprint: parsed.f };
  } catch {
    // fall through to the error below
  }
  throw validationError(`The continuation token '${raw}' is not valid.`, 'InvalidContinuationToken');
}

/** Page size requested with `$top` (model versions, deployments) or `count` (containers, datastores, endpoints). */
export function requestedPageSize(ctx: ArmContext, defaultSize: number): number {
  const raw = ctx.query.get('$top') ?? ctx.query.get('count');
  if (raw === null) return defaultSize;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw validationError(`Invalid page size '${raw}'.`);
  return n;
}

export interface Page {
  value: unknown[];
  nextLink?: string;
}

/** One page of `items` (already filtered and ordered), rendered with `render`. */
export function pageOf<T>(ctx: ArmContext, items: readonly T[], defaultSize: number, render: (item: T) => unknown): Page {
  const size = requestedPageSize(ctx, defaultSize);
  const fingerprint = queryFingerprint(ctx.query);
  const rawSkip = ctx.query.get(SKIP);
  let offset = 0;
  if (rawSkip) {
    const token = decodeToken(rawSkip);
    if (token.fingerprint !== fingerprint) {
      throw validationError('The continuation token does not belong to this query.', 'InvalidContinuationToken');
    }
    offset = token.offset;
  }
  const page: Page = { value: items.slice(offset, offset + size).map(render) };
  if (offset + size < items.length) {
    const params = new Map<string, string>();
    for (const [k, v] of ctx.query) if (k !== SKIP) params.set(k, v);
    if (!params.has('api-version')) params.set('api-version', DEFAULT_API_VERSION);
    params.set(SKIP, encodeToken({ offset: offset + size, fingerprint }));
    page.nextLink = `${ctx.baseUrl}${ctx.url.pathname}?${queryString(params)}`;
  }
  return page;
}

/**
 * Like Azure, keep `$` literal in parameter names (`$skip=`, `$top=`): SDKs look for `$top` in a nextLink by name
 * and would append it a second time if it were spelled `%24top`.
 */
function queryString(params: Map<string, string>): string {
  return [...params].map(([k, v]) => `${encodeURIComponent(k).replace(/%24/g, '$')}=${encodeURIComponent(v)}`).join('&');
}
