import type { IncomingMessage } from 'node:http';
import { EMULATOR_TENANT_ID, PUBLIC_ARM_AUDIENCES } from '../config';
import { ArmError } from '../arm/errors';
import type { TokenIssuer } from './tokens';

/**
 * ARM's bearer-token check: 401 with ARM's error codes and a WWW-Authenticate challenge pointing at the authority,
 * the way management.azure.com answers.
 */
export function authenticateArmRequest(req: IncomingMessage, issuer: TokenIssuer, baseUrl: string): void {
  const challenge = (error: string, description: string) => ({
    'WWW-Authenticate': `Bearer authorization_uri="${baseUrl}/${EMULATOR_TENANT_ID}", error="${error}", error_description="${description}"`,
  });
  const header = req.headers.authorization;
  if (!header) {
    throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", {
      headers: challenge('invalid_token', 'The authentication failed because of missing Authorization header.'),
    });
  }
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) {
    throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is provided in an invalid format.", {
      headers: challenge('invalid_token', 'The authentication failed because of an invalid Authorization header format.'),
    });
  }
  const result = issuer.check(m[1]);
  if (!result.ok) {
    if (result.reason === 'expired' && result.claims) {
      const expiry = new Date(result.claims.exp * 1000).toISOString();
      throw new ArmError(401, 'ExpiredAuthenticationToken', `The access token expiry UTC time '${expiry}' is earlier than current UTC time '${new Date().toISOString()}'.`, {
        headers: challenge('invalid_token', 'The access token has expired.'),
      });
    }
    throw new ArmError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', {
      headers: challenge('invalid_token', 'The access token is invalid.'),
    });
  }
  const audience = result.claims.aud.replace(/\/+$/, '');
  if (audience !== baseUrl && !PUBLIC_ARM_AUDIENCES.includes(audience)) {
    throw new ArmError(401, 'InvalidAuthenticationTokenAudience', `The access token has been obtained for wrong audience or resource '${result.claims.aud}'. It should exactly match with one of the allowed audiences '${[baseUrl, ...PUBLIC_ARM_AUDIENCES].join("','")}'.`, {
      headers: challenge('invalid_token', 'The access token has been obtained for wrong audience.'),
    });
  }
}
