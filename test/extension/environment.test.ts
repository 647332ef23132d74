/**
 * The harness itself, seen from inside the extension host: the emulator's endpoints, its certificate trust and the
 * emulator-pointing settings all arrived. When these fail, the problem is the test setup (runTests/driver), not the
 * extension.
 */
import * as assert from 'node:assert/strict';
import { request } from 'node:https';
import * as vscode from 'vscode';
import { servicesFromEnv } from '../support/servicesEnv';

describe('harness: extension host environment', () => {
  it('knows the emulator and trusts its certificate the standard Node way (NODE_EXTRA_CA_CERTS, no proxy)', async () => {
    const services = servicesFromEnv();
    assert.equal(process.env.NODE_EXTRA_CA_CERTS, services.caCertPath);
    // No `ca` option on purpose: this is how @azure/identity and the ARM SDK will connect.
    const status = await new Promise<number>((resolve, reject) => {
      const url = `${services.authorityHost}/${services.tenantId}/v2.0/.well-known/openid-configuration`;
      request(url, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject).end();
    });
    assert.equal(status, 200);
  });

  it('has the settings that point the extension at the emulator', () => {
    const services = servicesFromEnv();
    const config = vscode.workspace.getConfiguration('amlInventory');
    assert.equal(config.get('cloud'), 'Custom');
    assert.equal(config.get('auth.method'), 'environment');
    assert.equal(config.get<{ resourceManagerEndpoint?: string }>('customCloud')?.resourceManagerEndpoint, services.armEndpoint);
  });
});
