/**
 * The contract between the test infrastructure (emulator + Azurite) and everything that uses it:
 * adapter tests, the VS Code harness, the demo and the benchmark.
 */

/** Where the running emulator and Azurite are, and how to sign in to them. */
export interface ServiceEndpoints {
  /** ARM emulator, e.g. `https://127.0.0.1:<port>` (no trailing slash). */
  readonly armEndpoint: string;
  /** Entra-style authority host served by the same emulator process. */
  readonly authorityHost: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** PEM of the emulator's self-signed certificate; processes trust it via NODE_EXTRA_CA_CERTS. */
  readonly caCertPath: string;
  /** Azurite path-style blob endpoint template, `http://127.0.0.1:<port>/{accountName}`. */
  readonly blobEndpointTemplate: string;
  /** Emulator control API base (faults, reset, request log): `<armEndpoint>/__emulator`. */
  readonly controlUrl: string;
  /** Subscription ids the seed created, in order. */
  readonly subscriptionIds: readonly string[];
}

/** Runtime fault knobs; every field optional; applied until cleared. Deterministic. */
export interface FaultSettings {
  /** Added latency per ARM call, in ms. */
  readonly latencyMs?: number;
  /** Answer the next N matching calls with 429 + Retry-After (seconds). */
  readonly throttle?: { readonly count: number; readonly retryAfterSeconds: number; readonly pathPattern?: string };
  /** Answer the next N matching calls with this 5xx status. */
  readonly serverErrors?: { readonly count: number; readonly status: number; readonly pathPattern?: string };
  /** Destroy the socket of the next N matching calls without answering. */
  readonly connectionResets?: { readonly count: number; readonly pathPattern?: string };
  /** Answer the next N matching calls with this status and ARM error envelope (e.g. 403 on one workspace). */
  readonly failures?: { readonly count: number; readonly status: number; readonly code: string; readonly message: string; readonly pathPattern: string };
  /** LROs started from now on end `Failed` (with `lroFailureMessage`) or never finish (`Never`) instead of `Succeeded`. */
  readonly lroOutcome?: 'Succeeded' | 'Failed' | 'Never';
  /** Message of the operation error when `lroOutcome` is `Failed`. */
  readonly lroFailureMessage?: string;
  /** How many status polls answer `Updating` before an LRO started from now on ends (emulator default: 2). */
  readonly lroInProgressPolls?: number;
  /** Tokens issued from now on expire after this many seconds. */
  readonly tokenLifetimeSeconds?: number;
}

export interface RunningServices extends ServiceEndpoints {
  setFaults(faults: FaultSettings): Promise<void>;
  clearFaults(): Promise<void>;
  /** Number of ARM requests (not token or control calls) served since the last reset of the counter. */
  requestCount(reset?: boolean): Promise<number>;
  /** Restore the seeded state (and clear faults and pending operations): `POST <controlUrl>/reset`. */
  reset(): Promise<void>;
  /** Stop and start Azurite on the same port and storage (blobs survive): for storage-outage tests. */
  restartAzurite(): Promise<void>;
  stop(): Promise<void>;
}
