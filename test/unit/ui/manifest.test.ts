/**
 * package.json is a contract with the code: command ids, settings, context keys, view ids and the context-value
 * regexes in menus. A mismatch is silent at run time (a menu that never shows, a setting that is never read), so
 * it fails here instead.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CommandId, CommandTitle, ContextKey, promptTitle, Setting, settingsSection, ViewId, WebviewType } from '../../../src/constants';
import { buildContextValue, nodeFlagsByKind } from '../../../src/tree/contextValue';
import type { NodeKind } from '../../../src/tree/contextValue';

const root = resolve(__dirname, '../../../..');

interface MenuEntry { command: string; when?: string; group?: string }
interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string }[];
    menus: Record<string, MenuEntry[]>;
    configuration: { properties: Record<string, unknown> };
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: Record<string, { id: string }[]>;
    viewsWelcome: { view: string; contents: string; when?: string }[];
  };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const declaredCommands = manifest.contributes.commands.map((c) => c.command);
const menuEntries = Object.values(manifest.contributes.menus).flat();
const whenClauses = [...menuEntries.map((m) => m.when ?? ''), ...manifest.contributes.viewsWelcome.map((w) => w.when ?? '')];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Every context value the tree can produce: each kind with every subset of its flags. */
function producibleContextValues(): string[] {
  const values: string[] = [];
  for (const [kind, flags] of Object.entries(nodeFlagsByKind) as [NodeKind, readonly string[]][]) {
    for (let mask = 0; mask < 1 << flags.length; mask++) {
      const set = Object.fromEntries(flags.map((flag, i) => [flag, (mask & (1 << i)) !== 0]));
      values.push(buildContextValue(kind, set as never));
    }
  }
  return values;
}

describe('package.json manifest', () => {
  it('declares exactly the commands the code registers (CommandId)', () => {
    assert.deepEqual([...declaredCommands].sort(), Object.values(CommandId).sort());
  });

  it('titles prompts with the command titles package.json declares (CommandTitle)', () => {
    for (const command of manifest.contributes.commands) assert.equal(CommandTitle[command.command as CommandId], command.title, command.command);
    assert.equal(promptTitle(CommandId.downloadVersion), 'Download Model Version');
  });

  it('gives every command the extension category and every menu entry a declared command', () => {
    for (const command of manifest.contributes.commands) assert.equal(command.category, 'Azure ML Inventory', command.command);
    for (const entry of menuEntries) assert.ok(declaredCommands.includes(entry.command), `menu references unknown ${entry.command}`);
  });

  it('shows inline menu commands with an icon', () => {
    const withIcon = new Set(manifest.contributes.commands.filter((c) => c.icon).map((c) => c.command));
    const inline = [...(manifest.contributes.menus['view/title'] ?? []).filter((m) => m.group?.startsWith('navigation')),
      ...(manifest.contributes.menus['view/item/context'] ?? []).filter((m) => m.group?.startsWith('inline'))];
    for (const entry of inline) assert.ok(withIcon.has(entry.command), `${entry.command} is shown as an icon but has none`);
  });

  it('has every viewItem regex match at least one context value the tree produces', () => {
    const values = producibleContextValues();
    const regexes = whenClauses.flatMap((when) => [...when.matchAll(/viewItem\s*=~\s*\/(.+?)\/(?=\s|$)/g)].map((m) => m[1]!));
    assert.ok(regexes.length > 0);
    for (const source of regexes) {
      const regex = new RegExp(source);
      assert.ok(values.some((v) => regex.test(v)), `/${source}/ matches no context value`);
      assert.ok(!values.every((v) => regex.test(v)), `/${source}/ matches every context value`);
    }
  });

  it('uses only declared context keys and settings in when clauses', () => {
    const contextKeys = new Set<string>(Object.values(ContextKey));
    const settings = new Set(Object.keys(manifest.contributes.configuration.properties));
    for (const when of whenClauses) {
      for (const [key] of when.matchAll(/(?<![\w.])amlInventory\.[\w.]+/g)) {
        assert.ok(contextKeys.has(key) || key === ViewId.inventory, `unknown context key ${key} in "${when}"`);
      }
      for (const [, key] of when.matchAll(/config\.(amlInventory\.[\w.]+)/g)) assert.ok(settings.has(key!), `undeclared setting ${key}`);
    }
  });

  it('declares exactly the settings the code reads (Setting)', () => {
    const declared = Object.keys(manifest.contributes.configuration.properties).sort();
    assert.deepEqual(declared, Object.values(Setting).map((key) => `${settingsSection}.${key}`).sort());
  });

  it('reads settings only through src/host/settings.ts, by Setting key', () => {
    const src = join(root, 'src');
    const readers = sourceFiles(src).filter((f) => readFileSync(f, 'utf8').includes('getConfiguration('));
    assert.deepEqual(readers.map((f) => relative(src, f)), [join('host', 'settings.ts')]);
    const settingsSource = readFileSync(join(src, 'host', 'settings.ts'), 'utf8');
    for (const [, argument] of settingsSource.matchAll(/\.(?:get|inspect)(?:<[^>]+>)?\(([^)]*)\)/g)) {
      assert.match(argument!, /^(Setting\.\w+|key)$/, `setting read by a literal: ${argument}`);
    }
  });

  it('spells VS Code ids (amlInventory.*) only in src/constants.ts', () => {
    const src = join(root, 'src');
    // core and azure know nothing of VS Code; an `amlInventory.` string there is data (e.g. a deployment tag name).
    const vscodeFacing = (f: string): boolean => !/^(core|azure)[\\/]/.test(relative(src, f)) && relative(src, f) !== 'constants.ts';
    const offenders = sourceFiles(src)
      .filter(vscodeFacing)
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/['"]amlInventory[.:][\w.]*['"]/g)].map((m) => `${relative(root, f)}: ${m[0]}`));
    assert.deepEqual(offenders, []);
  });

  it('contributes the view container, view, welcome and webview restore declared in constants', () => {
    const container = manifest.contributes.viewsContainers.activitybar.find((c) => c.id === ViewId.container);
    assert.ok(container, 'activity-bar container');
    assert.ok(existsSync(join(root, container.icon)), `icon ${container.icon}`);
    assert.deepEqual(manifest.contributes.views[ViewId.container]?.map((v) => v.id), [ViewId.inventory]);
    const welcome = manifest.contributes.viewsWelcome.find((w) => w.view === ViewId.inventory);
    assert.ok(welcome?.contents.includes(`command:${CommandId.signIn}`));
    assert.equal(welcome?.when, `!${ContextKey.signedIn}`);
    assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${WebviewType.modelVersion}`));
  });

  it('hides node-only commands from the palette', () => {
    const hidden = (manifest.contributes.menus['commandPalette'] ?? []).filter((m) => m.when === 'false').map((m) => m.command);
    for (const id of [CommandId.loadMore, CommandId.retry, CommandId.refreshNode]) assert.ok(hidden.includes(id), id);
  });
});
