/**
 * Issue 3, activation: how long `activate()` of this extension takes compared with a hello-world extension, both
 * activated in the same real VS Code extension host (code-server, headless Chromium — test/vscode/codeServer.ts).
 *
 * What is measured: a small extension-tests module (run as `extensionTestsPath`, like the extension tests) calls
 * `vscode.extensions.getExtension(id).activate()` for each extension and times it with performance.now(): module
 * load (require of the bundle) + the `activate` call + its promise. Both are installed extensions (extensions dir),
 * the measurer is the window's extension under development. Both extensions are inactive before (checked):
 * no activation event of either fires in an empty window. Every sample is a fresh window (fresh extension host); the
 * order alternates between samples so neither extension always pays the host's first-activation costs.
 *
 * Our extension is measured as it ships: the project's own esbuild config run with --production (minified, no
 * source maps) into a temp copy, so the shared dist/ (other engineers' dev build) is not touched. The window has the
 * emulator settings and environment sign-in (test/vscode/services.ts), as a configured user would.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, repoRoot, startCodeServer, workbenchUrl } from '../vscode/codeServer';
import { emulatorSettings } from '../vscode/services';
import { fmtList, fmtMs, fmtRatio, median, type Benchmark, type Row, type WorkerTask } from './harness';

const HELLO_ID = 'bench.hello-world';
const SETTLE_MS = 1500;

/** The hello-world extension `yo code` generates (one command), compiled to plain JS. */
function writeHelloWorld(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'hello-world', publisher: 'bench', displayName: 'Hello World', version: '0.0.1', engines: { vscode: '^1.90.0' },
    main: './extension.js', activationEvents: [],
    contributes: { commands: [{ command: 'helloWorld.helloWorld', title: 'Hello World' }] },
  }, null, 2));
  writeFileSync(join(dir, 'extension.js'), `"use strict";
const vscode = require("vscode");
function activate(context) {
  console.log('Congratulations, your extension "hello-world" is now active!');
  const disposable = vscode.commands.registerCommand("helloWorld.helloWorld", () => {
    vscode.window.showInformationMessage("Hello World from hello-world!");
  });
  context.subscriptions.push(disposable);
}
function deactivate() {}
module.exports = { activate, deactivate };
`);
}

/** The extensionTestsPath module: activates the extensions named in sample.json, in order, and writes the timings. */
function writeMeasurer(dir: string): void {
  mkdirSync(dir, { recursive: true });
  // Also the window's extension under development (a payload with a tests path wants one); it contributes nothing.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'activation-measurer', publisher: 'bench', version: '0.0.1', engines: { vscode: '^1.90.0' } }));
  writeFileSync(join(dir, 'index.js'), `"use strict";
const vscode = require("vscode");
const { performance } = require("perf_hooks");
const fs = require("fs");
const path = require("path");
exports.run = async function run() {
  const sample = JSON.parse(fs.readFileSync(path.join(__dirname, "sample.json"), "utf8"));
  // Let the window finish starting (it shares the 2 cores with this host) before timing anything.
  await new Promise((resolve) => setTimeout(resolve, sample.settleMs));
  const result = { activations: [], vscodeVersion: vscode.version };
  try {
    for (const id of sample.order) {
      const ext = vscode.extensions.getExtension(id);
      if (!ext) throw new Error("extension " + id + " is not loaded; loaded non-builtin: " + vscode.extensions.all.filter((e) => !e.extensionPath.includes("/lib/vscode/extensions/")).map((e) => e.id + " @ " + e.extensionPath).join(", "));
      const wasActive = ext.isActive;
      const t0 = performance.now();
      await ext.activate();
      const ms = performance.now() - t0;
      result.activations.push({ id, ms, wasActive, isActive: ext.isActive });
    }
  } catch (err) {
    result.error = String(err && err.stack || err);
  }
  fs.writeFileSync(sample.out, JSON.stringify(result));
};
`);
}

/** Builds the shipped bundle with the project's own esbuild config (--production) in a temp copy of the layout. */
async function buildShippedExtension(root: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const f of ['src', 'node_modules', 'media']) symlinkSync(join(root, f), join(dir, f), 'dir');
  for (const f of ['package.json', 'tsconfig.json', 'esbuild.config.mjs']) cpSync(join(root, f), join(dir, f));
  const child = spawn(process.execPath, ['esbuild.config.mjs', '--production'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`production build failed (${code})`);
  // The measured copy keeps no activation events: the real manifest's `onLanguage:json` fires while an empty window
  // starts (VS Code's exthost log: "_doActivateExtension …, activationEvent: 'onLanguage:json'"), before the
  // measurer could time anything. Events only decide *when* activate() runs, not what it costs.
  const manifestPath = join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { activationEvents?: string[] };
  manifest.activationEvents = [];
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
}

interface Sample {
  activations: { id: string; ms: number; wasActive: boolean; isActive: boolean }[];
  vscodeVersion: string;
  error?: string;
}

export const activationWorkerTasks: Record<string, WorkerTask> = {};

