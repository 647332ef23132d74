/**
 * Issue 8 part 1 — the fault matrix: register (workspace, registry), download, compare (manifest listing), rollback
 * (swap, shift) and tree browsing, each under every fault the emulator and Azurite can produce. Every cell asserts
 * the end state: the correct success, or a clean failure (InventoryError kind + message) — plus the invariants:
 * no version pointing at incomplete blobs, no download folder that looks complete but is not, no deployment or
 * traffic change left unreported. The table (scenario × operation → outcome) is printed in after() and written to
 * test-results/fault-table.md.
 *
 * `npm test` runs the short matrix (one recoverable variant per scenario); `npm run test:faults` (AML_FAULTS=long)
 * adds storms that exhaust the retry budget, storage outages, slower links and a second repetition.
 *
 * The deep single-operation fault tests stay where they are and are not repeated here:
 * register/registerModel.test.ts (persistent 403 on the PUT + reuse, cancel mid-upload, 20 MB Azurite restart),
 * download/download.test.ts (24 MB range cuts, Azurite stopped → no final folder, MD5 mismatch, cancel),
 * deployments/deployments.test.ts (409, 403, endpoint deleted, plan drift, resume after "still in progress").
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArmArtifactManifests } from '../../../src/azure/artifactManifest';
import { ArmCatalog } from '../../../src/azure/armCatalog';
import { ArmDeployments } from '../../../src/azure/armDeployments';
import { sendJson } from '../../../src/azure/armLro';
import type { ArmClientFactory } from '../../../src/azure/clientFactory';
import { ModelDownloader } from '../../../src/azure/downloadModel';
import { openLocalSource } from '../../../src/azure/localFiles';
import { ModelRegistrar } from '../../../src/azure/registerModel';
import { planRollback, type ChangePlan } from '../../../src/core/deployments/rollbackPlan';
import type { ChangeOutcome } from '../../../src/core/ports/deployments';
import type { CloudEndpoints } from '../../../src/core/domain/cloud';
import type { ModelScope, ModelVersion } from '../../../src/core/domain/model';
import { InventoryError, type InventoryErrorKind } from '../../../src/core/errors';
import type { TokenProvider } from '../../../src/core/ports/tokenProvider';
import { catalogModelLookup } from '../../../src/core/register/modelLookup';
import { prepareRegisterPlan } from '../../../src/core/register/plan';
import type { FaultSettings } from '../../support/serviceTypes';
import { emulatorCloud, emulatorServices, servicePrincipal } from '../adapters/emulatorCatalog';
import { fraudWorkspace } from '../deployments/helpers';
import {
  accountKey, armClients, assertBlobsComplete, assertNoDownloadLeft, assertSameFiles, azurite, blobsOfModelUri, cuttingProxy,
  expectFailure, FaultTable, longMode, operations, scopeOf, settle, uniqueModelFolder, type CellResult, type Operation,
} from './faultKit';

const services = emulatorServices();
const [prodSub] = services.subscriptionIds as [string, string];
const researchWs = scopeOf('workspace', prodSub, 'rg-ml-research', 'ws-research');
const fraudWs = scopeOf('workspace', prodSub, 'rg-ml-prod', 'ws-fraud-prod');
const registry = scopeOf('registry', prodSub, 'rg-ml-shared', 'shared-models');
const cloud = emulatorCloud(services);
const baseCredential = servicePrincipal(services);
const baseClients = armClients(services, baseCredential);
/** Reads state back after a cell, with no faults active: the referee. */
const referee = new ArmCatalog(baseClients);

const storagePipeline = { retryOptions: { maxTries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000, tryTimeoutInMs: 15_000 } };
const engineRetry = { attempts: 8, baseDelayMs: 250, maxDelayMs: 3000 };
const table = new FaultTable();
let tmp: string;
let cellNo = 0;

/** What a scenario gives an operation: clients/credential/cloud to use and hooks into the transfer. */
interface CellEnv {
  readonly clients: ArmClientFactory;
  readonly credential: TokenProvider;
  readonly cloud: CloudEndpoints;
  /** Called once, at the first byte-level progress of a transfer (Azurite restarts). */
  readonly onTransfer?: () => void;
  readonly lroMaxWaitMs?: number;
  /** Storage retry budget override (outage cells keep it small so the failure comes quickly). */
  readonly engineRetry?: typeof engineRetry;
  readonly log: string[];
}

