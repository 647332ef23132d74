/**
 * ARM clients for one cloud and one identity: one `AzureMachineLearningWorkspaces` per subscription (the SDK
 * binds a client to a subscription) and one tenant-level client for subscription/tenant listing. All share the
 * same options, so auth, retries and the user agent are identical for generated and raw calls.
 */
import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { ServiceClient, type ServiceClientOptions } from '@azure/core-client';
import {
  bearerTokenAuthenticationPolicyName, isRestError,
  type HttpClient, type PipelinePolicy, type PipelineResponse,
} from '@azure/core-rest-pipeline';
import type { CloudEndpoints } from '../core/domain/cloud';
import type { TokenProvider } from '../core/ports/tokenProvider';
import { armOriginPolicy } from './armOrigin';

export interface ArmClientSettings {
  readonly cloud: CloudEndpoints;
  /** A `TokenCredential` (`@azure/identity`) or the host's VS Code-account provider. */
  readonly credential: TokenProvider;
  /** `<publisher>.<name>/<version>`, sent before the SDK's own user agent. */
  readonly userAgentPrefix?: string;
  /** Overrides the SDK retry policy (default: 3 retries, honouring Retry-After on 429/503). */
  readonly retryOptions?: ServiceClientOptions['retryOptions'];
  /** Transport override (unit tests drive the real SDK pipeline against canned responses). */
  readonly httpClient?: HttpClient;
}

/** The token scope for ARM in `cloud`: `<audience>/.default`. */
export function armScope(cloud: CloudEndpoints): string {
  return `${cloud.resourceManagerAudience.replace(/\/+$/, '')}/.default`;
}

export const expiredTokenRenewalPolicyName = 'armExpiredTokenRenewal';

/** The ARM error code of a 401 answer: the body's `error.code`, else a code named in `WWW-Authenticate`. */
function expiredTokenAnswer(response: PipelineResponse): boolean {
  if (response.status !== 401) return false;
  try {
    const body = JSON.parse(response.bodyAsText ?? '') as { error?: { code?: unknown } } | null;
    if (body?.error?.code === 'ExpiredAuthenticationToken') return true;
  } catch {
    // Not JSON: fall back to the header.
  }
  const header = response.headers.get('www-authenticate') ?? '';
  if (/\bExpiredAuthenticationToken\b/.test(header)) return true;
  // ARM's challenge for an expired token: `Bearer error="invalid_token", error_description="...expired..."`.
  return /\berror="invalid_token"/i.test(header) && /\berror_description="[^"]*expir/i.test(header);
}

/**
 * Renews an ARM token that expired on the way. The SDK's bearer policy reuses a cached token until ~1 s before
 * its expiry and does not re-authenticate on a 401 `ExpiredAuthenticationToken`, so a slow call (or a skewed
 * clock) fails with "sign in again". This policy sits right after the bearer policy: on such a 401 it asks the
 * credential itself (not the SDK's token cache) for a token and, when that token differs from the one sent,
 * re-sends the request exactly once. Any other answer, a failed renewal or the same token passes through.
 */
export function expiredTokenRenewalPolicy(credential: TokenProvider, scopes: string[]): PipelinePolicy {
  return {
    name: expiredTokenRenewalPolicyName,
    async sendRequest(request, next) {
      // The deserialization policy (inside this one) throws a RestError for generated operations' error answers.
      let response: PipelineResponse;
      let failure: unknown;
      try {
        response = await next(request);
      } catch (error) {
        if (!isRestError(error) || !error.response) throw error;
        response = error.response;
        failure = error;
      }
      const original = (): PipelineResponse => {
        if (failure) throw failure;
        return response;
      };
      if (!expiredTokenAnswer(response)) return original();
      let fresh;
      try {
        fresh = await credential.getToken(scopes, request.abortSignal ? { abortSignal: request.abortSignal as AbortSignal } : {});
      } catch {
        return original(); // The original 401 maps to "sign in again".
      }
      if (!fresh) return original();
      const authorization = `${fresh.tokenType ?? 'Bearer'} ${fresh.token}`;
      if (authorization === request.headers.get('authorization')) return original();
      request.headers.set('Authorization', authorization);
      return next(request);
    },
  };
}

export class ArmClientFactory {
  private readonly perSubscription = new Map<string, AzureMachineLearningWorkspaces>();
  private tenantClient: ServiceClient | undefined;

  constructor(private readonly settings: ArmClientSettings) {}

  /** ARM endpoint without a trailing slash; raw request URLs start with it. */
  get endpoint(): string {
    return this.settings.cloud.resourceManagerEndpoint.replace(/\/+$/, '');
  }

  forSubscription(subscriptionId: string): AzureMachineLearningWorkspaces {
    const key = subscriptionId.toLowerCase();
    let client = this.perSubscription.get(key);
    if (!client) {
      client = this.guarded(new AzureMachineLearningWorkspaces(this.settings.credential, subscriptionId, this.clientOptions()));
      this.perSubscription.set(key, client);
    }
    return client;
  }

  /** A client not bound to a subscription, for `/subscriptions` and `/tenants`. */
  forTenant(): ServiceClient {
    this.tenantClient ??= this.guarded(new ServiceClient({ ...this.clientOptions(), credential: this.settings.credential }));
    return this.tenantClient;
  }

  /**
   * Adds the origin guard in the Serialize phase, which runs before the (phase-less) bearer-token policy: a
   * nextLink or operation URL naming another host fails there, before any token is asked for or attached.
   * Also adds the expired-token renewal (see `expiredTokenRenewalPolicy`).
   */
  private guarded<C extends ServiceClient>(client: C): C {
    client.pipeline.addPolicy(armOriginPolicy(this.endpoint), { phase: 'Serialize' });
    // Right after the bearer policy (inside it), so the renewed token replaces the cached one for one re-send.
    client.pipeline.addPolicy(expiredTokenRenewalPolicy(this.settings.credential, [armScope(this.settings.cloud)]),
      { afterPolicies: [bearerTokenAuthenticationPolicyName] });
    return client;
  }

  private clientOptions(): ServiceClientOptions & { endpoint: string } {
    return {
      endpoint: this.endpoint,
      // Without explicit scopes the SDK asks for `<endpoint>/.default`, which is wrong for custom endpoints.
      credentialScopes: [armScope(this.settings.cloud)],
      ...(this.settings.userAgentPrefix ? { userAgentOptions: { userAgentPrefix: this.settings.userAgentPrefix } } : {}),
      ...(this.settings.retryOptions ? { retryOptions: this.settings.retryOptions } : {}),
      ...(this.settings.httpClient ? { httpClient: this.settings.httpClient } : {}),
    };
  }
}
