import * as assert from 'node:assert/strict';
import { InventoryError } from '../../../src/core/errors';
import { ArmClientFactory } from '../../../src/azure/clientFactory';
import { listTenants } from '../../../src/azure/tenants';
import { armError, FakeArmTransport, FakeTokenProvider, testCloud } from './fakeArm';

describe('listTenants', () => {
  it('follows nextLinks on /tenants and drops entries without an id', async () => {
    const transport = new FakeArmTransport((_r, url) =>
      url.searchParams.has('page')
        ? { status: 200, body: { value: [{ tenantId: 't2', displayName: 'Fabrikam' }, { displayName: 'broken' }] } }
        : { status: 200, body: { value: [{ tenantId: 't1', displayName: 'Contoso', defaultDomain: 'contoso.com' }], nextLink: 'https://arm.test/tenants?api-version=2022-12-01&page=2' } });
    const tenants = await listTenants(new ArmClientFactory({ cloud: testCloud, credential: new FakeTokenProvider(), httpClient: transport }));
    assert.deepEqual(tenants, [
      { tenantId: 't1', displayName: 'Contoso', defaultDomain: 'contoso.com' },
      { tenantId: 't2', displayName: 'Fabrikam', defaultDomain: undefined },
    ]);
    assert.equal(new URL(transport.requests[0]!.url).pathname, '/tenants');
    assert.equal(new URL(transport.requests[0]!.url).searchParams.get('api-version'), '2022-12-01');
  });

  it('maps failures to InventoryErrors', async () => {
    const transport = new FakeArmTransport(() => armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.'));
    const error = await listTenants(new ArmClientFactory({ cloud: testCloud, credential: new FakeTokenProvider(), httpClient: transport })).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof InventoryError);
    assert.equal(error.kind, 'notSignedIn');
  });
});
