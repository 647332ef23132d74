/**
 * Issue 4 in the extension host against the emulator + Azurite demo seed: "Register as Azure ML Model…" from each
 * entry point — the Explorer (a folder Uri), a tree node (workspace model, registry), the palette (pickers) and a
 * YAML spec (`az ml model create -f`) — with every question answered by a scripted prompter installed through the
 * extension's API. Each registration is read back from the service: type, tags, description, and a modelUri at
 * exactly the blob path the CLI's own hashing gives for that folder (test/emulator/seed/cliHash.ts, an independent
 * implementation). Bad input (an invalid name, typed or in a spec) shows the specific message and creates nothing;
 * cancelling at the confirmation creates nothing. Cancelling mid-upload is only possible from the progress
 * notification's Cancel button, so test/ui/inventorySteps.ts covers it; the adapter-level cancel is in
 * test/integration/register.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { InventoryApi } from '../../src/compositionRoot';
import type { ModelScope, ModelVersion } from '../../src/core/domain/model';
import { cliObjectHash } from '../emulator/seed/cliHash';
import { inventoryApi, services, walk } from './inventoryTestKit';
import { copyInto, modelNames, PrompterScope, realModels, removeTemp, scopeOf, subscriptionLabel, tempFolder } from './transferTestKit';

/**
 * The long datastore URI `az ml model create` writes for a local folder uploaded to a workspace: sent with
 * `resourcegroups`; the service (and the emulator) echo it back with `resourceGroups`.
 */
function cliModelUri(scope: ModelScope, folder: string, folderName: string, as: 'sent' | 'stored' = 'stored'): string {
  return `azureml://subscriptions/${scope.subscriptionId}/${as === 'sent' ? 'resourcegroups' : 'resourceGroups'}/${scope.resourceGroup}/workspaces/${scope.name}`
    + `/datastores/workspaceblobstore/paths/LocalUpload/${cliObjectHash(folder)}/${folderName}`;
}

