/**
 * Model references in code, in a real VS Code against the emulator's demo seed: hover (type, archived, deployed
 * where with traffic, newer versions, command links), CodeLens on deployment YAMLs ("live: … · this file: …") and
 * warnings for archived or missing versions, on the files in test/vscode/fixtures/workspace/model-references.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InventoryApi } from '../../src/compositionRoot';
import { inventoryApi, services, waitFor } from './inventoryTestKit';

const fraudWorkspaceId = () => `/subscriptions/${services().subscriptionIds[0]}/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/ws-fraud-prod`;

function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has a workspace folder');
  return vscode.Uri.joinPath(folder.uri, 'model-references', name);
}

async function open(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixture(name));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

function positionOf(document: vscode.TextDocument, text: string): vscode.Position {
  const offset = document.getText().indexOf(text);
  assert.ok(offset >= 0, `"${text}" not in ${document.uri.path}`);
  return document.positionAt(offset + 3);
}

async function hoverText(document: vscode.TextDocument, text: string): Promise<string> {
  const position = positionOf(document, text);
  return waitFor(`a hover on ${text}`, async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const all = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')));
    const ours = all.filter((v) => v.includes('Azure ML model reference'));
    return ours.length ? ours.join('\n') : undefined;
  }, 30_000);
}

/** The hover as plain text: bold markers dropped, escapes undone. */
function unescape(markdown: string): string {
  return markdown.replace(/(?<!\\)\*\*/g, '').replace(/\\(.)/g, '$1');
}

describe('model references in code', function () {
  this.timeout(90_000);
  let api: InventoryApi;

  before(async () => {
    api = await inventoryApi();
    await vscode.workspace.getConfiguration('amlInventory').update('references.workspace', fraudWorkspaceId(), vscode.ConfigurationTarget.Global);
    await waitFor('the references workspace setting', () => api.references.workspaceFor(fixture('score_job.py'))?.name === 'ws-fraud-prod');
    api.references.refresh();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('amlInventory').update('references.workspace', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('hovers a short reference with type, archived state, tags and newer versions', async () => {
    const document = await open('score_job.py');
    const archived = unescape(await hoverText(document, 'azureml:fraud-detector:1'));
    assert.match(archived, /fraud-detector : 1/);
    assert.match(archived, /Type: MLflow/);
    assert.match(archived, /Archived/);
    assert.match(archived, /owner = risk-team/);
    assert.match(archived, /Newer versions available: 3, 2/);
    assert.match(archived, /Deployed: not in any endpoint of /);
    const current = unescape(await hoverText(document, 'azureml:fraud-detector:2'));
    assert.match(current, /Deployed: fraud-batch\/nightly-scoring — batch, default/);
    assert.match(current, /Newer versions available: 3/);
    assert.match(current, /\[Open details\]\(command:amlInventory\.openVersionDetails\?/);
    assert.match(current, /\[Compare with deployed\]\(command:amlInventory\.compareWithDeployed\?/);
  });

  it('hovers ARM ids with the live traffic, registry ids, labels and missing versions', async () => {
    const document = await open('score_job.py');
    const blue = unescape(await hoverText(document, '/subscriptions/'));
    assert.match(blue, /online-model-1 : 1/);
    assert.match(blue, /fraud-online\/blue — 90 % traffic/);
    const shared = unescape(await hoverText(document, 'azureml://registries/shared-models'));
    assert.match(shared, /diabetes-regressor : 2.*registry shared-models/);
    assert.match(shared, /fraud-shared\/main — 100 % traffic/);
    const latest = unescape(await hoverText(document, 'azureml:fraud-detector@latest'));
    assert.match(latest, /fraud-detector : 3.*@latest/);
    const missing = unescape(await hoverText(document, 'azureml:fraud-detector:42'));
    assert.match(missing, /no such version.*latest version of fraud-detector is 3/s);
  });

  it('shows what is live next to what the file deploys (CodeLens)', async () => {
    for (const [file, expected] of [
      ['blue-deployment.yml', 'live: online-model-1:1 (90 %) · this file: fraud-detector:3'],
      ['green-deployment.yml', 'live: online-model-2:1 (10 %) · this file: local folder ../model-2/model/'],
    ] as const) {
      const document = await open(file);
      const title = await waitFor(`a CodeLens on ${file}`, async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
        const titles = lenses.map((l) => l.command?.title ?? '').filter((t) => t.startsWith('live:'));
        return titles.find((t) => !t.includes('unknown'));
      }, 30_000);
      assert.equal(title, expected);
    }
  });

  it('warns about archived and missing versions and unknown models, and nothing else', async () => {
    const python = await open('score_job.py');
    const pyWarnings = await waitFor('diagnostics on score_job.py', () => {
      const d = vscode.languages.getDiagnostics(python.uri).filter((x) => x.source === 'Azure ML Inventory');
      return d.length >= 2 ? d : undefined;
    }, 30_000);
    const byText = pyWarnings.map((d) => `${python.getText(d.range)} → ${d.message}`).sort();
    assert.deepEqual(byText, [
      'azureml:fraud-detector:1 → fraud-detector:1 is archived; newer: 3. New jobs and deployments cannot use archived versions.',
      'azureml:fraud-detector:42 → fraud-detector has no version 42 (latest is 3).',
    ]);
    assert.ok(pyWarnings.every((d) => d.severity === vscode.DiagnosticSeverity.Warning));

    const json = await open('models.json');
    const jsonWarnings = await waitFor('diagnostics on models.json', () => {
      const d = vscode.languages.getDiagnostics(json.uri).filter((x) => x.source === 'Azure ML Inventory');
      return d.length ? d : undefined;
    }, 30_000);
    assert.deepEqual(jsonWarnings.map((d) => d.message), ['No model named no-such-model in workspace ws-fraud-prod.']);

    const markdown = await open('NOTES.md');
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(vscode.languages.getDiagnostics(markdown.uri).filter((x) => x.source === 'Azure ML Inventory'), []);
  });
});
