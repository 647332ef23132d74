/**
 * Playwright helpers for VS Code's web workbench (code-server 4.139 = VS Code 1.139 DOM). Every step waits on a
 * selector or attribute, never on a fixed sleep: the tree loads lazily from the emulator and timings vary by machine.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';

export class Workbench {
  constructor(readonly page: Page) {}

  get sidebar(): Locator {
    return this.page.locator('.monaco-workbench .part.sidebar');
  }

  /** Clicks the activity-bar entry whose aria-label starts with `title` and waits for its view to show. */
  async openViewContainer(title: string): Promise<void> {
    const entry = this.page.locator(`.monaco-workbench .part.activitybar .action-item [aria-label^="${title}"]`).first();
    await entry.waitFor({ timeout: 30_000 });
    // A second click on the active entry would collapse the side bar; only click when it is not already showing.
    const title$ = this.sidebar.locator('.composite.title').filter({ hasText: new RegExp(title, 'i') });
    if (!(await title$.isVisible())) await entry.click();
    await title$.waitFor({ timeout: 30_000 });
  }

  /**
   * Waits until the open view shows tree rows. If it is still showing its welcome content then (that content is
   * also what shows before the extension has activated, so it is only a verdict at the end), fails with that reason:
   * the extension is not signed in, or its activation failed (see the extension host log).
   */
  async waitForTreeRows(timeoutMs = 30_000): Promise<void> {
    try {
      await this.rows(1).first().waitFor({ timeout: timeoutMs });
    } catch (err) {
      const welcome = this.sidebar.locator('.welcome-view-content').first();
      if (!(await welcome.isVisible())) throw err;
      const text = (await welcome.innerText()).replace(/\s+/g, ' ').trim();
      throw new Error(`the view still shows its welcome content instead of the tree (not signed in, or activation failed): "${text}"`);
    }
  }

  /** Rows of the side bar's trees at a depth (1 = roots). */
  rows(level: number): Locator {
    return this.sidebar.locator(`.monaco-list-row[aria-level="${level}"]`);
  }

  /** The label (without description) of a tree row. */
  async label(row: Locator): Promise<string> {
    return (await row.locator('.label-name').first().innerText()).trim();
  }

  /**
   * Expands the first row at `level` matching `name` (and, with `collapsibleOnly`, that can expand) and waits until
   * its children are rendered. Returns the expanded row's label.
   */
  async expand(level: number, options: { name?: RegExp; collapsibleOnly?: boolean; timeoutMs?: number } = {}): Promise<string> {
    const timeout = options.timeoutMs ?? 30_000;
    // Collapsible rows carry aria-expanded (true/false); leaves have none.
    let candidates = this.sidebar.locator(`.monaco-list-row[aria-level="${level}"]${options.collapsibleOnly ? '[aria-expanded]' : ''}`);
    if (options.name) candidates = candidates.filter({ has: this.page.locator('.label-name', { hasText: options.name }) });
    const row = candidates.first();
    await row.waitFor({ timeout });
    const label = await this.label(row);
    if ((await row.getAttribute('aria-expanded')) !== 'true') {
      await this.treeIdle(timeout);
      // Re-read: the row may have expanded (a refresh restoring it) while the progress bar ran.
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
    }
    await this.sidebar.locator(`.monaco-list-row[aria-level="${level}"][aria-expanded="true"]`)
      .filter({ has: this.page.locator('.label-name', { hasText: label }) }).first().waitFor({ timeout });
    await this.rows(level + 1).first().waitFor({ timeout });
    await this.treeIdle();
    return label;
  }

  /**
   * Expands a path of rows from the roots (`path[0]` at level 1), checking each row's aria-expanded and clicking
   * only the collapsed ones. A full refresh of the tree (e.g. after a command) can collapse rows or re-render them
   * mid-walk: then the walk starts again from the top, until `timeoutMs` has passed. Returns the labels.
   */
  async expandPath(path: readonly RegExp[], timeoutMs = 60_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const labels: string[] = [];
        for (const [i, name] of path.entries()) {
          const left = deadline - Date.now();
          labels.push(await this.expand(i + 1, { name, timeoutMs: Math.max(1_000, Math.min(10_000, left)) }));
        }
        return labels;
      } catch (error) {
        if (Date.now() >= deadline) throw error;
      }
    }
  }

  /** Waits until no progress bar runs in the side bar (tree data loaded). */
  async treeIdle(timeoutMs = 30_000): Promise<void> {
    await this.sidebar.locator('.monaco-progress-container.active').first().waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** The content frame of the active webview editor (outer host iframe → `#active-frame`). */
  webview(): FrameLocator {
    return this.page.locator('.monaco-workbench iframe.webview.ready').last().contentFrame().locator('#active-frame').contentFrame();
  }

  /** Waits until the workbench shows a theme of this kind (after `workbench.colorTheme` changed). */
  async waitForTheme(kind: 'light' | 'dark'): Promise<void> {
    const cls = kind === 'dark' ? 'vs-dark' : 'vs';
    await this.page.locator(`.monaco-workbench.${cls}`).waitFor({ timeout: 30_000 });
  }

  /** Drags the side bar's sash to make it `to` px wide, so screenshots show tree labels untruncated. */
  async resizeSidebar(to: number): Promise<void> {
    const box = await this.sidebar.boundingBox();
    if (!box) return;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width + 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + to + 1, y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** Parks the mouse on the empty right part of the title bar, where no hover opens, so screenshots are stable. */
  async parkMouse(): Promise<void> {
    await this.page.mouse.move(1050, 17);
  }
}
