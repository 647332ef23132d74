import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { EMULATOR_CLIENT_ID, EMULATOR_PRINCIPAL_OBJECT_ID, EMULATOR_TENANT_ID } from '../config';

/**
 * Access tokens shaped like Entra ID v1 access tokens for ARM (aud, iss, tid, oid, appid, iat, nbf, exp), signed with
 * HMAC-SHA256 under a key that lives only in this process, so only tokens this emulator issued are accepted.
 */
export interface TokenClaims {
  aud: string;
  iss: string;
  tid: string;
  oid: string;
  sub: string;
  appid: string;
  iat: number;
  nbf: number;
  exp: number;
  uti: string;
  ver: '1.0';
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' | 'not-yet-valid'; claims?: TokenClaims };

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export class TokenIssuer {
  private readonly key = randomBytes(32);

  issue(audience: string, lifetimeSeconds: number, now = Date.now()): { token: string; claims: TokenClaims } {
    const iat = Math.floor(now / 1000);
    const claims: TokenClaims = {
      aud: audience,
      iss: `https://sts.windows.net/${EMULATOR_TENANT_ID}/`,
      tid: EMULATOR_TENANT_ID,
      oid: EMULATOR_PRINCIPAL_OBJECT_ID,
      sub: EMULATOR_PRINCIPAL_OBJECT_ID,
      appid: EMULATOR_CLIENT_ID,
      iat,
      nbf: iat - 300,
      exp: iat + lifetimeSeconds,
      uti: randomUUID(),
      ver: '1.0',
    };
    const signingInput = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }))}.${b64url(JSON.stringify(claims))}`;
    return { token: `${signingInput}.${this.sign(signingInput)}`, claims };
  }

  check(token: string, now = Date.now()): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const actual = Buffer.from(parts[2]);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, reason: 'bad-signature' };
    const seconds = Math.floor(now / 1000);
    if (claims.exp <= seconds) return { ok: false, reason: 'expired', claims };
    if (claims.nbf > seconds) return { ok: false, reason: 'not-yet-valid', claims };
    return { ok: true, claims };
  }

  private sign(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}
