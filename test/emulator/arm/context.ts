import type { BlobServiceInfo } from '../blobService';
import type { EmulatorState } from '../state/model';
import type { LroStore } from './lro';

/** Everything a route handler needs about one ARM request. */
export interface ArmContext {
  readonly method: string;
  readonly url: URL;
  /** Path parameters, decoded, as the caller spelled them. */
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** `https://127.0.0.1:<port>`, for absolute nextLink / Location / Azure-AsyncOperation URLs. */
  readonly baseUrl: string;
  readonly state: EmulatorState;
  readonly lro: LroStore;
  readonly blob: BlobServiceInfo;
}

export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type ArmHandler = (ctx: ArmContext) => ArmResponse | Promise<ArmResponse>;

export function ok(body: unknown, status = 200, headers?: Record<string, string>): ArmResponse {
  return headers ? { status, body, headers } : { status, body };
}

/** The api-version the caller used, echoed in URLs we hand back. */
export function apiVersionOf(ctx: ArmContext, fallback: string): string {
  return ctx.query.get('api-version') ?? fallback;
}
