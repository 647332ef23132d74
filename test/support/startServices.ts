import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../emulator/paths';
import { controlClient } from './controlClient';
import type { RunningServices, ServiceEndpoints } from './serviceTypes';

/**
 * Starts Azurite + the Azure ML emulator as one child process (out/test/emulator/main.js, which must be built),
 * seeded with `seed` ('demo', 'empty' or a path to a state JSON file), and resolves when it reports ready.
 */
export interface StartServicesOptions {
  seed: 'demo' | 'empty' | (string & {});
  /** In-progress polls before an LRO ends (default 2). */
  lroInProgressPolls?: number;
  /** Milliseconds to wait for readiness (default 120 s: the demo seed uploads the model folders). */
  timeoutMs?: number;
}

export async function startServices(options: StartServicesOptions): Promise<RunningServices> {
  const main = join(repoRoot(), 'out', 'test', 'emulator', 'main.js');
  const args = [main, '--json', '--seed', options.seed];
  if (options.lroInProgressPolls !== undefined) args.push('--lro-polls', String(options.lroInProgressPolls));
  // stdin stays open: the emulator shuts itself down when this process goes away and closes it.
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const endpoints = await new Promise<ServiceEndpoints>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`emulator not ready after ${options.timeoutMs ?? 120_000} ms: ${stderr}`));
    }, options.timeoutMs ?? 120_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const parsed = JSON.parse(line) as ServiceEndpoints & { ready?: boolean };
      if (!parsed.ready) return;
      clearTimeout(timer);
      const { ready: _ready, ...rest } = parsed;
      resolve(rest);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code} before it was ready: ${stderr}`));
    });
  });

  const control = controlClient(endpoints);
  return {
    ...endpoints,
    ...control,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    },
  };
}
