/**
 * Shared helpers for the extension-host tests: the activated extension's API, tree walking by label, polling,
 * and settings changes. Nodes are recognised by `kind` and tree item fields, never by class identity (each test
 * bundle has its own copy of the sources).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InventoryApi } from '../../src/compositionRoot';
import type { TreeNode } from '../../src/tree/TreeNode';
import { servicesFromEnv } from '../support/servicesEnv';
import type { RunningServices } from '../support/serviceTypes';

export const extensionId = 'aml-tools.aml-model-inventory';

export async function inventoryApi(): Promise<InventoryApi> {
  const extension = vscode.extensions.getExtension<InventoryApi>(extensionId);
  assert.ok(extension, `${extensionId} is not loaded`);
  return extension.activate();
}

export function services(): RunningServices {
  return servicesFromEnv();
}

export function labelOf(node: TreeNode): string {
  const label = node.getTreeItem().label;
  return typeof label === 'string' ? label : label?.label ?? '';
}

export function children(api: InventoryApi, node?: TreeNode): Promise<TreeNode[]> {
  return api.view.provider.getChildren(node);
}

/** The child whose label equals `label` or starts with `label + ' '` (workspaces show a friendly name after). */
export async function child(api: InventoryApi, parent: TreeNode | undefined, label: string): Promise<TreeNode> {
  const nodes = await children(api, parent);
  const found = nodes.find((n) => labelOf(n) === label || labelOf(n).startsWith(`${label} `));
  assert.ok(found, `no "${label}" under ${parent ? labelOf(parent) : 'the root'}; have ${nodes.map(labelOf).join(', ')}`);
  return found;
}

/** The subscription node of a seeded subscription id (its description). */
export async function subscriptionNode(api: InventoryApi, subscriptionId: string): Promise<TreeNode> {
  const roots = await children(api);
  const found = roots.find((n) => n.getTreeItem().description === subscriptionId);
  assert.ok(found, `subscription ${subscriptionId} not in the tree (${roots.map(labelOf).join(', ')})`);
  return found;
}

/** Walks from a subscription through labels, e.g. ['Workspaces', 'ws-fraud-prod', 'fraud-detector']. */
export async function walk(api: InventoryApi, subscriptionId: string, labels: readonly string[]): Promise<TreeNode> {
  let node = await subscriptionNode(api, subscriptionId);
  for (const label of labels) node = await child(api, node, label);
  return node;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Writes a user setting and waits until the extension has picked it up. */
export async function setSetting(api: InventoryApi, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('amlInventory').update(key, value, vscode.ConfigurationTarget.Global);
  await waitFor(`setting ${key} to apply`, () => {
    const settings = api.connections.current().settings as unknown as Record<string, unknown>;
    const field = { 'auth.method': 'authMethod', 'auth.tenant': 'tenantId', 'auth.clientId': 'clientId' }[key] ?? key;
    return JSON.stringify(settings[field] ?? '') === JSON.stringify(value ?? '');
  });
}
