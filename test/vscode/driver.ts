/**
 * Behaves like a VS Code executable for @vscode/test-electron's `runTests({ vscodeExecutablePath })` (reached through
 * code-shim.sh): takes VS Code's CLI flags, runs the tests in code-server's extension host by opening the workbench
 * in headless Chromium with a `payload` (extensionDevelopmentPath/extensionTestsPath), prints mocha's output and
 * exits with the extension host's exit code. Desktop VS Code is not downloadable here; code-server is.
 *
 * Env: AML_VSCODE_SETTINGS (JSON file of extra user settings), AML_VSCODE_TIMEOUT_MS (default 300000),
 * AML_VSCODE_LOG (server log file), AML_VSCODE_VERBOSE=1 (also print the workbench's own console lines).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { format } from 'node:util';
import {
  assertSmokeTestDriver,
  codeServerCli,
  launchBrowser,
  onInterrupt,
  settingsFromEnv,
  startCodeServer,
  workbenchUrl,
  type Browser,
  type CodeServer,
} from './codeServer';

/**
 * codeAutomationLog carries the whole page's console, not only the extension host's: the renderer's connection
 * chatter and the (expected) refused gallery calls would bury mocha's report. They still go to the workbench log.
 */
const WORKBENCH_NOISE = new RegExp([
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[(reconnection-grace-time|Service Worker|AgentHost|AccountPolicyGate)\b/,
  /^Updating additional builtin extensions cache/,
  /ECONNREFUSED 127\.0\.0\.1:9\b/, // the dead-end gallery/proxy: offline by design
  /^Canceled: Canceled/, // pending renderer calls dropped when the extension host exits after the tests
].map((r) => r.source).join('|'));
const verbose = process.env.AML_VSCODE_VERBOSE === '1';

interface VsCodeArgs {
  developmentPaths: string[];
  testsPath?: string;
  userDataDir?: string;
  extensionsDir?: string;
  folder?: string;
  /** CLI-only requests (--install-extension …) that code-server answers itself. */
  cli: string[];
}

/** Flags that code-server answers as a CLI without opening a window (test-electron's runVSCodeCommand uses them). */
const CLI_FLAGS = new Set(['--install-extension', '--uninstall-extension', '--list-extensions', '--show-versions', '--version', '--force']);

function parseArgs(argv: readonly string[]): VsCodeArgs {
  const out: VsCodeArgs = { developmentPaths: [], cli: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? (eq > 0 ? arg.slice(0, eq) : arg) : undefined;
    // VS Code accepts both `--flag=value` and `--flag value`.
    const value = () => (eq > 0 ? arg.slice(eq + 1) : argv[++i]);
    switch (name) {
      case '--extensionDevelopmentPath': out.developmentPaths.push(value()!); break;
      case '--extensionTestsPath': out.testsPath = value(); break;
      case '--user-data-dir': out.userDataDir = value(); break;
      case '--extensions-dir': out.extensionsDir = value(); break;
      case undefined: out.folder = arg; break;
      default:
        if (CLI_FLAGS.has(name)) {
          out.cli.push(name);
          if (name === '--install-extension' || name === '--uninstall-extension') out.cli.push(value()!);
        }
        // Everything else (--no-sandbox, --disable-gpu-sandbox, --disable-updates, --skip-welcome,
        // --skip-release-notes, --disable-workspace-trust, --disable-extensions, …) is desktop/Electron-specific or
        // already implied: code-server gets its own offline flags, and a fresh extensions dir holds no extensions.
        break;
    }
  }
  return out;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.cli.length > 0) {
    return codeServerCli(args.cli, { userDataDir: args.userDataDir ?? '.vscode-test/user-data', extensionsDir: args.extensionsDir ?? '.vscode-test/extensions' });
  }
  if (!args.testsPath) {
    console.error('[driver] --extensionTestsPath is required (this driver only runs extension tests)');
    return 2;
  }
  const timeoutMs = Number(process.env.AML_VSCODE_TIMEOUT_MS || 300_000);

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let workbenchLog: WriteStream | undefined;
  let stopping: Promise<void> | undefined;
  // Idempotent: runs from `finally` and from Ctrl-C, whichever comes first.
  const cleanup = () => (stopping ??= (async () => {
    await browser?.close();
    await server?.stop();
    workbenchLog?.end();
  })());
  onInterrupt(cleanup);
  try {
    server = await startCodeServer({
      userDataDir: args.userDataDir,
      extensionsDir: args.extensionsDir,
      settings: settingsFromEnv(),
      logFile: process.env.AML_VSCODE_LOG,
    });
    browser = await launchBrowser();
    // The run ends once: tests finished, page or server died, or the time limit. Whatever comes first wins.
    let settle!: (code: number) => void;
    let settled = false;
    const finished = new Promise<number>((done) => (settle = done));
    const exit = (code: number, why?: string) => {
      if (settled) return;
      settled = true;
      if (why) console.error(`[driver] ${why}`);
      settle(code);
    };
    // The workbench calls these when it runs with the smoke-test driver: console output of the extension host
    // (mocha's reporter) and, once the tests module's run() settles, the extension host's exit code.
    workbenchLog = createWriteStream(server.logFile.replace(/\.log$/, '') + '.workbench.log');
    await browser.context.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      workbenchLog!.write(`[${type}] ${line}\n`);
      if (!verbose && WORKBENCH_NOISE.test(line)) return;
      (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
    });
    await browser.context.exposeFunction('codeAutomationExit', (code: unknown) => exit(typeof code === 'number' ? code : 1));
    browser.page.on('crash', () => exit(1, 'the workbench page crashed'));
    const logFile = server.logFile;
    void server.exited.then((code) => exit(1, `code-server exited (code ${code}) before the tests finished; see ${logFile}`));
    const timer = setTimeout(() => exit(124,
      `timed out after ${timeoutMs / 1000}s waiting for the extension host to finish the tests ` +
      `(raise AML_VSCODE_TIMEOUT_MS if the suite is just slow). Server log: ${logFile}\n${server?.logTail(20)}`), timeoutMs);

    await browser.page.goto(workbenchUrl(server, {
      folder: args.folder,
      extensionDevelopmentPaths: args.developmentPaths,
      extensionTestsPath: args.testsPath,
    }));
    await assertSmokeTestDriver(browser.page);
    const code = await finished;
    clearTimeout(timer);
    return code;
  } catch (err) {
    console.error(`[driver] ${(err as Error).stack ?? err}`);
    return 1;
  } finally {
    await cleanup();
  }
}

void main().then((code) => process.exit(code));
