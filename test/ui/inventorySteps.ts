/**
 * Issues 4, 5 and 7 through the real workbench, like a user: right-click a folder in the Explorer → "Register as
 * Azure ML Model…" → pickers, inputs and the modal confirmation → the new version in the tree (register.png);
 * right-click a version in the tree → "Download Model Version…" → code-server's folder picker (a quick input
 * with a path) → progress → result notification (download.png), files checked on disk; then, in the fixture
 * workspace with the references workspace set, hover a model reference in a deployment YAML and see its CodeLens
 * (hover.png). Every step waits on the DOM (short polls of the file dialog's path box aside).
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Workbench } from './workbench';

type Step = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

const TIMEOUT = 30_000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function filesOf(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else out.push(relative(root, join(dir, entry.name)));
    }
  };
  walk(root);
  return out.sort();
}

/** The quick input (palette, picks, input boxes, code-server's simple file dialog). */
class Quick {
  constructor(private readonly page: Page) {}

  get widget(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private get box(): Locator {
    return this.widget.locator('.quick-input-box input');
  }

  async command(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.box.waitFor({ state: 'visible', timeout: TIMEOUT });
    await this.box.fill(`>${title}`);
    await this.pick(title);
  }

  /** Picks the row whose label (icons aside) is `label`, in the picker whose placeholder is `placeholder`. */
  async pick(label: string, placeholder?: string): Promise<void> {
    const question = placeholder ? this.widget.locator(`.quick-input-box input[placeholder="${placeholder}"]`) : this.box;
    await question.waitFor({ state: 'visible', timeout: TIMEOUT });
    const row = this.widget.locator('.monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) }).first();
    await row.waitFor({ timeout: TIMEOUT });
    await row.click();
    if (placeholder) await question.waitFor({ state: 'hidden', timeout: TIMEOUT });
  }

  /** Types into the input box whose prompt (message) matches `prompt` and presses Enter. */
  async input(text: string, prompt: RegExp): Promise<void> {
    const message = this.widget.locator('.quick-input-message', { hasText: prompt });
    await message.waitFor({ state: 'visible', timeout: TIMEOUT });
    await this.box.fill(text);
    await this.box.press('Enter');
    await message.waitFor({ state: 'hidden', timeout: TIMEOUT });
  }

  /** code-server's open dialog is a quick input holding a path: type the folder and accept with the OK button. */
  async chooseFolder(path: string, okLabel: string): Promise<void> {
    await this.box.waitFor({ state: 'visible', timeout: TIMEOUT });
    const folder = path.endsWith('/') ? path : `${path}/`;
    // The dialog fills in its start folder once it has listed it; typing before that gets merged with it.
    for (let i = 0; i < 100 && !(await this.box.inputValue()).endsWith('/'); i++) await this.page.waitForTimeout(100);
    // The dialog follows the typed path (it may rewrite the box while it lists the folder); once it holds the
    // folder, OK accepts the folder itself. Under load the dialog can still be finishing its first listing and put
    // the start folder back over what was typed: then type it again.
    for (let attempt = 0; attempt < 5 && (await this.box.inputValue()) !== folder; attempt++) {
      await this.box.fill(folder);
      for (let i = 0; i < 20 && (await this.box.inputValue()) !== folder; i++) await this.page.waitForTimeout(100);
      await this.page.waitForTimeout(300); // settled, not just reached: a late listing rewrites it within this
    }
    const ok = this.widget.locator('.monaco-button', { hasText: new RegExp(`^${escapeRegExp(okLabel)}$`) });
    await ok.waitFor({ state: 'visible', timeout: TIMEOUT });
    await ok.click();
    // The next question may reuse the widget: wait for the path box to go.
    await this.widget.locator('.quick-input-box input[placeholder="Folder path"]').waitFor({ state: 'hidden', timeout: TIMEOUT });
  }
}

function dialog(page: Page, title: RegExp): Locator {
  return page.locator('.monaco-dialog-box').filter({ hasText: title });
}

async function contextMenu(page: Page, row: Locator, item: string): Promise<void> {
  await row.click({ button: 'right' });
  const entry = page.locator('.context-view .monaco-menu .action-item').filter({ has: page.locator('.action-label', { hasText: new RegExp(`^${escapeRegExp(item)}$`) }) });
  await entry.first().waitFor({ timeout: TIMEOUT });
  await entry.first().hover();
  await entry.first().click();
  // A click that lands while the menu is still animating in is ignored: then Enter runs the highlighted item.
  const menu = page.locator('.context-view .monaco-menu');
  if (!(await menu.waitFor({ state: 'hidden', timeout: 2_000 }).then(() => true, () => false))) {
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden', timeout: TIMEOUT });
  }
}

/** The quick input is closed and done animating out (runs in the page: source text, no DOM typings here). */
async function quiet(quick: Quick, page: Page): Promise<void> {
  await quick.widget.waitFor({ state: 'hidden', timeout: TIMEOUT }).catch(() => undefined);
  await page.waitForFunction(`(() => {
    const w = document.querySelector('.quick-input-widget');
    return !w || w.getAnimations({ subtree: true }).length === 0;
  })()`, undefined, { timeout: TIMEOUT });
}

async function clearNotifications(quick: Quick, page: Page): Promise<void> {
  await quick.command('Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached', timeout: TIMEOUT }).catch(() => undefined);
}

/**
 * Expands subscription → Workspaces → `workspace` → `model` from the top, re-expanding collapsed rows: the refresh
 * after a command re-renders the tree, and under load rows may come back collapsed or be re-rendered as clicked.
 */
async function expandModel(wb: Workbench, workspace: RegExp, model: RegExp): Promise<void> {
  await wb.treeIdle();
  await wb.expandPath([/^Contoso ML Production$/, /^Workspaces$/, workspace, model]);
}

export interface InventoryStepsContext {
  readonly page: Page;
  readonly wb: Workbench;
  readonly shots: string;
  readonly step: Step;
  /** The window's open folder: a fresh copy of ../shared/fixtures/real-models (test/vscode/modelWorkspace.ts). */
  readonly realModels: string;
}

/** Register from the Explorer, cancel a big registration, download from the tree. */
export async function registerAndDownloadSteps({ page, wb, shots, step, realModels }: InventoryStepsContext): Promise<void> {
  const quick = new Quick(page);
  // Below the home folder: code-server's folder dialog reaches it with "~" (see Quick.chooseFolder).
  const temp = mkdtempSync(join(homedir(), 'aml-ui-'));
  try {
    await clearNotifications(quick, page);

    await step('register a folder from the Explorer context menu', async () => {
      await wb.openViewContainer('Explorer');
      const folderRow = wb.sidebar.locator('.explorer-folders-view .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^online-model-2$/ }) }).first();
      await folderRow.waitFor({ timeout: TIMEOUT });
      await contextMenu(page, folderRow, 'Register as Azure ML Model…');
      await quick.pick('Contoso ML Production', 'Select a subscription');
      await quick.pick('ws-research', 'Select a workspace or registry');
      await quick.input('ui-registered', /^Model name in workspace 'ws-research'/);
      await quick.pick('Detect automatically', 'Model type');
      await quick.input('', /^Version/);
      await quick.input('Registered from the Explorer', /^Description/);
      await quick.input('source=explorer;team=risk', /^Tags/);
      const confirm = dialog(page, /Register ui-registered:1\?/);
      await confirm.filter({ hasText: /LocalUpload\/[0-9a-f]{32}\/online-model-2/ }).waitFor({ timeout: TIMEOUT });
      await confirm.locator('.dialog-buttons .monaco-button', { hasText: /^Register$/ }).click();
      // Done: the new version's details open (the "Registered …" toast may already have timed out by then).
      await page.locator('.tabs-container .tab', { hasText: 'ui-registered:1' }).waitFor({ timeout: 60_000 });
    });

    await step('the new version in the tree', async () => {
      await wb.openViewContainer('Model Inventory');
      await expandModel(wb, /^ws-research\b/, /^ui-registered$/);
      const version = wb.rows(5).filter({ has: page.locator('.label-name', { hasText: /^1$/ }) });
      await version.first().waitFor({ timeout: TIMEOUT });
      await wb.parkMouse();
      await page.screenshot({ path: join(shots, 'register.png') });
    });

    await step('download a version from the tree into a folder picked in the dialog', async () => {
      await clearNotifications(quick, page);
      const into = join(temp, 'downloads');
      mkdirSync(into, { recursive: true });
      await expandModel(wb, /^ws-fraud-prod\b/, /^fraud-detector$/);
      const version = wb.rows(5).filter({ has: page.locator('.label-name', { hasText: /^3$/ }) }).first();
      await contextMenu(page, version, 'Download Model Version…');
      await quick.chooseFolder(into, 'Download Here');
      const target = join(into, 'fraud-detector', '3');
      // The result notification (with Reveal / Open Folder), shown from the notification centre: toasts of this
      // headless window do not always show (see the deployments steps).
      await quick.command('Notifications: Show Notifications');
      const result = page.locator('.notifications-center .notification-list-item', { hasText: /Downloaded fraud-detector:3: 4 files, 1\.8 KB to / });
      await result.waitFor({ timeout: 60_000 });
      await result.locator('.monaco-button', { hasText: 'Open Folder' }).waitFor({ timeout: TIMEOUT });
      // The finished download's progress notification closes a moment after the result shows, and the palette
      // that opened the centre fades out: wait for both, so neither is caught in the screenshot.
      await page.locator('.notifications-center .notification-list-item', { hasText: /Downloading fraud-detector:3/ }).waitFor({ state: 'detached', timeout: TIMEOUT });
      await quiet(quick, page);
      await wb.parkMouse();
      // A tooltip opened on the way (e.g. the tab's "Close") fades once the mouse is parked off it.
      await page.locator('.workbench-hover').first().waitFor({ state: 'detached', timeout: TIMEOUT }).catch(() => undefined);
      await page.screenshot({ path: join(shots, 'download.png') });
      const source = join(realModels, 'sklearn-diabetes-mlflow', 'model');
      assert.deepEqual(filesOf(target), filesOf(source));
      for (const name of filesOf(source)) assert.ok(readFileSync(join(target, name)).equals(readFileSync(join(source, name))), `${name} differs`);
      await clearNotifications(quick, page);
    });
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/**
 * Hover and CodeLens on test/vscode/fixtures/workspace/model-references/blue-deployment.yml; the window must have
 * that workspace open with `amlInventory.references.workspace` set to ws-fraud-prod.
 */
export async function hoverSteps({ page, wb, shots, step }: InventoryStepsContext): Promise<void> {
  const quick = new Quick(page);
  await step('hover a model reference in a deployment YAML, with its CodeLens', async () => {
    await wb.openViewContainer('Explorer');
    const folder = wb.sidebar.locator('.explorer-folders-view .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^model-references$/ }) }).first();
    await folder.waitFor({ timeout: TIMEOUT });
    if ((await folder.getAttribute('aria-expanded')) !== 'true') await folder.click();
    const file = wb.sidebar.locator('.explorer-folders-view .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^blue-deployment\.yml$/ }) }).first();
    await file.waitFor({ timeout: TIMEOUT });
    await file.dblclick();
    const editor = page.locator('.monaco-workbench .part.editor .monaco-editor').first();
    const lens = editor.locator('.codelens-decoration', { hasText: 'live: online-model-1:1 (90 %) · this file: fraud-detector:3' });
    await lens.waitFor({ timeout: 60_000 });
    const reference = editor.locator('.view-line span', { hasText: /azureml:fraud-detector:3/ }).last();
    await reference.waitFor({ timeout: TIMEOUT });
    const box = await reference.boundingBox();
    assert.ok(box, 'the reference is on screen');
    const hover = page.locator('.monaco-hover', { hasText: 'Azure ML model reference' });
    for (let attempt = 0; attempt < 5 && !(await hover.isVisible()); attempt++) {
      await page.mouse.move(box.x + box.width - 20, box.y + box.height / 2, { steps: 3 });
      await hover.waitFor({ state: 'visible', timeout: 8_000 }).catch(() => undefined);
    }
    await hover.filter({ hasText: /fraud-detector/ }).waitFor({ state: 'visible', timeout: TIMEOUT });
    const text = await hover.innerText();
    assert.match(text, /Newer versions|Deployed/, text);
    const editorBox = await page.locator('.monaco-workbench .part.editor').boundingBox();
    await page.screenshot({
      path: join(shots, 'hover.png'),
      ...(editorBox ? { clip: { x: editorBox.x, y: editorBox.y, width: Math.min(editorBox.width, 900), height: Math.min(editorBox.height, 520) } } : {}),
    });
    await page.mouse.move(1050, 17);
    await quick.command('View: Close All Editors');
  });
}
