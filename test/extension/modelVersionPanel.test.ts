/**
 * The version details webview: one panel per version (reveal, not duplicate), the ready handshake and full
 * snapshots, inbound validation, actions routed to commands, and restore through the serializer.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InventoryApi } from '../../src/compositionRoot';
import type { VersionIdentity } from '../../src/shared/protocol/modelVersion';
import type { TreeNode } from '../../src/tree/TreeNode';
import { children, inventoryApi, labelOf, services, waitFor, walk } from './inventoryTestKit';

describe('model version details panel', () => {
  let api: InventoryApi;
  let versionNode: TreeNode;
  let identity: VersionIdentity;

  before(async () => {
    api = await inventoryApi();
    const model = await walk(api, services().subscriptionIds[0]!, ['Workspaces', 'ws-fraud-prod', 'fraud-detector']);
    versionNode = (await children(api, model)).find((n) => labelOf(n) === '3')!;
    const version = (versionNode as unknown as { version: { scope: { id: string } } }).version;
    identity = { scopeKind: 'workspace', scopeId: version.scope.id, modelName: 'fraud-detector', version: '3' };
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens one panel per version, loads details and lineage, and reveals it when opened again', async () => {
    await vscode.commands.executeCommand('amlInventory.openVersionDetails', versionNode);
    const panel = api.panels.find(identity);
    assert.ok(panel, 'panel registered');
    assert.equal(panel.panel.viewType, 'amlInventory.modelVersion');
    assert.equal(panel.panel.title, 'fraud-detector:3');
    const snapshot = await waitFor('lineage', () => panel.current.lineage.status === 'ready' && panel.current);
    assert.equal(snapshot.status, 'ready');
    assert.equal(snapshot.details?.modelType, 'MLflow');
    assert.ok(snapshot.details?.assetIds.some((a) => a.value === 'azureml:fraud-detector:3'));
    assert.ok(snapshot.details?.flavors.length);
    assert.equal(snapshot.lineage.status === 'ready' && snapshot.lineage.job.name, 'nightly_pipeline_0001');
    const deployments = await waitFor('the deployed-where index', () => panel.current.deployments.status === 'ready' && panel.current.deployments);
    assert.deepEqual(deployments.rows, [], 'version 3 is not deployed (the batch deployment uses version 2)');

    await vscode.commands.executeCommand('amlInventory.openVersionDetails', versionNode);
    assert.equal(api.panels.find(identity), panel, 'same panel');
  });

  it('completes the ready handshake with the real webview and re-sends the snapshot on every ready', async () => {
    const panel = api.panels.find(identity)!;
    await waitFor('the webview to send ready', () => panel.channel.ready, 30_000);
    let readies = 0;
    const listener = panel.channel.onDidBecomeReady(() => readies++);
    await panel.channel.receive({ kind: 'command', method: 'ready', params: {} });
    listener.dispose();
    assert.equal(readies, 1);
  });

  it('drops unknown or malformed messages and keeps working', async () => {
    const panel = api.panels.find(identity)!;
    const before = panel.current;
    await panel.channel.receive({ kind: 'command', method: 'eval', params: { code: 'alert(1)' } });
    await panel.channel.receive({ kind: 'request', id: 1, method: 'assetId/copy', params: { spelling: 42 } });
    await panel.channel.receive('ready');
    assert.equal(panel.current, before);
    await panel.channel.receive({ kind: 'command', method: 'refresh', params: {} });
    await waitFor('the refresh to reload', () => panel.current !== before && panel.current.lineage.status === 'ready' && panel.current);
  });

  it('routes copy through the same command as the tree', async () => {
    const copied = await vscode.commands.executeCommand<string>('amlInventory.copyAssetId', versionNode, 'shortName');
    assert.equal(copied, 'azureml:fraud-detector:3');
  });

  it('restores a panel from persisted state through the serializer', async () => {
    api.panels.find(identity)?.dispose();
    const restored = vscode.window.createWebviewPanel('amlInventory.modelVersion', 'restoring', vscode.ViewColumn.Active);
    await api.panels.deserializeWebviewPanel(restored, { v: 1, identity, ui: { collapsed: ['tags'] } });
    const panel = api.panels.find(identity);
    assert.ok(panel);
    assert.equal(panel.panel, restored);
    assert.equal(panel.current.status, 'ready');
    assert.equal(panel.current.details?.version, '3');

    const stale = vscode.window.createWebviewPanel('amlInventory.modelVersion', 'stale', vscode.ViewColumn.Active);
    let disposed = false;
    stale.onDidDispose(() => (disposed = true));
    await api.panels.deserializeWebviewPanel(stale, { v: 0, identity });
    assert.ok(disposed, 'an unknown state version is not restored');
  });
});
