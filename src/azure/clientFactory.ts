/**
 * ARM clients for one cloud and one identity: one `AzureMachineLearningWorkspaces` per subscription (the SDK
 * binds a client to a subscription) and one tenant-level client for subscription/tenant listing. All share the
 * same options, so auth, retries and the user agent are identical for generated and raw calls.
 */
import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { ServiceClient, type ServiceClientOptions } from '@azure/core-client';
import type { HttpClient } from '@azure/core-rest-pipeline';
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
   */
  private guarded<C extends ServiceClient>(client: C): C {
    client.pipeline.addPolicy(armOriginPolicy(this.endpoint), { phase: 'Serialize' });
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