/** An operation: `prepare` runs without faults (plans, fixtures); `act` runs under the fault; `check` referees. */
interface OperationRun {
  act(env: CellEnv): Promise<string | undefined>;
  /** Invariants after the act (faults cleared, Azurite up). `failed` is the error the act threw, if any. */
  check(result: { ok: true; value: string | undefined } | { ok: false; error: unknown }): Promise<void>;
}

// ---- fixtures ----

let downloadFixture: { name: string; modelUri: string; source: string };

async function ensureDownloadFixture(): Promise<ModelVersion> {
  try {
    return await referee.getVersion(researchWs, downloadFixture.name, '1');
  } catch (error) {
    if (!(error instanceof InventoryError && error.kind === 'notFound')) throw error;
    // services.reset() (after rollback cells) restores the seed; the blobs survive, so re-point a version at them.
    const url = `${services.armEndpoint}${researchWs.id}/models/${downloadFixture.name}/versions/1?api-version=2024-04-01`;
    await sendJson(baseClients.forSubscription(prodSub), 'PUT', url, { properties: { modelUri: downloadFixture.modelUri, modelType: 'custom_model' } });
    return referee.getVersion(researchWs, downloadFixture.name, '1');
  }
}

async function workspaceGuid(scope: ModelScope): Promise<string> {
  return (await referee.listWorkspaces(scope.subscriptionId)).find((w) => w.name === scope.name)!.workspaceGuid!;
}

// ---- operations ----

function registerOp(scope: ModelScope): () => Promise<OperationRun> {
  return async () => {
    const n = ++cellNo;
    const name = `fault-${scope.kind}-${n}`;
    const folder = uniqueModelFolder(tmp, `model-${n}`, 3);
    let planned: { version: string } | undefined;
    return {
      async act(env) {
        const catalog = new ArmCatalog(env.clients);
        const { reader, source } = await openLocalSource(folder);
        const result = await prepareRegisterPlan(reader, { scope, source, name }, catalogModelLookup(catalog, scope, name));
        if (!result.ok) throw new Error(`plan failed: ${result.problems.join(' ')}`);
        planned = { version: result.plan.version };
        let fired = false;
        const outcome = await new ModelRegistrar(env.clients, env.cloud, env.credential).register(result.plan, (rel) => reader.absolute(rel), {
          storagePipeline,
          transfer: { blockSize: 256 * 1024, singleShotMax: 256 * 1024, window: 2, retry: env.engineRetry ?? engineRetry },
          lroMaxWaitMs: env.lroMaxWaitMs ?? 60_000,
          onProgress: (p) => {
            if (!fired && p.phase === 'uploading' && p.bytesDone > 0 && p.bytesDone < p.bytesTotal) {
              fired = true;
              env.onTransfer?.();
            }
          },
          onLog: (l) => env.log.push(l),
        });
        assert.equal(outcome.version.version, planned.version);
        return `${outcome.uploadedFiles} files`;
      },
      async check(result) {
        const version = await referee.getVersion(scope, name, planned?.version ?? '1').catch((e: unknown) => {
          if (e instanceof InventoryError && e.kind === 'notFound') return undefined;
          throw e;
        });
        if (result.ok) assert.ok(version, 'a successful registration left no version');
        if (!version) return; // a failure that created nothing
        // The invariant: whatever exists points at every byte of the source.
        const key = await accountKey(services, baseClients, researchWs);
        const guid = scope.kind === 'workspace' ? await workspaceGuid(scope) : undefined;
        assertBlobsComplete(await blobsOfModelUri(services, key, version.modelUri!, guid), folder);
      },
    };
  };
}

async function downloadOp(): Promise<OperationRun> {
  const version = await ensureDownloadFixture();
  const dest = join(tmp, `dl-${++cellNo}`);
  mkdirSync(dest);
  return {
    async act(env) {
      let fired = false;
      const outcome = await new ModelDownloader(env.clients, env.cloud, env.credential).download(version, dest, {
        storagePipeline,
        transfer: { rangeSize: 256 * 1024, window: 2, retry: env.engineRetry ?? engineRetry },
        onLog: (l) => env.log.push(l),
        onProgress: (p) => {
          if (!fired && p.phase === 'downloading' && p.bytesDone > 0) {
            fired = true;
            env.onTransfer?.();
          }
        },
      });
      assert.equal(outcome.verifiedFiles + (outcome.fileCount - outcome.verifiedFiles), outcome.fileCount);
      return outcome.path;
    },
    async check(result) {
      if (result.ok) assertSameFiles(downloadFixture.source, result.value!);
      else assertNoDownloadLeft(dest, downloadFixture.name);
    },
  };
}

