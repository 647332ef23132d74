/**
 * Shared plumbing of `npm run bench`: result rows and the printed table, medians, timing, and running a measuring
 * task in a child process of this same bundle (`bench.js --worker <task>`), with the services' environment
 * (NODE_EXTRA_CA_CERTS is read by Node only at start, so anything that talks TLS to the emulator runs in a child).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../emulator/paths';

/** One printed line of the table. `status` is empty for informational rows (no goal). */
export interface Row {
  readonly bench: string;
  readonly metric: string;
  readonly value: string;
  readonly goal?: string;
  readonly status?: 'PASS' | 'MISS' | 'INFO' | 'ERROR';
}

/** A benchmark as bench.ts runs it: a name (`npm run bench -- <name>`), the issue it comes from, a runner. */
export interface Benchmark {
  readonly name: string;
  readonly title: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

export interface BenchContext {
  /** Endpoints and control of the running emulator + Azurite (demo seed). */
  readonly services: import('../support/serviceTypes').RunningServices;
  /** Environment for children that use the services (servicesEnv). */
  readonly env: NodeJS.ProcessEnv;
  /** Command-line options after the benchmark names (`--size-mib=256`, `--reps=5`, …). */
  readonly options: ReadonlyMap<string, string>;
  /** Runs `task` of this bundle in a fresh child with the services' env; resolves with what the task returned. */
  worker<T>(task: string, args?: unknown): Promise<T>;
  log(line: string): void;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await run();
  return { ms: performance.now() - start, result };
}

export const fmtMs = (ms: number): string => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
export const fmtRatio = (r: number): string => `${r.toFixed(2)}×`;
export const fmtList = (values: readonly number[], digits = 0): string => values.map((v) => v.toFixed(digits)).join(' / ');
export const MiB = 1024 * 1024;
export const fmtMiB = (bytes: number): string => `${(bytes / MiB).toFixed(0)} MiB`;

/** PASS when `ok`, else MISS. */
export const verdict = (ok: boolean): 'PASS' | 'MISS' => (ok ? 'PASS' : 'MISS');

/** Samples this process's RSS every `everyMs` until stopped; `peak` includes a final sample. */
export function rssSampler(everyMs = 20): { readonly baseline: number; stop(): number } {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), everyMs);
  return {
    baseline,
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

export function printTable(rows: readonly Row[]): string {
  const header = ['Benchmark', 'Measure', 'Value', 'Goal', 'Result'];
  const cells = rows.map((r) => [r.bench, r.metric, r.value, r.goal ?? '', r.status ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

// ---- workers -------------------------------------------------------------------------------------------------

const RESULT_MARK = '@@BENCH_RESULT ';

/** Tasks this bundle can run as a worker: `bench.js --worker <task> <json args>`. */
export type WorkerTask = (args: unknown) => Promise<unknown>;

/**
 * Other engineers rebuild (and so delete) out/ while a benchmark runs; workers start from a private copy of this
 * bundle inside the repository (so repoRoot() and node_modules resolve the same), removed when the run ends.
 */
export async function snapshotBundle(bundle: string): Promise<{ path: string; remove(): void }> {
  const dir = join(repoRoot(), '.vscode-test', 'bench', String(process.pid));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'bench.js');
  // A concurrent build may be between deleting out/ and writing it again: wait for the bundle (up to 60 s).
  for (let waited = 0; !existsSync(bundle); waited += 500) {
    if (waited > 60_000) throw new Error(`${bundle} is missing (out/ rebuilt by someone else?): run npm run build:tests`);
    await new Promise((r) => setTimeout(r, 500));
  }
  copyFileSync(bundle, path);
  if (existsSync(`${bundle}.map`)) copyFileSync(`${bundle}.map`, `${path}.map`);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function runWorker<T>(bundle: string, task: string, args: unknown, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = spawn(process.execPath, ['--enable-source-maps', bundle, '--worker', task, JSON.stringify(args ?? null)], {
      env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let result: { ok: true; value: T } | { ok: false; error: string } | undefined;
    let stderr = '';
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.startsWith(RESULT_MARK)) result = JSON.parse(line.slice(RESULT_MARK.length));
        else if (line.trim()) log(`  [${task}] ${line}`);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (result?.ok) resolve(result.value);
      else reject(new Error(`worker ${task} ${result ? `failed: ${result.error}` : `exited (${code ?? signal}) without a result`}\n${stderr.slice(-4000)}`));
    });
  });
}

/** The worker side: runs the task and prints its JSON result on one marked line. */
export async function workerMain(tasks: Readonly<Record<string, WorkerTask>>, task: string, rawArgs: string | undefined): Promise<number> {
  const run = tasks[task];
  try {
    if (!run) throw new Error(`unknown worker task ${task}`);
    const value = await run(rawArgs ? JSON.parse(rawArgs) : null);
    process.stdout.write(`${RESULT_MARK}${JSON.stringify({ ok: true, value })}\n`);
    return 0;
  } catch (error) {
    process.stdout.write(`${RESULT_MARK}${JSON.stringify({ ok: false, error: (error as Error)?.stack ?? String(error) })}\n`);
    return 1;
  }
}
