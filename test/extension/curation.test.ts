/**
 * Issue 7 curation commands in the extension host against the emulator's demo seed, answered by a scripted prompter:
 * "Edit Tags…" on a version node (add a tag; remove one, which asks a modal confirmation first), each read back from
 * the service and shown on the tree node; "Archive Version…" with its modal confirmation, after which the version
 * is hidden from the tree unless archived ones are shown, and "Restore Version" bringing it back.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InventoryApi } from '../../src/compositionRoot';
import type { ModelScope, ModelVersion } from '../../src/core/domain/model';
import type { TreeNode } from '../../src/tree/TreeNode';
import { child, children, inventoryApi, labelOf, services, setSetting, waitFor, walk } from './inventoryTestKit';
import { PrompterScope, scopeOf } from './transferTestKit';

describe('curation (issue 7): edit tags and archive through the commands', function () {
  this.timeout(90_000);
  let api: InventoryApi;
  let prompts: PrompterScope;
  let research: ModelScope;
  const subscriptionId = services().subscriptionIds[0]!;

  const model = (name: string) => walk(api, subscriptionId, ['Workspaces', 'ws-research', name]);
  const read = (name: string, version: string): Promise<ModelVersion> => api.connections.current().catalog.getVersion(research, name, version);
  const versionOf = (node: TreeNode) => (node as unknown as { version: ModelVersion }).version;

  before(async () => {
    api = await inventoryApi();
    await services().reset();
    await setSetting(api, 'showArchived', false);
    api.view.provider.refresh();
    prompts = new PrompterScope(api);
    research = await scopeOf(api, subscriptionId, 'workspace', 'ws-research');
  });

  afterEach(() => prompts.done());

  after(async () => {
    prompts.done();
    await setSetting(api, 'showArchived', false);
    await services().reset();
    api.view.provider.refresh();
  });

  it('edits tags from a version node: written, read back, shown on the node', async () => {
    const node = await child(api, await model('iris-mlflow'), '1');
    const prompter = prompts.script().thenInput((asked) => {
      assert.equal(asked.question, 'key=value pairs separated by ";" (remove a pair to delete the tag)');
      return 'dataset=iris; reviewed=yes';
    });
    const result = await vscode.commands.executeCommand<{ status: string; message: string }>('amlInventory.editTags', node);
    prompter.assertDone();
    assert.equal(result?.status, 'saved', result?.message);
    assert.deepEqual((await read('iris-mlflow', '1')).tags, { dataset: 'iris', reviewed: 'yes' });
    assert.deepEqual(versionOf(node).tags, { dataset: 'iris', reviewed: 'yes' }, 'the tree node shows the read-back tags');
  });

  it('removing a tag asks first (modal), then saves', async () => {
    const node = await child(api, await model('iris-mlflow'), '1');
    const prompter = prompts.script()
      .thenInput('reviewed=yes', /^key=value pairs/)
      .thenConfirm((asked) => {
        assert.equal(asked.modal, true);
        assert.match(asked.detail ?? '', /dataset/);
        return 'Save';
      }, 'Change the metadata of iris-mlflow:1?');
    const result = await vscode.commands.executeCommand<{ status: string }>('amlInventory.editTags', node);
    prompter.assertDone();
    assert.equal(result?.status, 'saved');
    assert.deepEqual((await read('iris-mlflow', '1')).tags, { reviewed: 'yes' });
  });

  it('archives a version after the modal confirmation: hidden unless archived ones are shown; restore brings it back', async () => {
    const modelNode = await model('local-file-example');
    const node = await child(api, modelNode, '1');
    const archive = prompts.script().thenConfirm((asked) => {
      assert.equal(asked.modal, true);
      assert.deepEqual(asked.actions, ['Archive']);
      assert.match(asked.detail ?? '', /hidden from lists/);
      return 'Archive';
    }, /^Archive .*local-file-example.*1.*\?$/);
    await vscode.commands.executeCommand('amlInventory.archiveVersion', node);
    archive.assertDone();
    assert.equal((await read('local-file-example', '1')).isArchived, true, 'archived in the service');

    const visible = async () => (await children(api, await model('local-file-example'))).map(labelOf);
    await waitFor('the archived version to leave the tree', async () => !(await visible()).includes('1'));
    await setSetting(api, 'showArchived', true);
    const shown = await waitFor('the archived version with "show archived"', async () => {
      const nodes = await children(api, await model('local-file-example'));
      return nodes.find((n) => labelOf(n) === '1');
    });
    assert.match(String(shown.getTreeItem().contextValue), /\+archived\b/);

    const restore = prompts.script().thenConfirm('Restore', /^Restore .*local-file-example.*\?$/);
    await vscode.commands.executeCommand('amlInventory.restoreVersion', shown);
    restore.assertDone();
    assert.equal((await read('local-file-example', '1')).isArchived, false);
    await setSetting(api, 'showArchived', false);
    await waitFor('the restored version in the tree', async () => (await visible()).includes('1'));
  });
});