async function compareOp(): Promise<OperationRun> {
  const version = await ensureDownloadFixture();
  let listed: Array<{ path: string; size: number }> = [];
  return {
    async act(env) {
      listed = await new ArmArtifactManifests(env.clients, env.cloud, env.credential).listArtifactFiles(version);
      return `${listed.length} files`;
    },
    async check(result) {
      if (!result.ok) return;
      const map = new Map(listed.map((f) => [f.path, f.size]));
      assertBlobsComplete(map, downloadFixture.source);
    },
  };
}

const who = 'fault-suite@contoso.com';
const green = { model: /online-model-2\/versions\/1$|online-model-2:1$/, traffic: { blue: 90, green: 10 } };

function rollbackOp(strategy: 'swap' | 'shift'): () => Promise<OperationRun> {
  return async () => {
    await services.reset();
    const deployments = new ArmDeployments(baseClients, { verifyDelayMs: 100 });
    const data = await deployments.readWorkspace(fraudWorkspace);
    const endpoint = data.onlineEndpoints.find((e) => e.name === 'fraud-online')!;
    const options = planRollback({
      endpoint, deployments: data.onlineDeployments, deploymentName: 'green',
      target: { target: { kind: 'workspace', workspace: fraudWorkspace, modelName: 'online-model-1', version: '1' } }, context: { workspace: fraudWorkspace },
    });
    const plan: ChangePlan | undefined = strategy === 'swap' ? options.swap : options.shift;
    assert.ok(plan, `no ${strategy} plan: ${options.shiftUnavailable ?? ''}`);
    let outcome: ChangeOutcome | undefined;
    return {
      async act(env) {
        const log = (line: string): void => void env.log.push(line);
        outcome = await new ArmDeployments(env.clients, { verifyDelayMs: 100, log }).execute(plan, { who, pollIntervalMs: 100, maxWaitMs: env.lroMaxWaitMs ?? 30_000 });
        if (outcome.status === 'succeeded') return undefined;
        if (outcome.status === 'failed') return `reported: failed${outcome.stateUnchanged ? ', state unchanged' : ''}`;
        if (outcome.status === 'inProgress') return `reported: still in progress (${outcome.reason})`;
        return `reported: unverified`;
      },
      async check(result) {
        const reader = new ArmDeployments(baseClients);
        const ep = await reader.getEndpoint(fraudWorkspace, 'fraud-online');
        const greenNow = (await reader.listOnlineDeployments(fraudWorkspace, 'fraud-online')).find((d) => d.name === 'green')!;
        const unchanged = strategy === 'swap' ? green.model.test(greenNow.model ?? '') : ep.traffic['blue'] === 90 && ep.traffic['green'] === 10;
        if (result.ok && outcome?.status === 'succeeded') {
          // Reported success: the change is really there.
          if (strategy === 'swap') assert.match(greenNow.model ?? '', /online-model-1/);
          else assert.deepEqual({ blue: ep.traffic['blue'], green: ep.traffic['green'] }, { blue: 100, green: 0 });
        } else if (result.ok && outcome?.status === 'failed') {
          assert.equal(outcome.stateUnchanged, true, 'a failed LRO must say whether the state changed');
          assert.ok(unchanged, 'reported "state unchanged" but the state changed');
        } else if (result.ok && outcome?.status === 'inProgress') {
          // Reported as still running, with the URL to watch: the change is reported, whatever it ends as.
          assert.match(outcome.operationUrl, /mfeOperation/);
        } else if (!result.ok) {
          const error = result.error as InventoryError;
          // A thrown error must leave nothing changed, or say the change may still be in progress.
          if (!/may still be in progress/.test(error.message)) assert.ok(unchanged, `failed with "${error.message}" but the ${strategy} was applied`);
        } else {
          assert.fail(`unexpected outcome ${JSON.stringify(outcome)}`);
        }
      },
    };
  };
}

let treeBaseline: string;

