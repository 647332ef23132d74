/**
 * `npm run test:ui`: end-to-end through the real workbench. Starts the emulator and code-server with this repository
 * loaded as a development extension, then, in headless Chromium: opens "Model Inventory" from the activity bar,
 * expands subscription → Workspaces → workspace → model, opens a version's details webview, checks what is shown
 * and saves screenshots (light and dark theme) to test-results/screenshots/ — or, with `--update-screenshots`
 * (`npm run screenshots`), to the tracked media/screenshots/ the README shows. Exits non-zero on the first failed
 * step, with a screenshot of the moment in test-results/.
 *
 * `--vsix [file]` (`npm run test:ui:vsix`, after `npm run package:vsix`): the same walk against the packaged extension
 * instead — the VSIX (default .vscode-test/vsix/<name>-<version>.vsix) is installed with code-server's
 * `--install-extension` into the run's fresh extensions dir, the window gets no development payload, the installed
 * folder is checked (production bundle, no source maps or sources), and screenshots go to test-results/vsix-screenshots/.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  launchBrowser,
  onInterrupt,
  repoRoot,
  startCodeServer,
  waitForWorkbench,
  workbenchUrl,
  type Browser,
  type CodeServer,
} from '../vscode/codeServer';
import { prepareModelWorkspace } from '../vscode/modelWorkspace';
import { startVsCodeServices, type VsCodeServices } from '../vscode/services';
import { deploymentSteps } from './deployments';
import { hoverSteps, registerAndDownloadSteps } from './inventorySteps';
import { Workbench } from './workbench';

const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' } as const;
/** What the view container is called in the activity bar (package.json viewsContainers.activitybar[].title). */
const CONTAINER_TITLE = 'Model Inventory';
/** The path walked, from the demo seed (test/emulator/seed/demoSeed.ts); labels as the tree nodes format them. */
const PATH = {
  subscription: /^Contoso ML Production$/,
  group: /^Workspaces$/,
  workspace: /^ws-fraud-prod\b/, // description: "Fraud detection (prod) · rg-ml-prod"
  model: /^fraud-detector$/, // not fraud-detector-nightly (10 000 versions: paging is another test's business)
};

async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await fn();
  console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  return result;
}

/** `--vsix [file]`: the VSIX to install, or undefined for a development-extension run. */
function vsixArgument(root: string): string | undefined {
  const at = process.argv.indexOf('--vsix');
  if (at < 0) return undefined;
  const given = process.argv[at + 1];
  if (given && !given.startsWith('--')) return resolve(given);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  return join(root, '.vscode-test', 'vsix', `${manifest.name}-${manifest.version}.vsix`);
}

/**
 * What the installed VSIX must look like: the manifest's main is there, minified (no source map, no map comment),
 * and nothing of the development tree came along; the README's relative images resolve inside the folder.
 */
