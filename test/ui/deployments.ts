/**
 * Issue 6 through the real workbench, on the demo seed's blue/green endpoint (fraud-online: blue 90 % →
 * online-model-1:1, green 10 % → online-model-2:1). Driven from the command palette like a user: compare green's
 * version with the version blue serves (screenshot of the diff), roll green back to blue's version with a model
 * swap (screenshots of the confirmation and of the result), and undo it from the result's Undo button
 * (screenshots again). Every step waits on the DOM, never on a fixed sleep.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Workbench } from './workbench';

type Step = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

const TIMEOUT = 30_000;
/** An LRO in the emulator takes a few status polls (Retry-After) plus the read-back verification. */
const CHANGE_TIMEOUT = 90_000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

class QuickInput {
  constructor(private readonly page: Page) {}

  get widget(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens the command palette and runs the command whose palette label is `title`. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.widget.waitFor({ state: 'visible', timeout: TIMEOUT });
    await this.page.keyboard.type(title);
    await this.pick(new RegExp(`^${escapeRegExp(title)}$`));
  }

  /**
   * Waits for the open quick pick (placeholder matching `question`, when given) to list an item whose label
   * (icons excluded) matches `label`, filters by typing its text and accepts it with Enter.
   */
  async pick(label: string | RegExp, question?: RegExp): Promise<void> {
    const matcher = typeof label === 'string' ? new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) : label;
    await this.widget.waitFor({ state: 'visible', timeout: TIMEOUT });
    if (question) await this.waitForQuestion(question);
    const row = this.widget.locator('.monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: matcher }) }).first();
    await row.waitFor({ timeout: TIMEOUT });
    await row.click();
    await this.waitForQuestionToChange(question);
  }

  /** Types `text` into the open input box and presses Enter. */
  async input(text: string, question: RegExp): Promise<void> {
    await this.widget.waitFor({ state: 'visible', timeout: TIMEOUT });
    await this.waitForQuestion(question);
    const box = this.widget.locator('.quick-input-box input');
    await box.fill(text);
    await box.press('Enter');
    await this.waitForQuestionToChange(question);
  }

  private async waitForQuestion(question: RegExp): Promise<void> {
    // Runs in the page (source text: this project's node typings have no DOM).
    await this.page.waitForFunction(`(() => {
      const re = new RegExp(${JSON.stringify(question.source)});
      const input = document.querySelector('.quick-input-widget .quick-input-box input');
      const message = document.querySelector('.quick-input-widget .quick-input-message')?.textContent ?? '';
      return !!input && (re.test(input.placeholder) || re.test(input.getAttribute('aria-label') ?? '') || re.test(message));
    })()`, undefined, { timeout: TIMEOUT });
  }

  /** After accepting, the widget closes or shows the next question; either way this one is gone. */
  private async waitForQuestionToChange(question?: RegExp): Promise<void> {
    if (!question) return;
    await this.page.waitForFunction(`(() => {
      const re = new RegExp(${JSON.stringify(question.source)});
      const widget = document.querySelector('.quick-input-widget');
      const input = document.querySelector('.quick-input-widget .quick-input-box input');
      return !widget || widget.style.display === 'none' || !input || !re.test(input.placeholder);
    })()`, undefined, { timeout: TIMEOUT });
  }
}

/** The workbench's modal dialog (confirmation). */
function dialog(page: Page, title: RegExp): Locator {
  return page.locator('.monaco-dialog-box').filter({ hasText: title });
}

/**
 * A notification with this text in the notification center. (This workbench shows no toasts: with the center
 * open, notifications are listed there as they arrive, progress included.)
 */
function notification(page: Page, text: RegExp): Locator {
  return page.locator('.notifications-center .notification-list-item').filter({ hasText: text });
}

/**
 * Waits until the notification center lists a notification with this text. The center closes by itself whenever
 * it becomes empty (e.g. when a progress notification ends), so it is reopened from the status bar bell as needed.
 */
async function waitForNotification(page: Page, text: RegExp, timeoutMs: number): Promise<Locator> {
  const item = notification(page, text);
  const center = page.locator('.notifications-center.visible');
  const bell = page.locator('[id="status.notifications"]');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await item.isVisible()) return item;
    if (!(await center.isVisible())) {
      await bell.click();
      // Off the bell at once, before its "Hide Notifications" hover can open over the list.
      await page.mouse.move(1050, 17);
    }
    await item.waitFor({ timeout: 2_000 }).catch(() => undefined);
  }
  throw new Error(`no notification ${text} within ${timeoutMs} ms`);
}

