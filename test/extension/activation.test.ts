/**
 * The extension, as declared by package.json, activates in a real extension host and everything it promises in
 * `contributes` (view container, views, commands) is registered — a command declared but never registered is a
 * silent "command not found" for users.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

interface Manifest {
  name: string;
  publisher: string;
  contributes?: {
    commands?: { command: string }[];
    viewsContainers?: { activitybar?: { id: string; title: string }[] };
    views?: Record<string, { id: string }[]>;
  };
}

// Bundled to out/test/extension/activation.test.js: the repository root is three levels up.
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;
const extensionId = `${manifest.publisher}.${manifest.name}`;

describe('activation', () => {
  let extension: vscode.Extension<unknown>;

  before(async () => {
    const found = vscode.extensions.getExtension(extensionId);
    assert.ok(found, `extension ${extensionId} is not loaded (extensionDevelopmentPath?)`);
    extension = found;
    await extension.activate();
  });

  it('activates', () => {
    assert.equal(extension.isActive, true);
    console.log(`      (VS Code ${vscode.version}, appHost=${vscode.env.appHost}, uiKind=${vscode.UIKind[vscode.env.uiKind]}, remote=${vscode.env.remoteName ?? 'none'})`);
  });

  it('registers every command declared in package.json', async () => {
    const declared = (manifest.contributes?.commands ?? []).map((c) => c.command);
    assert.ok(declared.length > 0, 'package.json declares no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(declared.filter((c) => !registered.has(c)), [], 'declared but not registered');
  });

  it('contributes its activity-bar view container and views, and they open', async () => {
    const containers = manifest.contributes?.viewsContainers?.activitybar ?? [];
    assert.ok(containers.length > 0, 'package.json declares no activity-bar view container');
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const container of containers) {
      // The workbench registers `workbench.view.extension.<id>` for each contributed container.
      const open = `workbench.view.extension.${container.id}`;
      assert.ok(registered.has(open), `view container ${container.id} is not registered`);
      await vscode.commands.executeCommand(open);
      const views = manifest.contributes?.views?.[container.id] ?? [];
      assert.ok(views.length > 0, `view container ${container.id} has no views`);
      for (const view of views) {
        // …and `<viewId>.focus` for each contributed view.
        assert.ok(registered.has(`${view.id}.focus`), `view ${view.id} is not registered`);
        await vscode.commands.executeCommand(`${view.id}.focus`);
      }
    }
  });
});
