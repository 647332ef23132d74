/**
 * `npm run bench [-- <name>… --reps=N --size-mib=N]`: the performance figures of issues 3, 4 and 5, printed as one
 * table of measured values and ratios with their goals. Not a test: a MISS does not fail the run; only a benchmark
 * that crashes makes the exit code non-zero.
 *
 * The emulator + Azurite (demo seed) are started once here. Measurements that talk TLS to the emulator run in a
 * child (`bench.js --worker <task>`) that starts with servicesEnv (NODE_EXTRA_CA_CERTS); the activation benchmark
 * runs code-server + Chromium from here. Each benchmark lives in its own module; see test/bench/README.md.
 */
import { performance } from 'node:perf_hooks';
import { servicesEnv } from '../support/servicesEnv';
import { startServices } from '../support/startServices';
import { activation, activationWorkerTasks } from './activation';
import { download, downloadWorkerTasks } from './download';
import { fanOut, fanOutWorker } from './fanOut';
import { printTable, runWorker, snapshotBundle, workerMain, type Benchmark, type BenchContext, type Row, type WorkerTask } from './harness';
import { register, registerWorkerTasks } from './register';
import { pagingWorker, treePaging } from './treePaging';

const benchmarks: readonly Benchmark[] = [treePaging, fanOut, activation, register, download];

const workerTasks: Record<string, WorkerTask> = {
  paging: (a) => pagingWorker(a as Parameters<typeof pagingWorker>[0]),
  fanout: (a) => fanOutWorker(a as Parameters<typeof fanOutWorker>[0]),
  ...activationWorkerTasks,
  ...registerWorkerTasks,
  ...downloadWorkerTasks,
};

function parseArgs(argv: readonly string[]): { names: string[]; options: Map<string, string> } {
  const names: string[] = [];
  const options = new Map<string, string>();
  for (const arg of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (m) options.set(m[1]!, m[2] ?? 'true');
    else names.push(arg);
  }
  return { names, options };
}

/** startServices runs out/test/emulator/main.js: if a concurrent build just removed out/, wait for it and try again. */
async function startServicesPatiently(): Promise<Awaited<ReturnType<typeof startServices>>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServices({ seed: 'demo' });
    } catch (error) {
      if (attempt >= 3) throw error;
      console.error(`[bench] services did not start (${String((error as Error).message).split('\n')[0]}); retrying in 10 s`);
      await new Promise((r) => setTimeout(r, 10_000));
    }
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--worker') return workerMain(workerTasks, argv[1]!, argv[2]);

  const { names, options } = parseArgs(argv);
  const unknown = names.filter((n) => !benchmarks.some((b) => b.name === n));
  if (unknown.length > 0 || options.has('help')) {
    console.error(`${unknown.length ? `unknown benchmark(s): ${unknown.join(', ')}\n` : ''}usage: npm run bench -- [${benchmarks.map((b) => b.name).join('|')}]… [--reps=N] [--size-mib=N]`);
    return unknown.length ? 2 : 0;
  }
  const selected = names.length ? benchmarks.filter((b) => names.includes(b.name)) : benchmarks;
  const started = performance.now();
  const log = (line: string) => console.log(line);

  // First thing: other engineers' builds delete out/ at any time; workers run from this private copy.
  const bundle = await snapshotBundle(__filename);
  process.once('exit', () => bundle.remove());
  // Ctrl-C: exit normally so exit handlers run (snapshot removed, code-server group killed; the emulator stops
  // by itself when its stdin closes).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  const services = await startServicesPatiently();
  log(`[bench] services ready in ${((performance.now() - started) / 1000).toFixed(1)} s (${services.armEndpoint}, Azurite ${services.blobEndpointTemplate})`);
  const env = servicesEnv(services);
  const ctx: BenchContext = {
    services, env, options, log,
    worker: (task, args) => runWorker(bundle.path, task, args, env, log),
  };
  const rows: Row[] = [];
  let crashed = 0;
  try {
    for (const b of selected) {
      const t0 = performance.now();
      log(`[bench] ${b.name}: ${b.title}…`);
      try {
        rows.push(...(await b.run(ctx)));
      } catch (error) {
        crashed++;
        console.error(`[bench] ${b.name} crashed: ${(error as Error)?.stack ?? error}`);
        rows.push({ bench: b.name, metric: 'crashed', value: String((error as Error)?.message ?? error).split('\n')[0]!.slice(0, 120), status: 'ERROR' });
      } finally {
        await services.reset().catch(() => undefined);
      }
      log(`[bench] ${b.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    bundle.remove();
    await services.stop();
  }
  const misses = rows.filter((r) => r.status === 'MISS').length;
  console.log(`\nBenchmarks (${selected.map((b) => b.name).join(', ')}), ${new Date().toISOString()}, ${((performance.now() - started) / 1000).toFixed(0)} s total\n`);
  console.log(printTable(rows));
  console.log(`\n${rows.filter((r) => r.status === 'PASS').length} PASS, ${misses} MISS${crashed ? `, ${crashed} crashed` : ''}. Goals are figures, not tests: a MISS does not fail the run.`);
  return crashed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
