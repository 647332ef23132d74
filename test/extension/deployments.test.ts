/**
 * Issue 6 in the extension host against the emulator's seeded blue/green endpoint (fraud-online: blue 90 % →
 * online-model-1:1, green 10 % → online-model-2:1; test/emulator/seed/demoSeed.ts): where a version is deployed
 * (tree tooltip, details panel), the palette rollback flow and its undo driven by a scripted prompter (installed
 * through the extension's API, so the commands run exactly as for a user), verified by reading the emulator's
 * state, and "Compare with Deployed" opening diff editors on the expected documents.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InventoryApi } from '../../src/compositionRoot';
import type { TreeNode } from '../../src/tree/TreeNode';
import { controlRequest } from '../support/controlClient';
import { child, inventoryApi, services, waitFor, walk } from './inventoryTestKit';
import { ScriptedPrompter } from './scriptedPrompter';

const subscriptionLabel = 'Contoso ML Production';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The emulator's whole state (control API), as the service would answer after our writes. */
async function emulatorState(method: 'GET' | 'PUT' = 'GET', body?: unknown): Promise<Json> {
  return ((await controlRequest(services(), method, '/state', body)) ?? {}) as Json;
}

async function fraudOnline(): Promise<Json> {
  const state = await emulatorState();
  const ws = (state.workspaces as Json[]).find((w) => w.name === 'ws-fraud-prod');
  assert.ok(ws, 'the seed has ws-fraud-prod');
  return ws.onlineEndpoints['fraud-online'];
}

async function setEndpointState(provisioningState: string): Promise<void> {
  const state = await emulatorState();
  const ws = (state.workspaces as Json[]).find((w) => w.name === 'ws-fraud-prod')!;
  ws.onlineEndpoints['fraud-online'].properties.provisioningState = provisioningState;
  await emulatorState('PUT', state);
}

