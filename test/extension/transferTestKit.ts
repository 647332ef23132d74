/**
 * Helpers for the register / download / curation extension-host tests: the real model folders of
 * ../shared/fixtures/real-models (found from the extension's own path), writable copies of them in a temp folder,
 * byte-for-byte folder comparison, scopes from the tree, and a scripted prompter installed through the API.
 */
import * as assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { InventoryApi } from '../../src/compositionRoot';
import type { ModelScope } from '../../src/core/domain/model';
import { extensionId, walk } from './inventoryTestKit';
import { ScriptedPrompter } from './scriptedPrompter';

export const subscriptionLabel = 'Contoso ML Production';

/** ../shared/fixtures/real-models next to the repository the extension runs from. */
export function realModels(...parts: string[]): string {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `${extensionId} is not loaded`);
  return resolve(extension.extensionPath, '..', 'shared', 'fixtures', 'real-models', ...parts);
}

/** A fresh temp folder, removed by `removeTemp`. */
export function tempFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `aml-ext-${prefix}-`));
}

export function removeTemp(...folders: (string | undefined)[]): void {
  for (const folder of folders) if (folder) rmSync(folder, { recursive: true, force: true });
}

/** Copies `source` (file or folder) to `<into>/<name>` and makes the copy writable (the fixtures are read-only). */
export function copyInto(source: string, into: string, name: string): string {
  const target = join(into, name);
  cpSync(source, target, { recursive: true });
  const writable = (path: string): void => {
    chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
    if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) writable(join(path, entry));
  };
  writable(target);
  return target;
}

/** Every file below `root`, relative with `/`, sorted. */
export function filesOf(root: string): string[] {
  const out: string[] = [];
  const walkDir = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walkDir(full);
      else out.push(relative(root, full).split('\\').join('/'));
    }
  };
  walkDir(root);
  return out.sort();
}

/** Same file names and the same bytes in every file. */
export function assertSameFolder(actual: string, expected: string): void {
  const names = filesOf(expected);
  assert.ok(names.length > 0, `${expected} has no files`);
  assert.deepEqual(filesOf(actual), names, `files of ${actual}`);
  for (const name of names) {
    assert.ok(readFileSync(join(actual, name)).equals(readFileSync(join(expected, name))), `${name} differs from ${join(expected, name)}`);
  }
}

/** The scope of a seeded workspace or registry, as the tree has it. */
export async function scopeOf(api: InventoryApi, subscriptionId: string, kind: 'workspace' | 'registry', name: string): Promise<ModelScope> {
  const node = await walk(api, subscriptionId, [kind === 'workspace' ? 'Workspaces' : 'Registries', name]);
  return (node as unknown as { scope: ModelScope }).scope;
}

/** Model names in a scope (active and archived), read from the service. */
export async function modelNames(api: InventoryApi, scope: ModelScope): Promise<string[]> {
  const page = await api.connections.current().catalog.listModels(scope, { listViewType: 'All' });
  return page.items.map((m) => m.name).sort();
}

/** Installs a fresh scripted prompter for one test; `done()` disposes it. */
export class PrompterScope {
  private installed: vscode.Disposable | undefined;
  prompter = new ScriptedPrompter();

  constructor(private readonly api: InventoryApi) {}

  script(): ScriptedPrompter {
    this.installed?.dispose();
    this.prompter = new ScriptedPrompter();
    this.installed = this.api.installPrompter(this.prompter);
    return this.prompter;
  }

  done(): void {
    this.installed?.dispose();
    this.installed = undefined;
  }
}
