/** An access token and when it expires (ms since epoch); the shape `@azure/core-auth` uses. */
export interface AccessToken {
  readonly token: string;
  readonly expiresOnTimestamp: number;
  /** When to refresh proactively (ms since epoch), if the issuer says. */
  readonly refreshAfterTimestamp?: number;
  readonly tokenType?: 'Bearer' | 'pop';
}

export interface TokenRequestOptions {
  readonly abortSignal?: AbortSignal;
  /** Ask for a token in this tenant instead of the provider's default. */
  readonly tenantId?: string;
  /** Claims challenge from a 401 (CAE), passed back to the issuer. */
  readonly claims?: string;
}

/**
 * Gets access tokens for ARM. Structurally compatible with `@azure/core-auth`'s `TokenCredential`, so the
 * host's VS Code-account provider and `@azure/identity` credentials are interchangeable in the adapters.
 * Implementations throw `InventoryError('notSignedIn')` when there is no usable session; they never prompt
 * (interactive sign-in is an explicit command).
 */
export interface TokenProvider {
  getToken(scopes: string | string[], options?: TokenRequestOptions): Promise<AccessToken | null>;
}
