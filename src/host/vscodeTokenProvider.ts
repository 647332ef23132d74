/**
 * ARM tokens from the Microsoft account signed in to VS Code (the default sign-in). Silent by design: a missing
 * session is `notSignedIn`, which the tree turns into its welcome view; only the Sign In command prompts.
 */
import * as vscode from 'vscode';
import type { CloudEndpoints } from '../core/domain/cloud';
import { InventoryError } from '../core/errors';
import type { AccessToken, TokenProvider, TokenRequestOptions } from '../core/ports/tokenProvider';

/** VS Code's built-in providers: public Azure, and the sovereign one configured by `microsoft-sovereign-cloud.*`. */
function authProviderId(cloud: CloudEndpoints): string {
  return cloud.name === 'AzureCloud' ? 'microsoft' : 'microsoft-sovereign-cloud';
}

/** Sessions carry no expiry; the token is a JWT, so read `exp`. Falls back to a short life so it is re-fetched. */
function expiresOn(accessToken: string): number {
  try {
    const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    if (typeof payload.exp === 'number') return payload.exp * 1000;
  } catch {
    // Opaque token: fall through.
  }
  return Date.now() + 5 * 60_000;
}

export class VscodeTokenProvider implements TokenProvider {
  constructor(
    private readonly cloud: CloudEndpoints,
    private readonly tenantId: string | undefined,
  ) {}

  async getToken(scopes: string | string[], options: TokenRequestOptions = {}): Promise<AccessToken> {
    const session = await vscode.authentication.getSession(authProviderId(this.cloud), this.sessionScopes(scopes, options.tenantId), { silent: true });
    if (!session) throw new InventoryError('notSignedIn', 'Sign in to Azure with your Microsoft account to list your models.');
    return { token: session.accessToken, expiresOnTimestamp: expiresOn(session.accessToken) };
  }

  /** Prompts for a Microsoft account (the only interactive path). */
  async signIn(): Promise<void> {
    const scope = `${this.cloud.resourceManagerAudience.replace(/\/+$/, '')}/.default`;
    await vscode.authentication.getSession(authProviderId(this.cloud), this.sessionScopes(scope), { createIfNone: true });
  }

  private sessionScopes(scopes: string | string[], tenantOverride?: string): string[] {
    const tenant = tenantOverride ?? this.tenantId;
    const list = typeof scopes === 'string' ? [scopes] : [...scopes];
    // VS Code's Microsoft provider selects the directory through this pseudo-scope.
    return tenant ? [...list, `VSCODE_TENANT:${tenant}`] : list;
  }
}