export async function deploymentSteps(page: Page, wb: Workbench, shots: string, step: Step): Promise<void> {
  const quick = new QuickInput(page);
  const editor = page.locator('.monaco-workbench .part.editor');

  // Start with an empty editor area: the diff then fills it.
  await step('editors closed', async () => {
    await quick.runCommand('View: Close All Editors');
    await page.locator('.monaco-workbench .part.editor .tabs-container .tab').first().waitFor({ state: 'detached', timeout: TIMEOUT });
  });

  await step('compare green\'s version with the version blue serves', async () => {
    await quick.runCommand('Azure ML Inventory: Compare with Deployed…');
    await quick.pick('Contoso ML Production', /Select a subscription/);
    await quick.pick('ws-fraud-prod', /Select a workspace or registry/);
    await quick.pick('online-model-2', /Select a model in ws-fraud-prod/);
    await quick.pick('1', /Select a version of online-model-2/);
    await quick.pick('fraud-online/blue', /Compare online-model-2:1 with the version deployed at/);
    // Two diff editors open (metadata, files); show the metadata one.
    const metadataTab = page.locator('.tabs-container .tab').filter({ hasText: /\(metadata\)/ });
    await metadataTab.waitFor({ timeout: TIMEOUT });
    await page.locator('.tabs-container .tab').filter({ hasText: /\(files\)/ }).waitFor({ timeout: TIMEOUT });
    await metadataTab.click();
    const diff = editor.locator('.monaco-diff-editor');
    await diff.filter({ hasText: 'rollout: green' }).filter({ hasText: 'rollout: blue' }).waitFor({ timeout: TIMEOUT });
    await wb.parkMouse();
    await editor.screenshot({ path: join(shots, 'compare-diff.png') });
  });

  await step('roll green back to blue\'s version (swap)', async () => {
    await quick.runCommand('Notifications: Clear All Notifications');
    await quick.runCommand('Azure ML Inventory: Roll Back Deployment…');
    await quick.pick('Contoso ML Production', /Select a subscription/);
    await quick.pick('ws-fraud-prod', /Select a workspace$/);
    await quick.pick('fraud-online', /Select an online endpoint/);
    await quick.pick('green', /Select the deployment of fraud-online/);
    await quick.pick('online-model-1:1', /Roll green back to/);
    await quick.pick('Swap the model in place', /Choose how to roll back/);
    await quick.input('green regressed', /Reason/);
    const confirm = dialog(page, /Roll Back\?/);
    await confirm.filter({ hasText: 'Workspace: ws-fraud-prod' }).filter({ hasText: 'Model: online-model-2:1 → online-model-1:1' }).waitFor({ timeout: TIMEOUT });
    await wb.parkMouse();
    await page.screenshot({ path: join(shots, 'rollback-confirm.png') });
    await confirm.locator('.dialog-buttons .monaco-button', { hasText: /^Roll Back$/ }).click();
    await confirm.waitFor({ state: 'detached', timeout: TIMEOUT });
    await waitForNotification(page, /Rolled back: fraud-online\/green now serves online-model-1:1 \(verified, recorded as #1\)/, CHANGE_TIMEOUT);
    await wb.parkMouse();
    await page.screenshot({ path: join(shots, 'rollback-result.png') });
  });

  await step('undo the rollback from its notification', async () => {
    await notification(page, /Rolled back: fraud-online\/green/).locator('.monaco-button', { hasText: /^Undo$/ }).click();
    // What will be undone is shown first; the optional reason is asked after the confirmation.
    const confirm = dialog(page, /Undo model swap #1 on fraud-online\/green\?/);
    await confirm.filter({ hasText: 'Model: online-model-1:1 → online-model-2:1' }).waitFor({ timeout: TIMEOUT });
    await wb.parkMouse();
    await page.screenshot({ path: join(shots, 'undo-confirm.png') });
    await confirm.locator('.dialog-buttons .monaco-button', { hasText: /^Undo Rollback$/ }).click();
    await confirm.waitFor({ state: 'detached', timeout: TIMEOUT });
    await quick.input('', /Reason/);
    const undone = await waitForNotification(page, /Undid model swap #1 on fraud-online\/green \(verified\)/, CHANGE_TIMEOUT);
    // A one-line notification is cut off with an ellipsis when it is too long for the centre: expand it.
    const expand = undone.locator('.codicon-notifications-expand');
    if (await expand.isVisible()) {
      await expand.click();
      await undone.locator('.codicon-notifications-collapse').waitFor({ timeout: TIMEOUT });
    }
    await wb.parkMouse();
    await page.screenshot({ path: join(shots, 'undo-result.png') });
  });

  await step('notifications and editors closed', async () => {
    await quick.runCommand('Notifications: Clear All Notifications');
    await page.locator('.notifications-center.visible').waitFor({ state: 'hidden', timeout: TIMEOUT });
    await quick.runCommand('View: Close All Editors');
    await page.locator('.monaco-workbench .part.editor .tabs-container .tab').first().waitFor({ state: 'detached', timeout: TIMEOUT });
  });
}
