import assert from 'node:assert/strict';
import { armToken, credential, raw, services, wsPath } from './helpers';

describe('emulator: Entra token endpoint and ARM authentication', () => {
  afterEach(() => services.reset());

  it('issues a token to @azure/identity ClientSecretCredential through the custom authority', async () => {
    const token = await credential().getToken(`${services.armEndpoint}/.default`);
    assert.ok(token.token.split('.').length === 3);
    assert.ok(token.expiresOnTimestamp > Date.now() + 50 * 60_000, 'default lifetime is one hour');
  });

  it('rejects a wrong client secret with an AADSTS invalid_client error', async () => {
    await assert.rejects(credential('wrong-secret').getToken(`${services.armEndpoint}/.default`), /AADSTS7000215/);
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: services.clientId, client_secret: 'nope', scope: `${services.armEndpoint}/.default` });
    const res = await fetch(`${services.authorityHost}/${services.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: form });
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error: string; error_codes: number[] };
    assert.equal(body.error, 'invalid_client');
    assert.deepEqual(body.error_codes, [7000215]);
  });

  it('answers ARM calls without a token with 401 AuthenticationFailed and a Bearer challenge', async () => {
    const res = await raw('GET', `${wsPath()}/models?api-version=2022-10-01`);
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'AuthenticationFailed');
    assert.match(String(res.headers['www-authenticate']), /^Bearer authorization_uri=/);
  });

  it('rejects a token it did not sign with InvalidAuthenticationToken', async () => {
    const token = await armToken();
    const forged = `${token.split('.').slice(0, 2).join('.')}.${Buffer.from('forged').toString('base64url')}`;
    const res = await raw('GET', `/subscriptions?api-version=2022-12-01`, { token: forged });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'InvalidAuthenticationToken');
  });

  it('rejects an expired token with ExpiredAuthenticationToken (tokenLifetimeSeconds knob)', async () => {
    await services.setFaults({ tokenLifetimeSeconds: 1 });
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: services.clientId, client_secret: services.clientSecret, scope: `${services.armEndpoint}/.default` });
    const issued = (await (await fetch(`${services.authorityHost}/${services.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: form })).json()) as { access_token: string; expires_in: number };
    assert.equal(issued.expires_in, 1);
    assert.equal((await raw('GET', '/subscriptions?api-version=2022-12-01', { token: issued.access_token })).status, 200);
    await new Promise((r) => setTimeout(r, 1100));
    const res = await raw('GET', '/subscriptions?api-version=2022-12-01', { token: issued.access_token });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'ExpiredAuthenticationToken');
    assert.match(String(res.headers['www-authenticate']), /invalid_token/);
  });

  it('rejects a token for another audience', async () => {
    const token = (await credential().getToken('https://storage.azure.com/.default')).token;
    const res = await raw('GET', '/subscriptions?api-version=2022-12-01', { token });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'InvalidAuthenticationTokenAudience');
  });
});
