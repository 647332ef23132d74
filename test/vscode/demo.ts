/**
 * `npm run demo`: the extension in a real VS Code against the emulator, for a person with a browser.
 * Starts the emulator + Azurite (demo seed) and code-server on 127.0.0.1:8080 (or a free port; AML_DEMO_PORT), with
 * this repository installed as a normal extension (a symlink in a fresh --extensions-dir, so a rebuild + "Reload
 * Window" shows changes) and settings pointing it at the emulator; opens a fresh copy of ../shared/fixtures/real-models
 * plus the model-reference fixtures in .vscode-test/demo-workspace/ (recreated each start, so nothing VS Code writes
 * lands in ../shared), with downloads defaulting to its downloads/ folder and model references resolved against
 * ws-fraud-prod.
 * Ctrl-C stops everything. `--check`: instead of waiting, load the page in headless Chromium, check the activity-bar
 * entry is there, save test-results/demo.png and exit (a smoke test of the demo itself).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, onInterrupt, repoRoot, startCodeServer, waitForWorkbench, type CodeServer } from './codeServer';
import { Workbench } from '../ui/workbench';
import { fraudProdWorkspaceId, prepareModelWorkspace } from './modelWorkspace';
import { startVsCodeServices, type VsCodeServices } from './services';

async function main(): Promise<number> {
  const root = repoRoot();
  const check = process.argv.includes('--check');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string; main: string };
  if (!existsSync(join(root, manifest.main))) {
    console.error(`[demo] ${manifest.main} is missing: run npm run build first`);
    return 1;
  }
  const workspace = prepareModelWorkspace(root, join(root, '.vscode-test', 'demo-workspace'));
  const folder = workspace?.folder;

  let vsc: VsCodeServices | undefined;
  let server: CodeServer | undefined;
  // Installed the way VS Code installs a VSIX (<publisher>.<name>-<version> in the extensions dir), so the window is
  // a normal one, not an Extension Development Host; the symlink keeps it live on the repository's dist/.
  const extensionsDir = mkdtempSync(join(tmpdir(), 'aml-demo-ext-'));
  symlinkSync(root, join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');
  let stopping: Promise<void> | undefined;
  const cleanup = () => (stopping ??= (async () => {
    await server?.stop();
    await vsc?.stop();
    rmSync(extensionsDir, { recursive: true, force: true });
  })());
  onInterrupt(async () => {
    console.log('\n[demo] stopping…');
    await cleanup();
  });
  try {
    vsc = await startVsCodeServices('demo');
    server = await startCodeServer({
      preferredPort: Number(process.env.AML_DEMO_PORT || 8080),
      extensionsDir,
      folder,
      settings: {
        ...vsc.settings,
        'amlInventory.references.workspace': fraudProdWorkspaceId(vsc.services.subscriptionIds[0]!),
        ...(workspace ? { 'amlInventory.download.defaultFolder': workspace.downloads } : {}),
      },
      env: vsc.env,
      logFile: join(root, '.vscode-test', 'logs', 'demo-code-server.log'),
    });
    const url = `${server.url}/${folder ? `?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}` : ''}`;
    const s = vsc.services;
    console.log([
      '',
      `  Azure ML Model Inventory demo — open ${url}`,
      '',
      `  ARM emulator     ${s.armEndpoint}  (subscriptions: ${s.subscriptionIds.join(', ')})`,
      `  Token authority  ${s.authorityHost}/${s.tenantId}`,
      `  Blob (Azurite)   ${s.blobEndpointTemplate}`,
      `  Emulator control ${s.controlUrl}`,
      `  CA certificate   ${s.caCertPath}`,
      `  Server log       ${server.logFile}`,
      '',
      check ? '  --check: verifying the page…' : '  Ctrl-C stops everything.',
      '',
    ].join('\n'));
    if (check) {
      const code = await checkPage(root, url);
      if (code !== 0) {
        console.error(`  VS Code logs: ${server.saveVsCodeLogs(join(root, 'test-results', 'demo-vscode-logs'))}`);
        for (const line of server.extensionHostErrors()) console.error(`  extension host: ${line}`);
      }
      return code;
    }
    const code = await server.exited;
    if (stopping) return 0; // Ctrl-C: onInterrupt finishes the cleanup and exits
    console.error(`[demo] code-server exited unexpectedly (code ${code}); see ${server.logFile}`);
    return 1;
  } catch (err) {
    console.error(`[demo] ${(err as Error).stack ?? err}`);
    return 1;
  } finally {
    await cleanup();
  }
}

/** Headless look at the demo page: the workbench loads and shows the extension's activity-bar entry. */
async function checkPage(root: string, url: string): Promise<number> {
  const browser = await launchBrowser();
  try {
    await browser.page.goto(url);
    await waitForWorkbench(browser.page);
    const wb = new Workbench(browser.page);
    await wb.openViewContainer('Model Inventory');
    await wb.waitForTreeRows();
    mkdirSync(join(root, 'test-results'), { recursive: true });
    await browser.page.screenshot({ path: join(root, 'test-results', 'demo.png') });
    console.log('[demo] --check passed: workbench loaded, "Model Inventory" in the activity bar, tree rendered (test-results/demo.png)');
    return 0;
  } catch (err) {
    mkdirSync(join(root, 'test-results'), { recursive: true });
    await browser.page.screenshot({ path: join(root, 'test-results', 'demo.png') }).catch(() => undefined);
    console.error(`[demo] --check failed: ${(err as Error).message} (test-results/demo.png)`);
    return 1;
  } finally {
    await browser.close();
  }
}

void main().then((code) => process.exit(code));
