// One build for everything: the extension (node/cjs), the webview app (browser/iife) and the tests.
// Flags: --production (minify, no source maps), --watch, --tests (also build test/ entry points).
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const withTests = args.has('--tests');

/** Every `*.ts` file under `dir` whose name passes `keep`. */
function findEntries(dir, keep) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...findEntries(full, keep));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts') && keep(full)) found.push(full);
  }
  return found;
}

const logPlugin = {
  name: 'watch-log',
  setup(build) {
    build.onStart(() => { if (watch) console.log('[watch] build started'); });
    build.onEnd((result) => {
      for (const e of result.errors) console.error(`✘ [ERROR] ${e.text} ${e.location ? `${e.location.file}:${e.location.line}` : ''}`);
      if (watch) console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  plugins: [logPlugin],
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    mainFields: ['module', 'main'],
    keepNames: true,
    // Some @azure packages ship ESM that calls createRequire(import.meta.url); in a cjs bundle import.meta is
    // empty, so give it the bundle's own file URL.
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  },
  {
    ...common,
    entryPoints: { modelVersion: 'src/webviewApp/modelVersion/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

if (withTests) {
  // A deleted test must not keep running from a stale bundle.
  if (!watch) rmSync('out', { recursive: true, force: true });
  // Tests and test infrastructure (emulator, harness, benchmark) run from out/ with node_modules resolved at run time.
  const testEntries = findEntries('test', (f) => /\.test\.ts$/.test(f) || /[\\/](main|index|run[A-Za-z]*|driver|demo|bench)\.ts$/.test(f));
  targets.push({
    ...common,
    entryPoints: testEntries,
    outbase: '.',
    outdir: 'out',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    external: ['vscode'],
  });
}

if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
}
