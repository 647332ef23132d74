import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const root = resolve(__dirname, '../../../..');
const src = join(root, 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

/** Every module specifier a file imports (static, dynamic, require, export-from). */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[^'";]*?\s+from\s+['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.push(m[1]!);
  return found;
}

function layerOf(file: string): string {
  const rel = relative(src, file).split(sep);
  return rel.length > 1 ? rel[0]! : rel[0]!.replace(/\.ts$/, '');
}

/** A resolved import target: a package name or the src layer a relative import lands in. */
function targetOf(file: string, specifier: string): { kind: 'package' | 'layer'; name: string } {
  if (!specifier.startsWith('.')) {
    const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
    return { kind: 'package', name: name.replace(/^node:/, '') };
  }
  const target = resolve(file, '..', specifier);
  const rel = relative(src, target);
  return { kind: 'layer', name: rel.startsWith('..') ? 'outside-src' : rel.split(sep)[0]!.replace(/\.ts$/, '') };
}

const uiLayers = ['tree', 'commands', 'webviews', 'host', 'references'];

/** Returns a reason when `file` may not import `specifier`, else undefined. */
export function violation(layer: string, target: { kind: 'package' | 'layer'; name: string }): string | undefined {
  const isAzurePackage = target.kind === 'package' && target.name.startsWith('@azure/');
  const isVscode = target.kind === 'package' && target.name === 'vscode';
  switch (layer) {
    case 'core':
      if (isVscode || isAzurePackage) return 'core must not import vscode or @azure/*';
      if (target.kind === 'package' && ['fs', 'child_process', 'fs/promises'].includes(target.name)) return 'core must not do I/O';
      if (target.kind === 'layer' && target.name !== 'core') return 'core imports only core';
      return undefined;
    case 'azure':
      if (isVscode) return 'azure must not import vscode';
      if (target.kind === 'layer' && !['core', 'azure'].includes(target.name)) return 'azure imports only core';
      return undefined;
    case 'shared':
      if (target.kind === 'package' || (target.kind === 'layer' && target.name !== 'shared')) return 'shared is type-only protocol';
      return undefined;
    case 'webviewApp':
      if (target.kind === 'package') return 'the webview bundle imports no packages';
      if (target.kind === 'layer' && !['webviewApp', 'shared'].includes(target.name)) return 'the webview imports only shared';
      return undefined;
    default:
      if (uiLayers.includes(layer)) {
        if (isAzurePackage) return `${layer} must not import @azure/* (go through a core port)`;
        if (target.kind === 'layer' && ['azure', 'webviewApp'].includes(target.name)) return `${layer} must not import src/${target.name}`;
      }
      return undefined;
  }
}

describe('layering', () => {
  it('every src file respects the import rules of its layer', () => {
    const problems: string[] = [];
    for (const file of tsFiles(src)) {
      const layer = layerOf(file);
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        const reason = violation(layer, targetOf(file, specifier));
        if (reason) problems.push(`${relative(root, file)} imports '${specifier}': ${reason}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('the checker itself catches forbidden edges', () => {
    assert.ok(violation('core', { kind: 'package', name: 'vscode' }));
    assert.ok(violation('core', { kind: 'package', name: '@azure/identity' }));
    assert.ok(violation('azure', { kind: 'package', name: 'vscode' }));
    assert.ok(violation('tree', { kind: 'layer', name: 'azure' }));
    assert.equal(violation('azure', { kind: 'package', name: '@azure/storage-blob' }), undefined);
    assert.deepEqual(importsOf(`import * as vscode from 'vscode';\nimport type { X } from "../azure/x";\nconst m = await import('@azure/identity');`),
      ['vscode', '../azure/x', '@azure/identity']);
  });
});
