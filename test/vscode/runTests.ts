/**
 * `npm run test:extension`: the extension-host tests (out/test/extension/**) in a real VS Code, against the emulator.
 *
 * Here (no desktop VS Code can be downloaded) @vscode/test-electron spawns test/vscode/code-shim.sh, which runs the
 * tests in code-server's extension host (driver.ts). On a desktop with internet, AML_USE_DESKTOP_VSCODE=1 leaves
 * vscodeExecutablePath unset and test-electron downloads and runs real VS Code with the very same suite and settings.
 */
import { runTests } from '@vscode/test-electron';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE_USER_SETTINGS, repoRoot } from './codeServer';
import { startVsCodeServices } from './services';

async function main(): Promise<number> {
  const root = repoRoot();
  const desktop = process.env.AML_USE_DESKTOP_VSCODE === '1';
  const started = Date.now();
  const vsc = await startVsCodeServices('demo');
  // Fresh profile per run. Its settings.json serves desktop VS Code; the driver writes code-server's own from
  // AML_VSCODE_SETTINGS (it only sees VS Code's CLI flags), over the same offline base.
  const profile = mkdtempSync(join(tmpdir(), 'aml-ext-tests-'));
  const userDataDir = join(profile, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_USER_SETTINGS, ...vsc.settings }, null, 2));
  const shim = join(root, 'test', 'vscode', 'code-shim.sh');
  chmodSync(shim, 0o755); // a checkout without the exec bit (zip download, some Windows-made clones) still works
  try {
    await runTests({
      ...(desktop ? {} : { vscodeExecutablePath: shim }),
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'test', 'extension', 'index.js'),
      launchArgs: [
        join(root, 'test', 'vscode', 'fixtures', 'workspace'),
        '--disable-extensions',
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${join(profile, 'extensions')}`,
      ],
      extensionTestsEnv: {
        ...vsc.env,
        AML_VSCODE_SETTINGS: vsc.settingsFile,
        AML_DRIVER_NODE: process.execPath,
      },
    });
    console.log(`[test:extension] passed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return 0;
  } catch (err) {
    console.error(`[test:extension] failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await vsc.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