function checkInstalledExtension(dir: string): string {
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(join(dir, f)).isFile());
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { main: string; publisher: string; name: string; version: string };
  const main = manifest.main.replace(/^\.\//, '');
  assert.ok(files.includes(main), `the installed extension has no ${main}: ${files.join(', ')}`);
  const stray = files.filter((f) => /\.map$/.test(f) || /^(src|test|out|node_modules|\.vscode-test)\//.test(f) || /\.ts$/.test(f));
  assert.deepEqual(stray, [], 'the VSIX carries development files');
  const bundle = readFileSync(join(dir, main), 'utf8');
  assert.ok(!/sourceMappingURL/.test(bundle), `${main} refers to a source map (not the production build)`);
  // Minified: a few hundred lines (template literals keep their newlines) averaging kilobytes; a development bundle
  // averages well under 100 characters a line.
  const lines = bundle.split('\n').length;
  assert.ok(bundle.length / lines > 500, `${main} is not minified (${lines} lines, ${bundle.length} bytes): not the production build`);
  const readmeFile = files.find((f) => /^readme\.md$/i.test(f)); // vsce stores it as readme.md
  assert.ok(readmeFile, `the installed extension has no README: ${files.join(', ')}`);
  const readme = readFileSync(join(dir, readmeFile), 'utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((src) => !/^[a-z]+:/i.test(src));
  const missing = images.filter((src) => !existsSync(join(dir, src)));
  assert.deepEqual(missing, [], 'README.md shows images the VSIX does not contain');
  const kb = (n: number) => `${Math.round(n / 1024)} KB`;
  return `${manifest.publisher}.${manifest.name}@${manifest.version}: ${files.length} files, ${main} ${kb(bundle.length)} minified, ${images.length} README images present`;
}

async function main(): Promise<number> {
  const root = repoRoot();
  const vsix = vsixArgument(root);
  const tag = vsix ? '[test:ui:vsix]' : '[test:ui]';
  const updateScreenshots = process.argv.includes('--update-screenshots') && !vsix;
  const shots = vsix ? join(root, 'test-results', 'vsix-screenshots')
    : updateScreenshots ? join(root, 'media', 'screenshots') : join(root, 'test-results', 'screenshots');
  // A VSIX run loads the installed extension only; a development run loads this repository (what F5 does).
  const extensionDevelopmentPaths = vsix ? [] : [root];
  const results = join(root, 'test-results');
  mkdirSync(shots, { recursive: true });
  // A fresh copy of ../shared/fixtures/real-models (register and download write next to what the window opens).
  const models = prepareModelWorkspace(root, join(root, '.vscode-test', vsix ? 'ui-vsix-workspace' : 'ui-workspace'));
  const folder = models?.folder ?? join(root, 'test', 'vscode', 'fixtures', 'workspace');

  let vsc: VsCodeServices | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let stopping: Promise<void> | undefined;
  // Idempotent: runs from `finally` and from Ctrl-C, whichever comes first.
  const cleanup = () => (stopping ??= (async () => {
    await browser?.close();
    await server?.stop();
    await vsc?.stop();
  })());
  onInterrupt(cleanup);
  const started = Date.now();
  try {
    vsc = await step('emulator + Azurite started', () => startVsCodeServices('demo'));
    server = await step(vsix ? `VSIX installed (--install-extension ${relative(root, vsix)}), code-server started` : 'code-server started', () => startCodeServer({
      settings: vsc!.settings,
      env: vsc!.env,
      logFile: join(root, '.vscode-test', 'logs', vsix ? 'ui-vsix-code-server.log' : 'ui-code-server.log'),
      vsix,
    }));
    if (server.installedExtension) {
      const installed = server.installedExtension;
      const summary = await step('installed extension checked', async () => checkInstalledExtension(installed));
      console.log(`    ${summary}`);
    }
    browser = await launchBrowser();
    const page = browser.page;
    const wb = new Workbench(page);

    // Once per theme, each from a fresh page load: code-server did not apply a live rewrite of settings.json (the
    // theme stayed light), while a load reads it reliably. The walk and its checks run in both themes.
    for (const kind of ['light', 'dark'] as const) {
      console.log(`  ${kind} theme (${THEMES[kind]})`);
      server.updateSettings({ 'workbench.colorTheme': THEMES[kind] });
      // Development run: the repository is loaded as an Extension Development Host extension (what F5 does, no
      // packaging needed). VSIX run: a plain window, with the extension installed in the extensions dir.
      await step('workbench loaded', async () => {
        await page.goto(workbenchUrl(server!, { folder, extensionDevelopmentPaths }));
        await waitForWorkbench(page);
        await wb.waitForTheme(kind);
        if (vsix) assert.ok(!(await page.title()).includes('Extension Development Host'), `a VSIX run opened an Extension Development Host: ${await page.title()}`);
      });
      await step(`"${CONTAINER_TITLE}" opened from the activity bar`, async () => {
        await wb.openViewContainer(CONTAINER_TITLE);
        await wb.resizeSidebar(440);
      });
      await step('tree rendered', () => wb.waitForTreeRows());

      const subscription = await step('subscription expanded', () => wb.expand(1, { name: PATH.subscription }));
      await step('"Workspaces" expanded', () => wb.expand(2, { name: PATH.group }));
      const workspace = await step('workspace expanded', () => wb.expand(3, { name: PATH.workspace }));
      const model = await step('model expanded', () => wb.expand(4, { name: PATH.model }));
      const versionRow = wb.rows(5).first();
      const version = await wb.label(versionRow);
      console.log(`    ${subscription} › Workspaces › ${workspace} › ${model} › ${version}`);
      assert.ok(subscription && workspace && model && version, 'a tree row has an empty label');

      await step('version details opened', async () => {
        await versionRow.click();
        // Webviews get the theme by message; the body class says when it has arrived.
        await wb.webview().locator(`body.vscode-${kind}`).filter({ hasText: model }).waitFor({ timeout: 30_000 });
      });
      const details = await wb.webview().locator('body').innerText();
      for (const expected of [model, version]) {
        assert.ok(details.includes(expected), `the details webview does not show "${expected}":\n${details.slice(0, 500)}`);
      }

      await step('screenshots', async () => {
        await wb.treeIdle();
        await wb.parkMouse();
        await page.screenshot({ path: join(shots, `inventory-${kind}.png`) });
        await wb.sidebar.screenshot({ path: join(shots, `tree-${kind}.png`) });
        await page.locator('.monaco-workbench .part.editor').screenshot({ path: join(shots, `version-details-${kind}.png`) });
      });
    }
    // Issue 6 (compare, roll back, undo) on the seeded blue/green endpoint, in the dark theme the loop ended with;
    // it leaves no editor or notification open.
    console.log('  deployments (compare, roll back, undo)');
    await deploymentSteps(page, wb, shots, step);
    // Issues 4, 5 (register from the Explorer, download from the tree) on the real-models folder, then
    // issue 7's hover in the fixture workspace (a fresh load with the references workspace set).
    if (models) {
      const inventory = { page, wb, shots, step, realModels: models.realModels };
      console.log('  register and download');
      await registerAndDownloadSteps(inventory);
      console.log('  model references (hover, CodeLens)');
      server.updateSettings({
        'workbench.colorTheme': THEMES.dark,
        'amlInventory.references.workspace': `/subscriptions/${vsc.services.subscriptionIds[0]}/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/ws-fraud-prod`,
      });
      await step('fixture workspace loaded', async () => {
        await page.goto(workbenchUrl(server!, { folder: join(root, 'test', 'vscode', 'fixtures', 'workspace'), extensionDevelopmentPaths }));
        await waitForWorkbench(page);
        await wb.waitForTheme('dark');
      });
      await hoverSteps(inventory);
    }
    if (vsix) {
      const errors = server.extensionHostErrors().filter((l) => /aml-model-inventory|amlInventory/i.test(l));
      assert.deepEqual(errors, [], 'the extension host logged errors for the installed extension');
      // The installed copy is the only one the server knows (no development payload), so its activation lines in
      // the extension host logs are the installed VSIX's.
      const logs = server.saveVsCodeLogs(join(results, 'ui-vsix-vscode-logs'));
      const activations = (readdirSync(logs, { recursive: true }) as string[])
        .filter((f) => /remoteexthost\.log$/.test(f))
        .flatMap((f) => readFileSync(join(logs, f), 'utf8').split('\n'))
        .map((l) => /_doActivateExtension aml-tools\.aml-model-inventory\b.*activationEvent: '([^']+)'/.exec(l)?.[1])
        .filter((e): e is string => e !== undefined);
      assert.ok(activations.length > 0, `no activation of aml-tools.aml-model-inventory in the extension host logs (${logs})`);
      console.log(`    installed extension activated ${activations.length}× (${[...new Set(activations)].join(', ')})`);
    }
    console.log(`${tag} passed in ${((Date.now() - started) / 1000).toFixed(1)}s; screenshots in ${shots}`);
    return 0;
  } catch (err) {
    mkdirSync(results, { recursive: true });
    const shot = join(results, vsix ? 'ui-vsix-failure.png' : 'ui-failure.png');
    await browser?.page.screenshot({ path: shot }).catch(() => undefined);
    console.error(`${tag} FAILED: ${(err as Error).stack ?? err}`);
    console.error(`  screenshot: ${shot}`);
    if (server) {
      console.error(`  server log: ${server.logFile}`);
      console.error(`  VS Code logs (extension host: exthost*/remoteexthost.log): ${server.saveVsCodeLogs(join(results, vsix ? 'ui-vsix-vscode-logs' : 'ui-vscode-logs'))}`);
      for (const line of server.extensionHostErrors()) console.error(`  extension host: ${line}`);
    }
    return 1;
  } finally {
    await cleanup();
  }
}

void main().then((code) => process.exit(code));