export const activation: Benchmark = {
  name: 'activation',
  title: 'issue 3: activate() vs a hello-world extension in the same VS Code',
  async run(ctx): Promise<Row[]> {
    const reps = Number(ctx.options.get('activation-reps') ?? ctx.options.get('reps') ?? 5);
    const root = repoRoot();
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
    const ourId = `${manifest.publisher}.${manifest.name}`;
    const tmp = mkdtempSync(join(tmpdir(), 'aml-bench-activation-'));
    const ours = join(tmp, 'extension');
    const hello = join(tmp, 'hello-world');
    const measurer = join(tmp, 'measurer');
    writeHelloWorld(hello);
    writeMeasurer(measurer);
    await buildShippedExtension(root, ours);
    const bundleBytes = statSync(join(ours, 'dist', 'extension.js')).size;

    // Both installed the way VS Code installs a VSIX (<publisher>.<name>-<version> in the extensions dir, as the demo
    // does): the web workbench takes only one extensionDevelopmentPath, and that one is the measurer.
    const extensionsDir = join(tmp, 'extensions');
    mkdirSync(extensionsDir);
    symlinkSync(ours, join(extensionsDir, `${ourId}-${manifest.version}`), 'dir');
    symlinkSync(hello, join(extensionsDir, `${HELLO_ID}-0.0.1`), 'dir');
    const server = await startCodeServer({
      extensionsDir,
      settings: emulatorSettings(ctx.services),
      env: ctx.env,
      logFile: join(root, '.vscode-test', 'logs', 'bench-code-server.log'),
    });
    const browser = await launchBrowser();
    const samples: Sample[] = [];
    try {
      let exited: (() => void) | undefined;
      await browser.context.exposeFunction('codeAutomationLog', () => undefined);
      await browser.context.exposeFunction('codeAutomationExit', () => exited?.());
      for (let i = 0; i < reps; i++) {
        const out = join(tmp, `sample-${i}.json`);
        const order = i % 2 === 0 ? [ourId, HELLO_ID] : [HELLO_ID, ourId];
        writeFileSync(join(measurer, 'sample.json'), JSON.stringify({ order, out, settleMs: SETTLE_MS }));
        const done = new Promise<void>((resolve, reject) => {
          exited = resolve;
          setTimeout(() => reject(new Error(`sample ${i}: the extension host did not finish within 90 s\n${server.logTail(15)}`)), 90_000).unref();
        });
        await browser.page.goto(workbenchUrl(server, { extensionDevelopmentPaths: [measurer], extensionTestsPath: join(measurer, 'index.js') }));
        await done;
        if (!existsSync(out)) throw new Error(`sample ${i} wrote no result; extension host errors: ${server.extensionHostErrors().join('\n')}`);
        const sample = JSON.parse(readFileSync(out, 'utf8')) as Sample;
        if (sample.error) throw new Error(`sample ${i}: ${sample.error}\nextension host errors:\n${server.extensionHostErrors().join('\n')}`);
        samples.push(sample);
        ctx.log(`  activation sample ${i + 1}/${reps}: ${sample.activations.map((a) => `${a.id} ${a.ms.toFixed(1)} ms`).join(', ')}`);
        await browser.page.goto('about:blank');
      }
    } finally {
      // VS Code's own record of why and when each was activated (the exthost logs go with the temp profile).
      const logs = server.saveVsCodeLogs(join(root, '.vscode-test', 'logs', 'bench-vscode-logs'));
      ctx.log(`  activation: VS Code logs in ${logs}`);
      await browser.close();
      await server.stop();
      rmSync(tmp, { recursive: true, force: true });
    }

    const of = (id: string) => samples.map((s) => s.activations.find((a) => a.id === id)!);
    const oursMs = of(ourId).map((a) => a.ms);
    const helloMs = of(HELLO_ID).map((a) => a.ms);
    const preActive = [...of(ourId), ...of(HELLO_ID)].filter((a) => a.wasActive).length;
    const notActive = [...of(ourId), ...of(HELLO_ID)].filter((a) => !a.isActive).length;
    const bench = 'activation';
    const ratio = median(oursMs) / median(helloMs);
    return [
      { bench, metric: 'setup', value: `VS Code ${samples[0]?.vscodeVersion} (code-server), ${samples.length} fresh extension hosts, shipped (--production) bundle ${(bundleBytes / 1024).toFixed(0)} KiB, activation events stripped`, status: 'INFO' },
      { bench, metric: `${ourId} activate(), median`, value: `${fmtMs(median(oursMs))} (${fmtList(oursMs, 1)})`, status: 'INFO' },
      { bench, metric: `hello-world activate(), median`, value: `${fmtMs(median(helloMs))} (${fmtList(helloMs, 1)})`, status: 'INFO' },
      { bench, metric: 'ours / hello-world', value: `${fmtRatio(ratio)} (+${fmtMs(median(oursMs) - median(helloMs))})`, goal: 'print (no target)', status: 'INFO' },
      ...(preActive || notActive ? [{ bench, metric: 'validity', value: `${preActive} activation(s) already active before timing, ${notActive} not active after`, status: 'MISS' as const }] : []),
    ];
  },
};
