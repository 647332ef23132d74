/**
 * Issue 5 in the extension host against the emulator + Azurite demo seed: "Download Model Version…" from a version
 * node and from the palette with a pasted asset id, into temp folders; the files must equal the real model folders
 * the seed uploaded (../shared/fixtures/real-models) byte for byte. An existing destination asks Overwrite / Skip
 * Identical Files / Cancel (modal); each answer is given by the scripted prompter and its outcome checked on disk.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DownloadResult } from '../../src/commands/download/downloadCommands';
import type { InventoryApi } from '../../src/compositionRoot';
import { child, inventoryApi, services, walk } from './inventoryTestKit';
import { assertSameFolder, filesOf, PrompterScope, realModels, removeTemp, tempFolder } from './transferTestKit';

describe('download a model version (issue 5): entry points and the existing-folder prompt', function () {
  this.timeout(120_000);
  let api: InventoryApi;
  let temp: string;
  let prompts: PrompterScope;
  const subscriptionId = services().subscriptionIds[0]!;
  /** fraud-detector 1–3 were uploaded by the seed from this folder. */
  const diabetes = () => realModels('sklearn-diabetes-mlflow', 'model');

  async function fraudDetector2(): Promise<unknown> {
    return child(api, await walk(api, subscriptionId, ['Workspaces', 'ws-fraud-prod', 'fraud-detector']), '2');
  }

  before(async () => {
    api = await inventoryApi();
    await services().reset();
    prompts = new PrompterScope(api);
    temp = tempFolder('download');
  });

  afterEach(() => prompts.done());

  after(() => {
    prompts.done();
    removeTemp(temp);
  });

  it('from a version node: asks for the folder, downloads <folder>/<model>/<version> byte for byte', async () => {
    const into = join(temp, 'from-node');
    const prompter = prompts.script()
      .thenPickFolder(into)
      .thenConfirm((asked) => {
        assert.deepEqual(asked.actions, ['Reveal in File Explorer', 'Open Folder']);
        return undefined;
      }, `Downloaded fraud-detector:2: 4 files, 1.8 KB to ${join(into, 'fraud-detector', '2')}.`);
    const result = await vscode.commands.executeCommand<DownloadResult>('amlInventory.downloadVersion', await fraudDetector2());
    prompter.assertDone();
    assert.equal(result?.path, join(into, 'fraud-detector', '2'));
    assert.equal(result.fileCount, 4);
    assertSameFolder(result.path, diabetes());
    assert.deepEqual(filesOf(into).filter((f) => !f.startsWith('fraud-detector/2/')), [], 'nothing else was written (no temporary folder left)');
  });

  it('from the palette with a pasted registry asset id', async () => {
    const into = join(temp, 'pasted');
    const prompter = prompts.script()
      .thenPick((asked) => {
        assert.deepEqual(asked.items, ['Pick a workspace or registry, model and version', 'Paste an asset ID…']);
        assert.equal(asked.title, 'Download Model Version', 'the picker is titled with the command');
        return 'Paste an asset ID…';
      }, 'Which model version do you want to download?')
      .thenInput((asked) => {
        assert.equal(asked.title, 'Download Model Version', 'every step of the flow carries the command title');
        return 'azureml://registries/shared-models/models/iris-classifier/versions/1';
      }, 'Asset ID of the model version')
      .thenPickFolder(into)
      .thenConfirm(undefined, /^Downloaded iris-classifier:1: 5 files, /);
    const result = await vscode.commands.executeCommand<DownloadResult>('amlInventory.downloadVersion');
    prompter.assertDone();
    assertSameFolder(join(into, 'iris-classifier', '1'), realModels('cli-assets-model', 'mlflow-model'));
    assert.equal(result?.downloadedFiles, 5);
  });

  describe('an existing destination', () => {
    const into = () => join(temp, 'existing');
    const target = () => join(into(), 'fraud-detector', '2');

    before(async () => {
      prompts.script().thenPickFolder(into()).thenConfirm(undefined);
      await vscode.commands.executeCommand('amlInventory.downloadVersion', await fraudDetector2());
      prompts.prompter.assertDone();
      assertSameFolder(target(), diabetes());
    });

    /** Local edits: one file changed, one added. */
    function editLocally(): void {
      writeFileSync(join(target(), 'conda.yaml'), 'edited locally\n');
      writeFileSync(join(target(), 'extra.txt'), 'not in Azure\n');
    }

    function askedOverwrite(choice: string | undefined) {
      return (asked: { modal?: boolean; actions?: readonly string[]; detail?: string }) => {
        assert.equal(asked.modal, true);
        assert.deepEqual(asked.actions, ['Overwrite', 'Skip Identical Files']);
        assert.match(asked.detail ?? '', /^Download fraud-detector:2 \(4 files, 1\.8 KB\) over it\?/);
        assert.match(asked.detail ?? '', /removes local files that are not in Azure/);
        return choice;
      };
    }

    it('Cancel leaves the folder exactly as it was', async () => {
      editLocally();
      const prompter = prompts.script()
        .thenPickFolder(into())
        .thenConfirm(askedOverwrite(undefined), `${target()} already exists.`);
      const result = await vscode.commands.executeCommand<DownloadResult | undefined>('amlInventory.downloadVersion', await fraudDetector2());
      prompter.assertDone();
      assert.equal(result, undefined, 'cancelled: no result, no message');
      assert.equal(readFileSync(join(target(), 'conda.yaml'), 'utf8'), 'edited locally\n');
      assert.ok(existsSync(join(target(), 'extra.txt')));
    });

    it('Skip Identical Files keeps the identical ones, fetches the rest, and the folder ends up as in Azure', async () => {
      editLocally();
      const prompter = prompts.script()
        .thenPickFolder(into())
        .thenConfirm(askedOverwrite('Skip Identical Files'), `${target()} already exists.`)
        .thenConfirm(undefined, /^Downloaded fraud-detector:2: 4 files, 1\.8 KB \(3 identical kept, 1 fetched, 1 local file removed\) to /);
      const result = await vscode.commands.executeCommand<DownloadResult>('amlInventory.downloadVersion', await fraudDetector2());
      prompter.assertDone();
      assert.equal(result?.keptFiles, 3);
      assert.equal(result.downloadedFiles, 1);
      assert.equal(result.removedFiles, 1, 'extra.txt is not in Azure');
      assert.equal(result.replacedExisting, true);
      assertSameFolder(target(), diabetes());
    });

    it('Overwrite downloads everything again and replaces the folder', async () => {
      editLocally();
      const prompter = prompts.script()
        .thenPickFolder(into())
        .thenConfirm(askedOverwrite('Overwrite'), `${target()} already exists.`)
        .thenConfirm(undefined, /^Downloaded fraud-detector:2: 4 files, 1\.8 KB \(1 local file removed\) to /);
      const result = await vscode.commands.executeCommand<DownloadResult>('amlInventory.downloadVersion', await fraudDetector2());
      prompter.assertDone();
      assert.equal(result?.downloadedFiles, 4);
      assert.equal(result.keptFiles, 0);
      assertSameFolder(target(), diabetes());
    });
  });
});
