/**
 * The inventory tree against the emulator's demo seed (test/emulator/seed/demoSeed.ts): levels, paging with real
 * server pages, filters, the archived toggle, error nodes with Retry, and hostile service data.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InventoryApi } from '../../src/compositionRoot';
import type { TreeNode } from '../../src/tree/TreeNode';
import { child, children, inventoryApi, labelOf, services, setSetting, walk } from './inventoryTestKit';

const [production, research] = services().subscriptionIds as [string, string];

describe('inventory tree', () => {
  let api: InventoryApi;

  before(async () => {
    api = await inventoryApi();
    await setSetting(api, 'pageSize', 50);
    await setSetting(api, 'showArchived', false);
    api.view.provider.refresh();
  });

  afterEach(async () => {
    await services().clearFaults();
    await vscode.commands.executeCommand('amlInventory.clearFilter');
  });

  it('lists the seeded subscriptions with Workspaces and Registries groups', async () => {
    const roots = await children(api);
    const ids = roots.map((n) => n.getTreeItem().description);
    assert.ok(ids.includes(production) && ids.includes(research), `roots: ${ids.join(', ')}`);
    const sub = await walk(api, production, []);
    assert.deepEqual((await children(api, sub)).map(labelOf), ['Workspaces', 'Registries']);
    assert.equal(sub.getTreeItem().contextValue, 'amlInventory:subscription');
  });

  it('lists workspaces and registries, and says so when a subscription has none', async () => {
    const workspaces = await walk(api, production, ['Workspaces']);
    const names = (await children(api, workspaces)).map(labelOf);
    assert.ok(names.some((n) => n.startsWith('ws-fraud-prod')) && names.some((n) => n.startsWith('ws-research')), names.join(', '));
    assert.deepEqual((await children(api, await walk(api, production, ['Registries']))).map(labelOf), ['shared-models']);
    const none = await children(api, await walk(api, research, ['Registries']));
    assert.deepEqual(none.map(labelOf), ['No registries']);
    assert.equal(none[0]!.getTreeItem().contextValue, 'amlInventory:message');
  });

  it('lists versions newest first with type icons, dates and context flags', async () => {
    const model = await walk(api, production, ['Workspaces', 'ws-fraud-prod', 'fraud-detector']);
    assert.match(String(model.getTreeItem().description), /latest 3/);
    const versions = await children(api, model);
    assert.deepEqual(versions.map(labelOf), ['3', '2'], 'version 1 is archived and hidden by default');
    const item = versions[0]!.getTreeItem();
    assert.equal(item.contextValue, 'amlInventory:modelVersion+hasJob');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'beaker');
    assert.match(String(item.description), /^\d{4}-\d{2}-\d{2}/);
    assert.equal(item.command?.command, 'amlInventory.openVersionDetails');
    const registryVersion = (await children(api, await walk(api, production, ['Registries', 'shared-models', 'diabetes-regressor'])))[0]!;
    // diabetes-regressor:2 is what fraud-shared serves; `+deployed` appears once the deployed-where index has loaded
    // (covered by deployments.test.ts), so only the registry flag is this test's business.
    assert.match(String(registryVersion.getTreeItem().contextValue), /^amlInventory:modelVersion(\+deployed)?\+registry$/);
  });

  it('pages versions from the server one page per Load more', async () => {
    await setSetting(api, 'pageSize', 25);
    const nightly = await walk(api, production, ['Workspaces', 'ws-fraud-prod', 'fraud-detector-nightly']);
    api.view.provider.refresh(nightly);
    const first = await children(api, nightly);
    assert.equal(first.length, 26);
    assert.equal(labelOf(first[0]!), '9999', 'newest active version first (10000 is archived)');
    const loadMore = first[25]!;
    assert.equal(loadMore.kind, 'loadMore');
    assert.equal(loadMore.getTreeItem().command?.command, 'amlInventory.loadMore');

    await services().requestCount(true);
    await vscode.commands.executeCommand('amlInventory.loadMore', loadMore);
    assert.equal(await services().requestCount(), 1, 'exactly one ARM request per page');
    const second = await children(api, nightly);
    assert.equal(second.length, 51);
    assert.deepEqual(second.slice(24, 26).map(labelOf), ['9975', '9974']);
    assert.equal(await services().requestCount(), 1, 're-rendering uses the cache');
    await setSetting(api, 'pageSize', 50);
  });

  it('shows archived models and versions when toggled on', async () => {
    const workspace = await walk(api, production, ['Workspaces', 'ws-fraud-prod']);
    assert.ok(!(await children(api, workspace)).map(labelOf).includes('legacy-scorer'));
    await vscode.commands.executeCommand('amlInventory.showArchived');
    await setSetting(api, 'showArchived', true);
    const models = await children(api, workspace);
    const legacy = models.find((n) => labelOf(n) === 'legacy-scorer');
    assert.ok(legacy, 'archived model listed');
    assert.match(String(legacy.getTreeItem().contextValue), /^amlInventory:model\+archived\b/);
    const versions = await children(api, await child(api, workspace, 'fraud-detector'));
    assert.deepEqual(versions.map(labelOf), ['3', '2', '1']);
    assert.match(String(versions[2]!.getTreeItem().contextValue), /\+archived\b/);
    assert.equal((versions[2]!.getTreeItem().iconPath as vscode.ThemeIcon).id, 'archive');
    await vscode.commands.executeCommand('amlInventory.hideArchived');
    await setSetting(api, 'showArchived', false);
    assert.deepEqual((await children(api, await child(api, workspace, 'fraud-detector'))).map(labelOf), ['3', '2']);
  });

  it('filters models by name locally and versions by tag on the server', async () => {
    const workspace = await walk(api, production, ['Workspaces', 'ws-fraud-prod']);
    await vscode.commands.executeCommand('amlInventory.filterByName', 'NIGHTLY');
    assert.deepEqual((await children(api, workspace)).map(labelOf), ['fraud-detector-nightly']);
    assert.match(String(workspace.getTreeItem().description), /filtered: NIGHTLY/);
    assert.match(String(api.view.treeView.description), /filtered/);
    await vscode.commands.executeCommand('amlInventory.clearFilter');
    assert.ok((await children(api, workspace)).length > 1);

    const model = await child(api, workspace, 'fraud-detector');
    await vscode.commands.executeCommand('amlInventory.filterByTag', model, 'candidate=true');
    assert.deepEqual((await children(api, model)).map(labelOf), ['3']);
    assert.match(String(model.getTreeItem().contextValue), /\+filtered\b/);
    await vscode.commands.executeCommand('amlInventory.filterByTag', model, 'owner=nobody');
    assert.deepEqual((await children(api, model)).map(labelOf), ['No versions match owner=nobody']);
    await vscode.commands.executeCommand('amlInventory.clearFilter', model);
    assert.deepEqual((await children(api, model)).map(labelOf), ['3', '2']);
  });

  it('Clear Filter clears the name, view-wide and per-model tag filters at once, whatever item is focused', async () => {
    const workspace = await walk(api, production, ['Workspaces', 'ws-fraud-prod']);
    const model = await child(api, workspace, 'fraud-detector');
    await vscode.commands.executeCommand('amlInventory.filterByTag', model, 'candidate=true');
    await vscode.commands.executeCommand('amlInventory.filterByTag', undefined, 'owner=nobody');
    await vscode.commands.executeCommand('amlInventory.filterByName', 'fraud');
    assert.ok(api.view.filters.isActive);
    // The toolbar passes the focused tree item (here a model) as the argument.
    await vscode.commands.executeCommand('amlInventory.clearFilter', model);
    assert.equal(api.view.filters.isActive, false);
    assert.equal(api.view.filters.modelName, undefined);
    assert.deepEqual(api.view.filters.tagsFor(model.id), []);
    assert.equal(api.view.treeView.description, undefined);
    assert.deepEqual((await children(api, model)).map(labelOf), ['3', '2']);
    assert.ok((await children(api, workspace)).length > 1);
  });

  it('shows a 403 on one workspace under it only, and Retry recovers', async () => {
    const research = await walk(api, production, ['Workspaces', 'ws-research']);
    const fraud = await walk(api, production, ['Workspaces', 'ws-fraud-prod']);
    await services().setFaults({ failures: { count: 1, status: 403, code: 'AuthorizationFailed', message: 'No access to ws-research.', pathPattern: 'workspaces/ws-research/models' } });
    await vscode.commands.executeCommand('amlInventory.refreshNode', research);
    const failed = await children(api, research);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.getTreeItem().contextValue, 'amlInventory:message+error');
    assert.match(String(failed[0]!.getTreeItem().tooltip), /permission/);
    api.view.provider.refresh(fraud);
    assert.ok((await children(api, fraud)).some((n) => labelOf(n) === 'fraud-detector'), 'the sibling workspace still works');

    await vscode.commands.executeCommand('amlInventory.retry', failed[0]);
    assert.ok((await children(api, research)).some((n) => labelOf(n) === 'iris-mlflow'));
  });

  it('renders hostile and partial service data safely', async () => {
    const model = await walk(api, production, ['Workspaces', 'ws-fraud-prod', 'render-safety-check']);
    const versions: TreeNode[] = await children(api, model);
    assert.deepEqual(versions.map(labelOf), ['2', '1']);
    for (const version of versions) {
      const tooltip = version.getTreeItem().tooltip as vscode.MarkdownString;
      assert.equal(tooltip.isTrusted, false);
      assert.equal(tooltip.supportHtml, false);
      assert.ok(!tooltip.value.includes('<script>'), tooltip.value);
      assert.ok(!tooltip.value.includes('\u202E'));
      assert.ok(tooltip.value.length < 2000);
    }
    assert.equal((versions[0]!.getTreeItem().iconPath as vscode.ThemeIcon).id, 'question', 'unknown model type');
  });
});
