/**
 * Sign-in states: a sign-in method that cannot get a token shows the welcome view (an empty root), not an error;
 * sign out / sign in; and an invalid custom cloud names the bad setting.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InventoryApi } from '../../src/compositionRoot';
import { children, inventoryApi, labelOf, services, setSetting, waitFor } from './inventoryTestKit';

describe('sign-in states', () => {
  let api: InventoryApi;
  let customCloud: unknown;

  before(async () => {
    api = await inventoryApi();
    customCloud = api.connections.current().settings.customCloud;
  });

  after(async () => {
    await setSetting(api, 'auth.method', 'environment');
    await setSetting(api, 'customCloud', customCloud);
    await vscode.commands.executeCommand('amlInventory.signIn');
  });

  it('shows the subscriptions when the environment sign-in works', async () => {
    const roots = await children(api);
    assert.ok(roots.some((n) => n.getTreeItem().description === services().subscriptionIds[0]), roots.map(labelOf).join(', '));
  });

  it('shows the welcome view (no nodes) when the sign-in method has no credentials', async () => {
    // No Azure CLI on this machine: AzureCliCredential fails, which means "not signed in", not an error node.
    await setSetting(api, 'auth.method', 'azureCli');
    await waitFor('the welcome view', async () => (await children(api)).length === 0);
    await setSetting(api, 'auth.method', 'servicePrincipal');
    assert.deepEqual(await children(api), [], 'no stored secret: not signed in');
    await setSetting(api, 'auth.method', 'environment');
    await waitFor('subscriptions again', async () => (await children(api)).length >= 2);
  });

  it('signs out to the welcome view and back in', async () => {
    await vscode.commands.executeCommand('amlInventory.signOut');
    assert.deepEqual(await children(api), []);
    await vscode.commands.executeCommand('amlInventory.signIn');
    assert.ok((await children(api)).length >= 2);
  });

  it('names the bad field of an invalid custom cloud in an error node', async () => {
    await setSetting(api, 'customCloud', { ...(customCloud as object), authorityHost: 'http://insecure.example' });
    const roots = await waitFor('an error node', async () => {
      const nodes = await children(api);
      return nodes.length === 1 && nodes[0]!.getTreeItem().contextValue === 'amlInventory:message+error' && nodes;
    });
    assert.match(labelOf(roots[0]!), /amlInventory\.customCloud\.authorityHost/);
    await setSetting(api, 'customCloud', customCloud);
    await waitFor('subscriptions again', async () => (await children(api)).length >= 2);
  });
});
