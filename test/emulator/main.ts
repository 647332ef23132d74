/**
 * Azure ML emulator entry point (`npm run emulator`, and the child process startServices() spawns).
 *
 *   node out/test/emulator/main.js [--seed demo|empty|<state.json>] [--port <n>] [--lro-polls <n>] [--json]
 *
 * Starts Azurite (blob) and the HTTPS ARM + token emulator on 127.0.0.1, seeds them, then prints one JSON line
 * `{"ready":true,...ServiceEndpoints}` on stdout (with --json that is all it prints; the parent reads it). Stops
 * cleanly on SIGINT/SIGTERM, and, with --json, when its parent closes stdin.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceEndpoints } from '../support/serviceTypes';
import { startAzurite, type AzuriteProcess } from './azurite';
import { azuriteBlobService } from './blobService';
import { AZURITE_ACCOUNT_KEY, AZURITE_ACCOUNT_NAME, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, EMULATOR_TENANT_ID } from './config';
import { buildDemoState, DEMO } from './seed/demoSeed';
import { EmulatorServer } from './server';
import { emptyState, type EmulatorState } from './state/model';
import { createSelfSignedCertificate } from './tls';

interface Options {
  seed: string;
  port: number;
  lroPolls: number;
  json: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { seed: 'demo', port: 0, lroPolls: 2, json: false };
  for (let i = 0; i < argv.length; i++) {
    const next = () => argv[++i] ?? '';
    switch (argv[i]) {
      case '--seed': options.seed = next(); break;
      case '--port': options.port = Number(next()); break;
      case '--lro-polls': options.lroPolls = Number(next()); break;
      case '--json': options.json = true; break;
      default: throw new Error(`Unknown argument ${argv[i]}`);
    }
  }
  return options;
}

async function seedState(seed: string, blob: ReturnType<typeof azuriteBlobService>): Promise<EmulatorState> {
  if (seed === 'demo') return buildDemoState(blob);
  if (seed === 'empty') return emptyState();
  return JSON.parse(readFileSync(seed, 'utf8')) as EmulatorState;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'aml-emulator-'));
  const azuriteDir = join(dir, 'azurite');
  mkdirSync(azuriteDir);
  const tls = createSelfSignedCertificate(dir);
  let azurite: AzuriteProcess | undefined = await startAzurite({ location: azuriteDir });
  const azuritePort = azurite.port;
  const blob = azuriteBlobService(azuritePort, `/subscriptions/${DEMO.subscriptions.production}/resourceGroups/rg-ml-shared/providers/Microsoft.Storage/storageAccounts/${AZURITE_ACCOUNT_NAME}`);

  let server: EmulatorServer | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await server?.close().catch(() => undefined);
    await azurite?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  if (options.json) process.stdin.on('end', () => void shutdown(0)).resume();

  try {
    const baseline = await seedState(options.seed, blob);
    server = new EmulatorServer({
      tls, baseline, blob, lroInProgressPolls: options.lroPolls,
      azurite: {
        stop: async () => {
          await azurite?.stop();
          azurite = undefined;
        },
        start: async () => {
          azurite ??= await startAzurite({ location: azuriteDir, port: azuritePort });
        },
      },
    });
    const armEndpoint = await server.listen(options.port);
    const endpoints: ServiceEndpoints = {
      armEndpoint,
      authorityHost: armEndpoint,
      tenantId: EMULATOR_TENANT_ID,
      clientId: EMULATOR_CLIENT_ID,
      clientSecret: EMULATOR_CLIENT_SECRET,
      caCertPath: tls.certPath,
      blobEndpointTemplate: `http://127.0.0.1:${azuritePort}/{accountName}`,
      controlUrl: `${armEndpoint}/__emulator`,
      subscriptionIds: baseline.subscriptions.map((s) => s.subscriptionId),
    };
    if (!options.json) {
      console.log(`Azure ML emulator ready in ${Date.now() - started} ms (seed: ${options.seed})`);
      console.log(`  ARM endpoint / authority host  ${armEndpoint}`);
      console.log(`  tenant / client / secret       ${EMULATOR_TENANT_ID} / ${EMULATOR_CLIENT_ID} / ${EMULATOR_CLIENT_SECRET}`);
      console.log(`  trust the certificate with     NODE_EXTRA_CA_CERTS=${tls.certPath}`);
      console.log(`  Azurite blob (path-style)      http://127.0.0.1:${azuritePort}/${AZURITE_ACCOUNT_NAME}  key ${AZURITE_ACCOUNT_KEY}`);
      console.log(`  control API                    ${endpoints.controlUrl}  (faults, reset, requests, state)`);
      console.log(`  subscriptions                  ${endpoints.subscriptionIds.join(', ')}`);
      console.log('Ctrl-C stops the emulator and Azurite and removes their temporary files.');
    }
    console.log(JSON.stringify({ ready: true, ...endpoints }));
  } catch (err) {
    console.error(err instanceof Error ? err.stack : err);
    await shutdown(1);
  }
}

void main();