describe('deployments: deployed-where, rollback and compare', () => {
  let api: InventoryApi;
  let prompter: ScriptedPrompter;
  let installed: vscode.Disposable | undefined;
  const subscriptionId = services().subscriptionIds[0]!;

  async function versionNode(model: string, version: string): Promise<TreeNode> {
    return child(api, await walk(api, subscriptionId, ['Workspaces', 'ws-fraud-prod', model]), version);
  }

  function script(): ScriptedPrompter {
    installed?.dispose();
    prompter = new ScriptedPrompter();
    installed = api.installPrompter(prompter);
    return prompter;
  }

  before(async () => {
    api = await inventoryApi();
    await services().reset();
    await api.deployments.load(true);
  });

  afterEach(() => {
    installed?.dispose();
    installed = undefined;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await services().reset();
    await api.deployments.load(true);
  });

  it('shows where a version is deployed in the tree tooltip and the details panel, with rollback actions', async () => {
    const node = await versionNode('online-model-1', '1');
    const item = node.getTreeItem();
    assert.match(String(item.contextValue), /\+deployed\b/);
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.ok(tooltip.includes('**Deployed:**\n- fraud\\-online\\/blue — 90 \\% traffic'), tooltip);

    await vscode.commands.executeCommand('amlInventory.openVersionDetails', node);
    const version = (node as unknown as { version: { scope: { id: string } } }).version;
    const panel = api.panels.find({ scopeKind: 'workspace', scopeId: version.scope.id, modelName: 'online-model-1', version: '1' });
    assert.ok(panel);
    const view = await waitFor('the deployments section', () => panel.current.deployments.status === 'ready' && panel.current.deployments);
    assert.deepEqual(view.rows.map((r) => [r.endpoint, r.deployment, r.trafficPercent, r.summary]), [['fraud-online', 'blue', 90, 'fraud-online/blue — 90 % traffic']]);
    assert.deepEqual(view.history, []);
    panel.dispose();
  });

  it('an index refresh re-renders only the version nodes whose deployed lines changed, never the whole tree', async () => {
    const node = await versionNode('online-model-1', '1');
    const other = await versionNode('online-model-2', '1');
    node.getTreeItem();
    other.getTreeItem();
    const fired: (TreeNode | TreeNode[] | undefined)[] = [];
    const firedNodes = (): TreeNode[] => fired.flatMap((e): TreeNode[] => (e === undefined ? [] : Array.isArray(e) ? e : [e]));
    const listener = api.view.provider.onDidChangeTreeData((e) => fired.push(e));
    const setTraffic = async (traffic: Record<string, number>): Promise<void> => {
      const state = await emulatorState();
      (state.workspaces as Json[]).find((w) => w.name === 'ws-fraud-prod')!.onlineEndpoints['fraud-online'].properties.traffic = traffic;
      await emulatorState('PUT', state);
    };
    try {
      // Nothing changed: no event at all.
      await api.deployments.load(true);
      assert.deepEqual(fired, [], 'an unchanged index repaints nothing');

      // Blue's traffic changes: only online-model-1:1 (served by blue) shows different lines.
      await setTraffic({ blue: 80, green: 20 });
      await api.deployments.load(true);
      assert.ok(fired.length > 0, 'the changed version node was re-rendered');
      assert.ok(fired.every((e) => e !== undefined), 'no root-level (whole tree) change event');
      const ids = firedNodes().map((n) => n.id);
      assert.ok(ids.includes(node.id), `online-model-1:1 re-rendered (fired ${ids.join(', ')})`);
      assert.ok(ids.includes(other.id), 'online-model-2:1 (green, 10 % → 20 %) re-rendered too');
      assert.ok(firedNodes().every((n) => n.kind === 'modelVersion'), 'only version nodes');
      assert.match((node.getTreeItem().tooltip as vscode.MarkdownString).value, /80 \\% traffic/);

      // A workspace re-read (what rollback and "Refresh" on a node do) fires no root event either.
      fired.length = 0;
      await setTraffic({ blue: 90, green: 10 });
      await api.deployments.changed((node as unknown as { version: { scope: never } }).version.scope);
      assert.ok(fired.length > 0 && fired.every((e) => e !== undefined), 'targeted events only');
    } finally {
      listener.dispose();
      await setTraffic({ blue: 90, green: 10 }).catch(() => undefined);
      await api.deployments.load(true);
    }
  });

  it('rolls green back to blue\'s version from the palette (Retry re-plans), verified in the emulator, then undoes it', async () => {
    await setEndpointState('Updating');
    script()
      .thenPick(subscriptionLabel, 'Select a subscription')
      .thenPick((asked) => {
        assert.ok(!asked.items?.includes('Registries'), 'only workspaces hold endpoints');
        return 'ws-fraud-prod';
      }, 'Select a workspace')
      .thenPick('fraud-online', 'Select an online endpoint')
      .thenPick('green', 'Select the deployment of fraud-online')
      .thenPick((asked) => {
        assert.deepEqual(asked.items, ['online-model-2:1', 'online-model-1:1'], 'newest first');
        assert.match(asked.descriptions?.[0] ?? '', /live here/);
        assert.match(asked.descriptions?.[1] ?? '', /served by blue 90 %/);
        return 'online-model-1:1';
      }, /^Roll green back to/)
      .thenPick((asked) => {
        assert.deepEqual(asked.items, ['Swap the model in place', 'Shift traffic']);
        return 'Swap the model in place';
      }, 'Choose how to roll back')
      // Blocked: the endpoint is still updating. The update "finishes", Retry reads it again and re-plans.
      .thenConfirm(async (asked) => {
        assert.deepEqual(asked.actions, ['Retry']);
        await setEndpointState('Succeeded');
        return 'Retry';
      }, /Endpoint 'fraud-online' is Updating/)
      .thenInput('green regressed', /^Reason/)
      .thenConfirm((asked) => {
        assert.equal(asked.modal, true);
        assert.deepEqual(asked.detail?.split('\n'), [
          'Workspace: ws-fraud-prod', 'Endpoint: fraud-online', 'Deployment: green', 'Model: online-model-2:1 → online-model-1:1', 'Traffic: blue 90 %, green 10 % → unchanged',
        ]);
        return 'Roll Back';
      }, 'Roll Back?')
      .thenConfirm(undefined, /^Rolled back: fraud-online\/green now serves online-model-1:1 \(verified, recorded as #1\)/);
    await vscode.commands.executeCommand('amlInventory.rollbackDeployment');
    prompter.assertDone();

    const after = await fraudOnline();
    assert.match(after.deployments.green.properties.model, /\/models\/online-model-1\/versions\/1$/);
    assert.deepEqual(after.properties.traffic, { blue: 90, green: 10 }, 'a swap leaves traffic alone');
    assert.match(after.deployments.green.tags['amlInventory.rollback.1'], /\|swap\|-\|.*\|green regressed$/);
    assert.equal(after.deployments.green.tags['amlInventory.rollback.1.from'], 'azureml:online-model-2:1');
    // The shared index was re-read: the tree and the panels see green on online-model-1:1 now.
    const node = await versionNode('online-model-1', '1');
    await waitFor('the index to show the swap', () => api.deployments.describe((node as unknown as { version: never }).version).length === 2);

    script()
      .thenPick(subscriptionLabel)
      .thenPick('ws-fraud-prod')
      .thenPick('fraud-online')
      // What will be undone is shown first; the optional reason comes after.
      .thenConfirm((asked) => {
        assert.equal(asked.modal, true);
        assert.match(asked.detail ?? '', /^Undoes: .* swap · azureml:online-model-2:1 → azureml:online-model-1:1 · green regressed$/m);
        assert.match(asked.detail ?? '', /Model: online-model-1:1 → online-model-2:1/);
        return 'Undo Rollback';
      }, 'Undo model swap #1 on fraud-online/green?')
      .thenInput('', /^Reason/);
    await vscode.commands.executeCommand('amlInventory.undoLastRollback');
    prompter.assertDone();
    assert.deepEqual(prompter.notifications.map((n) => n.message), ['Undid model swap #1 on fraud-online/green (verified).']);
    const undone = await fraudOnline();
    assert.match(undone.deployments.green.properties.model, /online-model-2/);
    assert.match(undone.deployments.green.tags['amlInventory.rollback.2'], /\|undo-swap\|1\|/);

    // The details panel of green's version shows the recorded history.
    const green = await versionNode('online-model-2', '1');
    await vscode.commands.executeCommand('amlInventory.openVersionDetails', green);
    const scopeId = (green as unknown as { version: { scope: { id: string } } }).version.scope.id;
    const panel = api.panels.find({ scopeKind: 'workspace', scopeId, modelName: 'online-model-2', version: '1' })!;
    const view = await waitFor('history in the panel', () => panel.current.deployments.status === 'ready' && panel.current.deployments.history.length === 2 && panel.current.deployments);
    assert.deepEqual(view.history.map((h) => [h.recordedOn, h.seq, h.action, h.from, h.to, h.reason]), [
      ['fraud-online/green', 2, 'undo-swap', 'azureml:online-model-1:1', 'azureml:online-model-2:1', undefined],
      ['fraud-online/green', 1, 'swap', 'azureml:online-model-2:1', 'azureml:online-model-1:1', 'green regressed'],
    ]);
    panel.dispose();
  });

  it('compares green\'s version with the version blue serves in two diff editors', async () => {
    const green = await versionNode('online-model-2', '1');
    script().thenPick((asked) => {
      assert.equal(asked.items?.[0], 'fraud-online/green', 'the deployment of the same model is pre-selected');
      return 'fraud-online/blue';
    }, 'Compare online-model-2:1 with the version deployed at…');
    await vscode.commands.executeCommand('amlInventory.compareWithDeployed', green);
    prompter.assertDone();

    const docs = await waitFor('both diff editors', () => {
      const compare = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'amlInventory-compare');
      const named = (suffix: string) => compare.filter((d) => d.uri.path.endsWith(suffix)).at(-1);
      const found = [named('/online-model-1-1.yaml'), named('/online-model-2-1.yaml'), named('/online-model-1-1.files.txt'), named('/online-model-2-1.files.txt')];
      return found.every(Boolean) && (found as vscode.TextDocument[]);
    });
    const [blueYaml, greenYaml, blueFiles, greenFiles] = docs.map((d) => d.getText()) as [string, string, string, string];
    assert.equal(blueYaml, api.compareDocuments.textOf(docs[0]!.uri), 'the content provider serves the same text');
    assert.match(blueYaml, /^name: online-model-1$/m);
    assert.match(blueYaml, /^tags:\n {2}rollout: blue$/m);
    assert.match(blueYaml, /^description: Safe-rollout model 1 \(blue\)$/m);
    assert.match(greenYaml, /^name: online-model-2$/m);
    assert.match(greenYaml, /^tags:\n {2}rollout: green$/m);
    for (const files of [blueFiles, greenFiles]) {
      assert.match(files, /^# 1 file, 756 bytes$/m);
      assert.match(files, /^sklearn_regression_model\.pkl +756 B {2}md5:[A-Za-z0-9+/]+=*$/m);
    }
    assert.match(blueFiles, /^# online-model-1:1 · /m);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff);
    assert.ok(tabs.some((t) => /online-model-1:1 \[fraud-online\/blue\] ↔ online-model-2:1 \(metadata\)/.test(t.label)), tabs.map((t) => t.label).join(', '));
    assert.ok(tabs.some((t) => /\(files\)$/.test(t.label)));
  });
});
