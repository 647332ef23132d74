/**
 * `npm run test:integration`: starts Azurite + the emulator (demo seed), runs mocha over every built integration
 * test with the services' environment (NODE_EXTRA_CA_CERTS must be set before node starts, hence the child
 * process), always stops the services, and exits with mocha's code.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../emulator/paths';
import { servicesEnv } from '../support/servicesEnv';
import { startServices } from '../support/startServices';

async function main(): Promise<number> {
  const root = repoRoot();
  const started = Date.now();
  const services = await startServices({ seed: 'demo' });
  console.log(`services ready in ${Date.now() - started} ms: ${services.armEndpoint}, Azurite ${services.blobEndpointTemplate}`);
  try {
    const mocha = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'mocha.cmd' : 'mocha');
    const args = ['--timeout', '30000', '--enable-source-maps', '--recursive', 'out/test/integration/**/*.test.js', ...process.argv.slice(2)];
    const child = spawn(mocha, args, { cwd: root, env: servicesEnv(services), stdio: 'inherit' });
    return await new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    await services.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