async function treeSnapshot(catalog: ArmCatalog): Promise<string> {
  const models = await catalog.listModels(fraudWs, { listViewType: 'ActiveOnly' });
  const versions = await catalog.listVersions(fraudWs, 'fraud-detector', { top: 10, listViewType: 'ActiveOnly', orderBy: 'createdtime desc' });
  const reg = await catalog.getVersion(registry, 'diabetes-regressor', '2');
  return JSON.stringify({ models: models.items.map((m) => m.name).sort(), versions: versions.items.map((v) => v.version), reg: [reg.modelName, reg.version, reg.modelUri] });
}

async function treeOp(): Promise<OperationRun> {
  let seen = '';
  return {
    async act(env) {
      seen = await treeSnapshot(new ArmCatalog(env.clients));
      return undefined;
    },
    async check(result) {
      if (result.ok) assert.equal(seen, treeBaseline, 'the tree under faults shows something else than without');
    },
  };
}

const operationRuns: Record<Operation, () => Promise<OperationRun>> = {
  'register (workspace)': registerOp(researchWs),
  'register (registry)': registerOp(registry),
  download: downloadOp,
  'compare (manifest)': compareOp,
  'rollback (swap)': rollbackOp('swap'),
  'rollback (shift)': rollbackOp('shift'),
  'tree browsing': treeOp,
};

// ---- scenarios ----

type Expectation = 'ok' | { kind: InventoryErrorKind; message: RegExp; orOk?: boolean } | { reported: RegExp };

interface Scenario {
  readonly name: string;
  readonly long?: boolean;
  /** Not applicable: the reason, shown in the table. */
  readonly skip?: Partial<Record<Operation, string>>;
  readonly faults?: FaultSettings | ((op: Operation) => FaultSettings | undefined);
  readonly expect: Expectation | ((op: Operation) => Expectation);
  /** Success label when the op succeeds (default "ok"). */
  readonly okLabel?: string;
  /** Builds the environment (fresh credential, proxy, Azurite switches); returns a cleanup. */
  readonly env?: (op: Operation, env: CellEnv) => Promise<{ env: CellEnv; cleanup: () => Promise<string | undefined> }>;
}

/** A fresh credential, so every token it holds was issued with the scenario's lifetime. */
async function freshCredential(_op: Operation, env: CellEnv): Promise<{ env: CellEnv; cleanup: () => Promise<string | undefined> }> {
  const credential = servicePrincipal(services);
  return { env: { ...env, credential, clients: armClients(services, credential) }, cleanup: async () => undefined };
}

const noLro = 'n/a (no LRO: synchronous PUT or reads only)';
const lroOps = { 'register (workspace)': noLro, download: noLro, 'compare (manifest)': noLro, 'tree browsing': noLro };
const throttled = /Azure is throttling requests, so it could not .+\. Wait 1 s and retry\./;