describe('register a model (issue 4): every entry point with a scripted prompter', function () {
  this.timeout(120_000);
  let api: InventoryApi;
  let temp: string;
  let prompts: PrompterScope;
  const subscriptionId = services().subscriptionIds[0]!;

  async function read(scope: ModelScope, name: string, version: string): Promise<ModelVersion> {
    return api.connections.current().catalog.getVersion(scope, name, version);
  }

  before(async () => {
    api = await inventoryApi();
    await services().reset();
    api.view.provider.refresh();
    prompts = new PrompterScope(api);
    temp = tempFolder('register');
  });

  afterEach(() => prompts.done());

  after(async () => {
    prompts.done();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await services().reset();
    api.view.provider.refresh();
    removeTemp(temp);
  });

  it('Explorer: registers a copied real folder to a workspace at the CLI\'s blob path, with type and tags', async () => {
    const folder = copyInto(realModels('online-model-1', 'model'), join(temp, 'explorer'), 'model');
    const research = await scopeOf(api, subscriptionId, 'workspace', 'ws-research');
    const expectedUri = cliModelUri(research, folder, 'model');
    const sentUri = cliModelUri(research, folder, 'model', 'sent');
    const prompter = prompts.script()
      .thenPick(subscriptionLabel, 'Select a subscription')
      .thenPick('ws-research', 'Select a workspace or registry')
      .thenInput('explorer-registered', 'Model name in workspace \'ws-research\'')
      .thenPick((asked) => {
        assert.deepEqual(asked.items, ['Detect automatically', 'custom_model', 'mlflow_model', 'triton_model']);
        return 'custom_model';
      }, 'Model type')
      .thenInput('', /^Version/)
      .thenInput('Registered from the Explorer', /^Description/)
      .thenInput('source=explorer;team=risk', /^Tags/)
      .thenConfirm((asked) => {
        assert.equal(asked.modal, true);
        assert.ok(asked.detail?.includes(`Model URI: ${sentUri}`), asked.detail);
        return 'Register';
      }, 'Register explorer-registered:1?');
    const returned = await vscode.commands.executeCommand<ModelVersion>('amlInventory.registerModel', vscode.Uri.file(folder));
    prompter.assertDone();
    assert.equal(returned?.version, '1');
    assert.deepEqual(prompter.notifications.map((n) => n.message), [`Registered explorer-registered:1 in workspace 'ws-research'${prompter.notifications[0]?.message.includes('already uploaded') ? ' (files were already uploaded; no bytes sent)' : ''}.`]);

    const version = await read(research, 'explorer-registered', '1');
    assert.equal(version.modelType, 'custom_model');
    assert.deepEqual(version.tags, { source: 'explorer', team: 'risk' });
    assert.equal(version.description, 'Registered from the Explorer');
    assert.equal(version.modelUri, expectedUri, 'the CLI layout: LocalUpload/<az ml object hash>/<folder name>');
    // The tree shows it after the command's refresh.
    const node = await walk(api, subscriptionId, ['Workspaces', 'ws-research', 'explorer-registered', '1']);
    assert.equal(node.getTreeItem().contextValue?.split('+')[0], 'amlInventory:modelVersion');
  });

  it('tree, model node: adds the next version of that model (name prefilled, MLflow detected)', async () => {
    const folder = copyInto(realModels('cli-assets-model', 'mlflow-model'), join(temp, 'model-node'), 'mlflow-model');
    writeFileSync(join(folder, 'notes.txt'), 'retrained from the tree\n');
    const research = await scopeOf(api, subscriptionId, 'workspace', 'ws-research');
    const modelNode = await walk(api, subscriptionId, ['Workspaces', 'ws-research', 'iris-mlflow']);
    const prompter = prompts.script()
      .thenPickFolder(folder)
      .thenInput((asked) => {
        assert.equal(asked.question, 'Model name in workspace \'ws-research\'');
        return 'iris-mlflow';
      })
      .thenPick('Detect automatically', 'Model type')
      .thenInput('', /^Version/)
      .thenInput('', /^Description/)
      .thenInput('dataset=iris;retrained=true', /^Tags/)
      .thenConfirm((asked) => {
        assert.match(asked.detail ?? '', /notes\.txt/);
        return 'Register';
      }, 'Register iris-mlflow:2?');
    await vscode.commands.executeCommand('amlInventory.registerModel', modelNode);
    prompter.assertDone();

    const version = await read(research, 'iris-mlflow', '2');
    assert.equal(version.modelType, 'mlflow_model', 'an MLmodel file makes it an MLflow model');
    assert.deepEqual(version.tags, { dataset: 'iris', retrained: 'true' });
    assert.equal(version.modelUri, cliModelUri(research, folder, 'mlflow-model'));
    assert.equal((await read(research, 'iris-mlflow', '1')).modelUri, cliModelUri(research, realModels('cli-assets-model', 'mlflow-model'), 'mlflow-model'),
      'version 1 (the seed, uploaded the CLI way) is untouched');
  });

  it('tree, registry node: registers to the registry with the next whole-number version', async () => {
    const folder = copyInto(realModels('online-model-2', 'model'), join(temp, 'registry'), 'model');
    const registryNode = await walk(api, subscriptionId, ['Registries', 'shared-models']);
    const registry = await scopeOf(api, subscriptionId, 'registry', 'shared-models');
    const prompter = prompts.script()
      .thenPickFolder(folder)
      .thenInput('shared-online-model', 'Model name in registry \'shared-models\'')
      .thenPick('Detect automatically', 'Model type')
      .thenInput('', /^Version/)
      .thenInput('Promoted from the tree', /^Description/)
      .thenInput('rollout=green', /^Tags/)
      .thenConfirm('Register', 'Register shared-online-model:1?');
    await vscode.commands.executeCommand('amlInventory.registerModel', registryNode);
    prompter.assertDone();

    const version = await read(registry, 'shared-online-model', '1');
    assert.equal(version.modelType, 'custom_model');
    assert.deepEqual(version.tags, { rollout: 'green' });
    assert.equal(version.description, 'Promoted from the tree');
    assert.match(version.modelUri ?? '', /\/model$/, `registry layout: <upload container>/<folder name> (${version.modelUri})`);
  });

  it('palette: picks the folder, subscription and workspace, then registers', async () => {
    const folder = copyInto(realModels('triton-bertsquad'), join(temp, 'palette'), 'triton-bertsquad');
    const vision = await scopeOf(api, services().subscriptionIds[1]!, 'workspace', 'ws-vision');
    const prompter = prompts.script()
      .thenPickFolder(folder)
      .thenPick('Contoso ML Research', 'Select a subscription')
      .thenPick('ws-vision', 'Select a workspace or registry')
      .thenInput('bertsquad-from-palette', 'Model name in workspace \'ws-vision\'')
      .thenPick('Detect automatically', 'Model type')
      .thenInput('2024.1', /^Version/)
      .thenInput('', /^Description/)
      .thenInput('runtime=triton', /^Tags/)
      .thenConfirm('Register', 'Register bertsquad-from-palette:2024.1?');
    await vscode.commands.executeCommand('amlInventory.registerModel');
    prompter.assertDone();

    const version = await read(vision, 'bertsquad-from-palette', '2024.1');
    assert.equal(version.modelType, 'triton_model', 'config.pbtxt makes it a Triton model');
    assert.deepEqual(version.tags, { runtime: 'triton' });
    assert.equal(version.modelUri, cliModelUri(vision, folder, 'triton-bertsquad'));
  });

  it('YAML spec: registers local-mlflow.yml (a copy with its folder) like az ml model create -f', async () => {
    const specFolder = join(temp, 'spec');
    copyInto(realModels('cli-assets-model', 'mlflow-model'), specFolder, 'mlflow-model');
    const spec = copyInto(realModels('cli-assets-model', 'local-mlflow.yml'), specFolder, 'local-mlflow.yml');
    const research = await scopeOf(api, subscriptionId, 'workspace', 'ws-research');
    const prompter = prompts.script()
      .thenPick(subscriptionLabel, 'Select a subscription')
      .thenPick('ws-research', 'Select a workspace or registry')
      .thenConfirm('Register', 'Register local-mlflow-example:1?');
    await vscode.commands.executeCommand('amlInventory.registerFromSpec', vscode.Uri.file(spec));
    prompter.assertDone();

    const version = await read(research, 'local-mlflow-example', '1');
    assert.equal(version.modelType, 'mlflow_model');
    assert.equal(version.description, 'Model created from local MLflow model directory.');
    assert.equal(version.modelUri, cliModelUri(research, join(specFolder, 'mlflow-model'), 'mlflow-model'));
  });

  it('bad input: an invalid typed name is refused with the rule, an invalid spec name is reported, nothing is created', async () => {
    const folder = copyInto(realModels('online-model-1', 'model'), join(temp, 'bad'), 'model');
    const research = await scopeOf(api, subscriptionId, 'workspace', 'ws-research');
    const before = await modelNames(api, research);

    // Typed: the input box's validation rejects it (the scripted prompter records what the box would show).
    const typed = prompts.script()
      .thenPick(subscriptionLabel)
      .thenPick('ws-research')
      .thenInput('bad name!', /^Model name/);
    await vscode.commands.executeCommand('amlInventory.registerModel', vscode.Uri.file(folder));
    assert.throws(() => typed.assertDone(), /"bad name!" is invalid: A model name can contain only letters, digits, "-" and "_" \(found a space at position 4\)/);

    // In a spec: nothing to type, so the plan refuses it and the error names the problem.
    writeFileSync(join(temp, 'bad', 'bad-spec.yml'), 'name: -starts-with-a-dash\npath: model\ntype: custom_model\n');
    const spec = prompts.script()
      .thenPick(subscriptionLabel)
      .thenPick('ws-research')
      .thenConfirm(undefined, /^Cannot register model: A model name must start with a letter or a digit\./);
    await vscode.commands.executeCommand('amlInventory.registerFromSpec', vscode.Uri.file(join(temp, 'bad', 'bad-spec.yml')));
    spec.assertDone();
    assert.equal(spec.asked.at(-1)?.actions?.length ?? 0, 0, 'a validation error offers no action');

    // Cancelled at the confirmation (the modal's Cancel).
    const cancelled = prompts.script()
      .thenPick(subscriptionLabel)
      .thenPick('ws-research')
      .thenInput('never-registered', /^Model name/)
      .thenPick('Detect automatically')
      .thenInput('', /^Version/)
      .thenInput('', /^Description/)
      .thenInput('', /^Tags/)
      .thenConfirm(undefined, 'Register never-registered:1?');
    await vscode.commands.executeCommand('amlInventory.registerModel', vscode.Uri.file(folder));
    cancelled.assertDone();
    assert.deepEqual(cancelled.notifications, []);

    assert.deepEqual(await modelNames(api, research), before, 'no model was created');
  });
});
