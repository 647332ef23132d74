import * as assert from 'node:assert/strict';
import { createPipelineRequest, isRestError } from '@azure/core-rest-pipeline';
import { ArmClientFactory } from '../../../src/azure/clientFactory';
import type { AccessToken, TokenProvider } from '../../../src/core/ports/tokenProvider';
import { FakeArmTransport, armError, testCloud, type CannedResponse } from './fakeArm';

/** Hands out a new token on every call (`t1`, `t2`, …), or always the same one when `same`. */
class CountingTokens implements TokenProvider {
  calls = 0;
  constructor(private readonly same = false) {}
  async getToken(): Promise<AccessToken> {
    this.calls++;
    return { token: this.same ? 't1' : `t${this.calls}`, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

const expired = armError(401, 'ExpiredAuthenticationToken', "The access token expiry UTC time '2020-01-01T00:00:00Z' is earlier than current UTC time.");

function setup(route: (auth: string, n: number) => CannedResponse, tokens = new CountingTokens()) {
  const transport: FakeArmTransport = new FakeArmTransport((request) => route(request.headers.get('authorization') ?? '', transport.requests.length));
  const clients = new ArmClientFactory({ cloud: testCloud, credential: tokens, httpClient: transport, retryOptions: { maxRetries: 0 } });
  return { clients, transport, tokens };
}

const url = 'https://arm.test/subscriptions?api-version=2022-12-01';


describe('ARM pipeline renews a token that expired on the way (401 ExpiredAuthenticationToken)', () => {
  it('asks the credential for a fresh token and re-sends once (body code)', async () => {
    const seen: string[] = [];
    // Each client's SDK token cache asks first (t1, t3: stale), the renewal asks next (t2, t4: fresh).
    const stale = (auth: string) => Number(auth.replace('Bearer t', '')) % 2 === 1;
    const { clients } = setup((auth) => { seen.push(auth); return stale(auth) ? expired : { status: 200, body: { value: [] } }; });
    for (const client of [clients.forTenant(), clients.forSubscription('sub1')]) {
      seen.length = 0;
      const response = await client.sendRequest(createPipelineRequest({ url }));
      assert.equal(response.status, 200);
      assert.equal(seen.length, 2);
      assert.ok(stale(seen[0]!) && !stale(seen[1]!), seen.join());
    }

  });

  it('recognises the expiry from the WWW-Authenticate header alone', async () => {
    const challenge: CannedResponse = { status: 401, body: 'nope', headers: {
      'www-authenticate': 'Bearer authorization_uri="https://login.test/t", error="invalid_token", error_description="The access token has expired."',
    } };
    const { clients, transport } = setup((auth) => (auth === 'Bearer t1' ? challenge : { status: 200, body: {} }));
    assert.equal((await clients.forTenant().sendRequest(createPipelineRequest({ url }))).status, 200);
    assert.equal(transport.requests.length, 2);
  });

  it('retries exactly once: a second expired answer is returned as is', async () => {
    const { clients, transport, tokens } = setup(() => expired);
    const response = await clients.forTenant().sendRequest(createPipelineRequest({ url }));
    assert.equal(response.status, 401);
    assert.equal(transport.requests.length, 2);
    assert.equal(tokens.calls, 2, 'one token for the request, one renewal');
  });

  it('does not re-send when the credential hands back the same token', async () => {
    const { clients, transport } = setup(() => expired, new CountingTokens(true));
    assert.equal((await clients.forTenant().sendRequest(createPipelineRequest({ url }))).status, 401);
    assert.equal(transport.requests.length, 1);
  });

  it('leaves other 401s and errors alone', async () => {
    for (const answer of [armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.'), armError(403, 'AuthorizationFailed', 'no'),
      armError(401, 'InvalidAuthenticationTokenAudience', 'wrong audience')]) {
      const { clients, transport, tokens } = setup(() => answer);
      assert.equal((await clients.forTenant().sendRequest(createPipelineRequest({ url }))).status, answer.status);
      assert.equal(transport.requests.length, 1);
      assert.equal(tokens.calls, 1);
    }
  });

  it('an SDK call (generated client) succeeds through the renewal', async () => {
    const seen: string[] = [];
    const ok = setup((auth) => { seen.push(auth); return auth === 'Bearer t1' ? expired : { status: 200, body: { value: [] } }; });
    await ok.clients.forSubscription('sub1').workspaces.listBySubscription().next();
    assert.deepEqual(seen, ['Bearer t1', 'Bearer t2']);
    // A persistent expiry still surfaces as the SDK's error after one renewal.
    const bad = setup(() => expired);
    await assert.rejects(bad.clients.forSubscription('sub1').workspaces.listBySubscription().next(), (e: unknown) => isRestError(e) && e.statusCode === 401);
    assert.equal(bad.transport.requests.length, 2);
  });
});
