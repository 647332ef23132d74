import * as assert from 'node:assert/strict';
import { AzureCliCredential, ClientSecretCredential, EnvironmentCredential, ManagedIdentityCredential } from '@azure/identity';
import { publicClouds } from '../../../src/core/domain/cloud';
import { InventoryError } from '../../../src/core/errors';
import { createCredential, credentialModes } from '../../../src/azure/credentials';
import { datastoreBlobLocation } from '../../../src/azure/blobEndpoint';
import { armScope } from '../../../src/azure/clientFactory';
import { testCloud } from './fakeArm';

describe('credentials', () => {
  it('builds one credential type per mode', () => {
    const sp = { tenantId: 't', clientId: 'c', clientSecret: 's' };
    assert.ok(createCredential('azureCli', publicClouds.AzureCloud) instanceof AzureCliCredential);
    assert.ok(createCredential('servicePrincipal', publicClouds.AzureChinaCloud, sp) instanceof ClientSecretCredential);
    assert.ok(createCredential('environment', testCloud) instanceof EnvironmentCredential);
    assert.ok(createCredential('managedIdentity', publicClouds.AzureUSGovernment, { clientId: 'mi' }) instanceof ManagedIdentityCredential);
    assert.deepEqual([...credentialModes].sort(), ['azureCli', 'environment', 'managedIdentity', 'servicePrincipal']);
  });

  it('explains which service principal setting is missing', () => {
    for (const [options, missing] of [[{}, /tenant id/], [{ tenantId: 't' }, /client \(application\) id/], [{ tenantId: 't', clientId: 'c' }, /client secret/]] as const) {
      assert.throws(() => createCredential('servicePrincipal', testCloud, options), (e: unknown) => e instanceof InventoryError && e.kind === 'validation' && missing.test(e.message));
    }
  });

  it('asks for the ARM audience of the cloud', () => {
    assert.equal(armScope(publicClouds.AzureChinaCloud), 'https://management.chinacloudapi.cn/.default');
    assert.equal(armScope({ ...testCloud, resourceManagerAudience: 'https://management.core.windows.net/' }), 'https://management.core.windows.net/.default');
  });
});

describe('datastore blob location', () => {
  it('derives the blob URL from the cloud table (path-style for Azurite, virtual-host for Azure)', () => {
    assert.deepEqual(datastoreBlobLocation(testCloud, { accountName: 'devstoreaccount1', containerName: 'azureml-blobstore-guid' }), {
      accountName: 'devstoreaccount1', containerName: 'azureml-blobstore-guid',
      serviceUrl: 'http://127.0.0.1:10000/devstoreaccount1', containerUrl: 'http://127.0.0.1:10000/devstoreaccount1/azureml-blobstore-guid',
    });
    assert.equal(datastoreBlobLocation(publicClouds.AzureUSGovernment, { accountName: 'acct', containerName: 'c' }).serviceUrl, 'https://acct.blob.core.usgovcloudapi.net');
  });

  it('rejects datastores without an account or container', () => {
    assert.throws(() => datastoreBlobLocation(testCloud, { name: 'files', accountName: 'a' }), /Datastore 'files'/);
  });
});
