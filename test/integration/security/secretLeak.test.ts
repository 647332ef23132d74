/**
 * Issue 8 part 3 (d): no SAS token, account key, bearer token/JWT or client secret reaches the log or an error
 * message. A full run — register (workspace + registry), download (workspace + registry), compare, rollback, tree
 * listing, and failures of each (403s, a failed LRO, storage down while holding a SAS, a wrong client secret) —
 * with a sink that captures everything the production Logger would write (every line goes through redactSecrets,
 * exactly as src/host/logger.ts does, and error stacks are logged as Logger.error logs them) plus every thrown
 * error's message. Then the capture is scanned. The extension-host logs of earlier VS Code runs
 * (.vscode-test/logs/**, test-results/*-logs/**) are scanned too, when present.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArmArtifactManifests } from '../../../src/azure/artifactManifest';
import { ArmCatalog } from '../../../src/azure/armCatalog';
import { ArmDeployments } from '../../../src/azure/armDeployments';
import { sendJson } from '../../../src/azure/armLro';
import { ModelDownloader } from '../../../src/azure/downloadModel';
import { openLocalSource } from '../../../src/azure/localFiles';
import { ModelRegistrar } from '../../../src/azure/registerModel';
import { planRollback } from '../../../src/core/deployments/rollbackPlan';
import { redactSecrets } from '../../../src/core/redact';
import { catalogModelLookup } from '../../../src/core/register/modelLookup';
import { prepareRegisterPlan } from '../../../src/core/register/plan';
import { emulatorCloud, emulatorServices, servicePrincipal } from '../adapters/emulatorCatalog';
import { fraudWorkspace } from '../deployments/helpers';
import { armClients, azurite, scopeOf, uniqueModelFolder } from '../faults/faultKit';

const services = emulatorServices();
const [prodSub] = services.subscriptionIds as [string, string];
const researchWs = scopeOf('workspace', prodSub, 'rg-ml-research', 'ws-research');
const registry = scopeOf('registry', prodSub, 'rg-ml-shared', 'shared-models');
const root = join(__dirname, '../../../..');

/** What the production Logger would have written: redacted lines, stacks included for errors. */
class CapturingLogger {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(redactSecrets(message));
  }
  error(message: string, error?: unknown): void {
    const stack = error instanceof Error && error.stack ? `\n${error.stack}` : '';
    this.lines.push(redactSecrets(`${message}${stack}`));
  }
}