const scenarios: Scenario[] = [
  {
    name: '429 storm, Retry-After 1 s (×2)',
    faults: { throttle: { count: 2, retryAfterSeconds: 1 } },
    expect: 'ok', okLabel: 'ok after retry',
  },
  {
    name: '429 storm, Retry-After 1 s (×12, beyond the retry budget)', long: true,
    faults: { throttle: { count: 12, retryAfterSeconds: 1 } },
    expect: { kind: 'throttled', message: throttled },
  },
  {
    name: '5xx burst (503 ×2)',
    faults: { serverErrors: { count: 2, status: 503 } },
    expect: 'ok', okLabel: 'ok after retry',
  },
  {
    name: '5xx burst (500 ×12, beyond the retry budget)', long: true,
    faults: { serverErrors: { count: 12, status: 500 } },
    expect: { kind: 'service', message: /Azure had a problem and could not .+ \(500 InternalServerError\)\. Retry in a moment\./ },
  },
  {
    name: 'connection resets (ARM ×1; storage cut mid-transfer ×2)',
    faults: { connectionResets: { count: 1 } },
    expect: 'ok', okLabel: 'ok after retry',
    env: async (op, env) => {
      // Storage traffic of workspace datastores goes to the cloud's blob endpoint: put the cutting proxy there.
      // Registry uploads/downloads use the SAS URL the service hands out, which points at Azurite directly.
      if (!['register (workspace)', 'download'].includes(op)) return { env, cleanup: async () => undefined };
      const proxy = await cuttingProxy(new URL(services.blobEndpointTemplate.replace('{accountName}', '')), 2);
      return {
        env: { ...env, cloud: { ...env.cloud, blobEndpointTemplate: proxy.template } },
        cleanup: async () => {
          await proxy.close();
          assert.equal(proxy.cut(), 2, 'the proxy cut two transfers');
          return `storage transfers cut: ${proxy.cut()}`;
        },
      };
    },
  },
  {
    name: `slow responses (+${longMode ? 1500 : 400} ms per ARM call)`,
    faults: { latencyMs: longMode ? 1500 : 400 },
    expect: 'ok',
  },
  {
    name: 'LRO ends Failed',
    skip: lroOps,
    faults: { lroOutcome: 'Failed', lroFailureMessage: 'Injected: not enough quota in eastus.' },
    expect: (op) => (op === 'register (registry)'
      ? { kind: 'service', message: /Azure could not create version 1 of model 'fault-registry-\d+': Injected: not enough quota in eastus\./ }
      : { reported: /^reported: failed, state unchanged$/ }),
  },
  {
    name: 'LRO never ends (client stops watching)',
    skip: lroOps,
    faults: { lroOutcome: 'Never' },
    expect: (op) => (op === 'register (registry)'
      ? { kind: 'service', message: /Stopped waiting for version 1 of model 'fault-registry-\d+' to be created \(timeout\); it may still appear\. Operation: https:\/\/.*mfeOperationsStatus/ }
      : { reported: /^reported: still in progress \(timeout\)$/ }),
    env: async (_op, env) => ({ env: { ...env, lroMaxWaitMs: 1500 }, cleanup: async () => undefined }),
  },
  {
    // Tokens expire between the calls of one operation and must be renewed: the SDK renews a cached token shortly
    // before expiry, and the client's renewal policy re-sends once with a fresh token when a call in flight meets
    // a 401 ExpiredAuthenticationToken.
    name: 'token expiry mid-operation (3 s tokens, +250 ms per call)',
    faults: { tokenLifetimeSeconds: 3, latencyMs: 250 },
    expect: 'ok',
    okLabel: 'ok (tokens renewed)',
    env: freshCredential,
  },
  {
    // Sub-second tokens can expire again even on the renewed request: one renewal per call, then the call must
    // fail cleanly ("sign in again"), never half-done.
    name: 'token expires in flight (1 s tokens, +800 ms per call)', long: true,
    faults: { tokenLifetimeSeconds: 1, latencyMs: 800 },
    expect: { kind: 'notSignedIn', message: /Azure did not accept the sign-in \(ExpiredAuthenticationToken\)\. Sign in again\./, orOk: true },
    env: freshCredential,
  },
  {
    name: 'Azurite killed and restarted mid-operation',
    expect: 'ok',
    env: async (op, env) => {
      let restart: Promise<void> | undefined;
      if (['rollback (swap)', 'rollback (shift)', 'tree browsing'].includes(op)) {
        // These never touch storage: they must work with Azurite down.
        await azurite(services, 'stop');
        return { env, cleanup: async () => { await azurite(services, 'start'); return 'Azurite down for the whole operation (no storage use)'; } };
      }
      if (op === 'compare (manifest)') restart = azurite(services, 'restart'); // the listing meets the outage
      return {
        env: { ...env, onTransfer: () => { restart ??= azurite(services, 'restart'); } },
        cleanup: async () => {
          await restart;
          if (op === 'compare (manifest)') return 'listed while Azurite restarted (production storage retries)';
          return restart ? 'restarted during the transfer' : 'transfer ended before the restart';
        },
      };
    },
  },
  {
    name: 'Azurite stopped (outage for the whole operation)', long: true,
    skip: { 'rollback (swap)': 'n/a (no storage)', 'rollback (shift)': 'n/a (no storage)', 'tree browsing': 'n/a (no storage)' },
    expect: { kind: 'network', message: /could not be reached \(ECONNREFUSED\)|Azure could not be reached \(ECONNREFUSED\)/ },
    env: async (_op, env) => {
      await azurite(services, 'stop');
      return { env: { ...env, engineRetry: { attempts: 2, baseDelayMs: 100, maxDelayMs: 200 } }, cleanup: async () => { await azurite(services, 'start'); return undefined; } };
    },
  },
];

