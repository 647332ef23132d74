import * as assert from 'node:assert/strict';
import { publicClouds } from '../../../src/core/domain/cloud';
import { resolveCloud } from '../../../src/core/domain/cloudSettings';
import { InventoryError } from '../../../src/core/errors';

const prefix = 'amlInventory.customCloud';
const custom = {
  resourceManagerEndpoint: 'https://127.0.0.1:8443/',
  resourceManagerAudience: 'https://127.0.0.1:8443',
  authorityHost: 'https://127.0.0.1:8443/auth',
  blobEndpointTemplate: 'http://127.0.0.1:10000/{accountName}',
  studioUrl: 'https://ml.azure.com',
};

function failure(run: () => unknown): InventoryError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof InventoryError);
    return error;
  }
  assert.fail('expected a validation error');
}

describe('resolveCloud', () => {
  it('returns the public cloud tables by name', () => {
    assert.equal(resolveCloud('AzureUSGovernment', undefined, prefix), publicClouds.AzureUSGovernment);
  });

  it('builds a custom cloud without trailing slashes and with instance discovery off', () => {
    const cloud = resolveCloud('Custom', custom, prefix);
    assert.equal(cloud.resourceManagerEndpoint, 'https://127.0.0.1:8443');
    assert.equal(cloud.isKnownAuthority, false);
  });

  it('names the bad field', () => {
    const missing = failure(() => resolveCloud('Custom', { ...custom, authorityHost: '' }, prefix));
    assert.equal(missing.kind, 'validation');
    assert.match(missing.message, /amlInventory\.customCloud\.authorityHost/);
    assert.match(failure(() => resolveCloud('Custom', { ...custom, resourceManagerEndpoint: 'http://x' }, prefix)).message, /resourceManagerEndpoint.*https/);
    assert.match(failure(() => resolveCloud('Custom', { ...custom, studioUrl: 'not a url' }, prefix)).message, /studioUrl/);
    assert.match(failure(() => resolveCloud('Custom', { ...custom, blobEndpointTemplate: 'http://x' }, prefix)).message, /\{accountName\}/);
    assert.match(failure(() => resolveCloud('Mars', undefined, prefix)).message, /amlInventory\.cloud\b/);
    assert.match(failure(() => resolveCloud('Custom', null, prefix)).message, /amlInventory\.customCloud/);
  });
});