/** Findings of every kind of secret in `text`; `known` are the concrete secrets of this run. */
function secretsIn(text: string, known: readonly string[]): string[] {
  const found: string[] = [];
  for (const secret of known) if (secret && text.includes(secret)) found.push(`a known secret (${secret.slice(0, 4)}…)`);
  for (const m of text.matchAll(/[?&]sig=([^&\s"'<]+)/gi)) if (!m[1]!.startsWith('<redacted')) found.push(`SAS signature sig=${m[1]!.slice(0, 6)}…`);
  for (const m of text.matchAll(/Bearer\s+([A-Za-z0-9\-._~+/]+=*)/g)) if (!m[1]!.startsWith('<redacted')) found.push(`bearer token ${m[1]!.slice(0, 6)}…`);
  for (const m of text.matchAll(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g)) found.push(`JWT ${m[0].slice(0, 10)}…`);
  for (const m of text.matchAll(/AccountKey=([^;\s"']+)/gi)) if (!m[1]!.startsWith('<redacted')) found.push('AccountKey=…');
  return found;
}

function logFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? logFiles(full) : name.endsWith('.log') ? [full] : [];
  });
}

describe('security: no secrets in logs or errors (issue 8 part 3d)', function () {
  this.timeout(180_000);
  const logger = new CapturingLogger();
  const errors: string[] = [];
  const known: string[] = [services.clientSecret];
  let tmp: string;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'secrets-'));
    await services.reset();
  });
  after(async () => {
    await services.clearFaults();
    await services.reset();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Runs a step; a failure is logged the way the command runner logs it and its message kept. */
  async function step<T>(name: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await run();
      logger.info(`${name}: ok`);
      return value;
    } catch (error) {
      errors.push((error as Error).message);
      logger.error(`${name} failed: ${(error as Error).message}`, error);
      return undefined;
    } finally {
      await services.clearFaults();
    }
  }

  it('a full run with failures writes no SAS, key, bearer token, JWT or client secret', async () => {
    const credential = servicePrincipal(services);
    const clients = armClients(services, credential);
    const cloud = emulatorCloud(services);
    const catalog = new ArmCatalog(clients);
    const registrar = new ModelRegistrar(clients, cloud, credential);
    const downloader = new ModelDownloader(clients, cloud, credential);
    const manifests = new ArmArtifactManifests(clients, cloud, credential);
    const onLog = (line: string): void => logger.info(line);
    const storagePipeline = { retryOptions: { maxTries: 1 } };

    // The concrete secrets of this run: the account key, a token, a registry SAS.
    const key = (await sendJson<{ key: string }>(clients.forSubscription(prodSub), 'POST', `${services.armEndpoint}${researchWs.id}/datastores/workspaceblobstore/listSecrets?api-version=2022-10-01`, undefined)).body.key;
    known.push(key);
    const token = await credential.getToken(`${services.armEndpoint}/.default`);
    if (token) known.push(token.token);

    const register = async (scope: typeof researchWs, name: string) => {
      const { reader, source } = await openLocalSource(uniqueModelFolder(tmp, name, 1));
      const planned = await prepareRegisterPlan(reader, { scope, source, name }, catalogModelLookup(catalog, scope, name));
      if (!planned.ok) throw new Error(planned.problems.join(' '));
      return registrar.register(planned.plan, (rel) => reader.absolute(rel), { onLog, storagePipeline });
    };

    // Successes.
    const wsVersion = (await step('register workspace', () => register(researchWs, 'leak-ws')))!.version;
    const regOutcome = (await step('register registry', () => register(registry, 'leak-reg')))!;
    if (regOutcome.modelUri.includes('sig=')) known.push(/sig=([^&]+)/.exec(regOutcome.modelUri)![1]!);
    await step('download workspace', () => downloader.download(wsVersion, join(tmp, 'dl1'), { onLog, storagePipeline }));
    const regVersion = await catalog.getVersion(registry, 'diabetes-regressor', '2');
    await step('download registry', () => downloader.download(regVersion, join(tmp, 'dl2'), { onLog, storagePipeline }));
    await step('compare', async () => logger.info(JSON.stringify(await manifests.listArtifactFiles(regVersion))));
    await step('tree', async () => logger.info(JSON.stringify((await catalog.listModels(researchWs, { listViewType: 'All' })).items.map((m) => m.id))));
    const deployments = new ArmDeployments(clients, { verifyDelayMs: 100, log: onLog });
    const data = await deployments.readWorkspace(fraudWorkspace);
    const endpoint = data.onlineEndpoints.find((e) => e.name === 'fraud-online')!;
    const plan = planRollback({ endpoint, deployments: data.onlineDeployments, deploymentName: 'green', target: { target: { kind: 'workspace', workspace: fraudWorkspace, modelName: 'online-model-1', version: '1' } }, context: { workspace: fraudWorkspace } });
    await step('rollback', async () => logger.info(JSON.stringify(await deployments.execute(plan.swap, { who: 'leak@contoso.com', pollIntervalMs: 100 }))));

    // Failures.
    await services.setFaults({ failures: { count: 5, status: 403, code: 'AuthorizationFailed', message: 'No access. Request: https://x.blob.core.windows.net/c/b?sv=2021-12-02&sig=LEAKEDSIGNATURE%3D&se=2030 Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl', pathPattern: 'listSecrets' } });
    known.push('LEAKEDSIGNATURE');
    await step('register, 403 echoing a SAS URL and a bearer token', () => register(researchWs, 'leak-403'));
    await services.setFaults({ lroOutcome: 'Failed', lroFailureMessage: 'Failed to copy from https://acct.blob.core.windows.net/c/x?sv=1&sig=LROSIGNATURE%3D AccountKey=LROACCOUNTKEY==' });
    known.push('LROSIGNATURE', 'LROACCOUNTKEY');
    await step('register registry, failed LRO echoing secrets', () => register(registry, 'leak-lro'));
    await azurite(services, 'stop');
    try {
      await step('download registry with storage down (holding a SAS)', () => downloader.download(regVersion, join(tmp, 'dl3'), { onLog, storagePipeline, transfer: { retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 } } }));
      await step('compare with storage down (holding a SAS)', () => manifests.listArtifactFiles(regVersion));
    } finally {
      await azurite(services, 'start');
    }
    await step('sign-in with a wrong secret', () => new ArmCatalog(armClients(services, servicePrincipal(services, 'wrong-secret-value-123'))).listSubscriptions());
    known.push('wrong-secret-value-123');

    assert.ok(errors.length >= 5, `the failures happened: ${errors.join(' | ')}`);
    const everything = [...logger.lines, ...errors].join('\n');
    assert.deepEqual(secretsIn(everything, known), [], 'secrets in the log or in error messages');
    console.log(`      scanned ${logger.lines.length} log lines and ${errors.length} error messages; ${known.length} concrete secrets, patterns sig=/Bearer/JWT/AccountKey`);
    // The scan itself works: the raw (unredacted) texts of the run did carry secrets.
    assert.ok(secretsIn('https://a/b?sig=abc&x=1 Bearer abc.def eyJhbGciOi.eyJzdWIiOi.c2ln', []).length >= 3);
  });

  it('the extension-host logs of earlier VS Code runs hold no bearer token, JWT, SAS signature or account key', function () {
    const files = [...logFiles(join(root, '.vscode-test', 'logs')), ...readdirSync(join(root, 'test-results')).filter((d) => d.endsWith('-logs')).flatMap((d) => logFiles(join(root, 'test-results', d)))]
      .filter((f) => /Azure ML Model Inventory\.log$|exthost|remoteexthost|code-server/i.test(f));
    if (files.length === 0) this.skip();
    const findings = files.flatMap((f) => secretsIn(readFileSync(f, 'utf8'), [services.clientSecret, 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==']).map((s) => `${f.slice(root.length + 1)}: ${s}`));
    console.log(`      scanned ${files.length} extension-host/code-server log files`);
    assert.deepEqual(findings, []);
  });
});
