import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './paths';

/**
 * Azurite's blob service as a child process on loopback. Kept small and restartable: the fault suite stops and
 * starts it on the same port and storage folder to simulate a storage outage.
 */
export interface AzuriteProcess {
  readonly port: number;
  readonly location: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts azurite-blob (telemetry off, any x-ms-version accepted) and resolves once it answers HTTP. */
export async function startAzurite(options: { location: string; port?: number }): Promise<AzuriteProcess> {
  const port = options.port ?? (await freePort());
  const bin = join(repoRoot(), 'node_modules', '.bin', process.platform === 'win32' ? 'azurite-blob.cmd' : 'azurite-blob');
  const child = spawn(bin, [
    '--disableTelemetry', '--skipApiVersionCheck', '--silent', '--loose',
    '--location', options.location, '--blobHost', '127.0.0.1', '--blobPort', String(port),
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 20_000;
  while (!(await answers(port))) {
    if (child.exitCode !== null) throw new Error(`azurite-blob exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`azurite-blob did not answer on port ${port}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, location: options.location, stop: () => stopChild(child, exited) };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/devstoreaccount1?comp=list', method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