function label(result: Awaited<ReturnType<typeof settle<string | undefined>>>, scenario: Scenario): string {
  if (!result.ok) return `clean failure: ${(result.error as InventoryError).kind}`;
  if (result.value?.startsWith('reported:')) return result.value;
  return scenario.okLabel ?? 'ok';
}

describe('fault matrix (issue 8): every operation under every fault', function () {
  this.timeout(180_000);

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'faults-'));
    await services.reset();
    treeBaseline = await treeSnapshot(referee);
    // A version with a few MB of shards (ranges to cut, time to restart Azurite in).
    const source = uniqueModelFolder(tmp, 'download-source', 4);
    const name = 'fault-download-fixture';
    const { reader, source: src } = await openLocalSource(source);
    const planned = await prepareRegisterPlan(reader, { scope: researchWs, source: src, name }, catalogModelLookup(referee, researchWs, name));
    if (!planned.ok) throw new Error(planned.problems.join(' '));
    const outcome = await new ModelRegistrar(baseClients, cloud, baseCredential).register(planned.plan, (rel) => reader.absolute(rel), { storagePipeline });
    downloadFixture = { name, modelUri: outcome.modelUri, source };
  });

  after(async () => {
    await services.clearFaults();
    await services.reset();
    rmSync(tmp, { recursive: true, force: true });
    const text = table.markdown(`Fault matrix (${longMode ? 'long: AML_FAULTS=long' : 'short: npm test'}) — ${new Date().toISOString()}`);
    console.log(`\n${text}`);
    mkdirSync(join(__dirname, '../../../../test-results'), { recursive: true });
    writeFileSync(join(__dirname, '../../../../test-results', 'fault-table.md'), `${text}\n`);
  });

  afterEach(() => services.clearFaults());

  const repetitions = longMode ? 2 : 1;
  for (const scenario of scenarios.filter((s) => longMode || !s.long)) {
    describe(scenario.name, () => {
      for (const op of operations) {
        const skip = scenario.skip?.[op];
        if (skip) {
          it(`${op}: ${skip}`, () => table.record(scenario.name, op, { outcome: skip }));
          continue;
        }
        for (let rep = 1; rep <= repetitions; rep++) {
          it(`${op}${repetitions > 1 ? ` (run ${rep})` : ''}`, async () => {
            const run = await operationRuns[op]();
            const log: string[] = [];
            const base: CellEnv = { clients: baseClients, credential: baseCredential, cloud, log };
            const prepared = scenario.env ? await scenario.env(op, base) : { env: base, cleanup: async () => undefined };
            const faults = typeof scenario.faults === 'function' ? scenario.faults(op) : scenario.faults;
            await services.setFaults({ lroInProgressPolls: 0, ...faults });
            let result: Awaited<ReturnType<typeof settle<string | undefined>>>;
            let note: string | undefined;
            try {
              result = await settle(() => run.act(prepared.env));
            } finally {
              await services.clearFaults();
              note = await prepared.cleanup();
            }
            const outcome = label(result, scenario);
            const retries = log.filter((l) => l.startsWith('Retrying')).length;
            const detail = [note, retries ? `${retries} storage retries logged` : undefined, `${result.ms} ms`, !result.ok ? `"${(result.error as Error).message.slice(0, 160)}"` : undefined].filter(Boolean).join('; ');
            table.record(scenario.name, op, { outcome: `${outcome}${retries && result.ok && outcome === 'ok' ? ' after retry' : ''}`, note: detail } satisfies CellResult);

            // 1. The outcome is the expected one, with a precise message.
            const expected = typeof scenario.expect === 'function' ? scenario.expect(op) : scenario.expect;
            if (expected === 'ok') {
              if (!result.ok) throw result.error;
              assert.ok(!result.value?.startsWith('reported:'), `expected success, got ${result.value}`);
            } else if ('kind' in expected) {
              if (expected.orOk && result.ok) assert.ok(!result.value?.startsWith('reported:'), `expected success or ${expected.kind}, got ${result.value}`);
              else assert.ok(!result.ok, `expected a clean ${expected.kind} failure, got success (${result.ok && result.value})`);
              if (!result.ok) expectFailure(result.error, expected.kind, expected.message);
            } else {
              if (!result.ok) throw result.error;
              assert.match(result.value ?? 'ok', expected.reported);
            }
            // 2. The invariants hold whatever the outcome.
            await run.check(result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error });
          });
        }
      }
    });
  }
});
