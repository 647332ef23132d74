/**
 * Shared pieces of the fault matrix (issue 8 part 1): production adapters pointed at the emulator, the seeded
 * scopes, a storage proxy that cuts transfers mid-stream, Azurite outage switches, invariant checks (what storage,
 * the local disk and ARM hold after an operation) and the outcome table.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { sendJson } from '../../../src/azure/armLro';
import { ArmClientFactory } from '../../../src/azure/clientFactory';
import type { CloudEndpoints } from '../../../src/core/domain/cloud';
import type { ModelScope } from '../../../src/core/domain/model';
import { InventoryError, type InventoryErrorKind } from '../../../src/core/errors';
import type { TokenProvider } from '../../../src/core/ports/tokenProvider';
import { controlRequest } from '../../support/controlClient';
import type { RunningServices } from '../../support/serviceTypes';
import { emulatorCloud, servicePrincipal } from '../adapters/emulatorCatalog';

export const realModels = resolve(__dirname, '../../../..', '..', 'shared', 'fixtures', 'real-models');

/** `AML_FAULTS=long` (npm run test:faults): storms that exhaust the retry budget, outages, repetitions. */
export const longMode = process.env['AML_FAULTS'] === 'long';

export function scopeOf(kind: 'workspace' | 'registry', sub: string, rg: string, name: string): ModelScope {
  return {
    kind, id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/${kind === 'workspace' ? 'workspaces' : 'registries'}/${name}`,
    name, subscriptionId: sub, resourceGroup: rg, tags: {},
  } as ModelScope;
}

/** Production retry shape (SDK policy, Retry-After honoured) with short exponential delays so cells stay fast. */
export const fastArmRetry = { maxRetries: 3, retryDelayInMs: 100, maxRetryDelayInMs: 1000 };

export function armClients(services: RunningServices, credential: TokenProvider = servicePrincipal(services), cloud: CloudEndpoints = emulatorCloud(services)): ArmClientFactory {
  return new ArmClientFactory({ cloud, credential, retryOptions: fastArmRetry, userAgentPrefix: 'aml-tools.aml-model-inventory/faults' });
}

/** Every file under `root`, relative, `/`-separated, sorted (a file path gives its own name). */
export function localTree(root: string): string[] {
  if (!statSync(root).isDirectory()) return [root.split('/').pop()!];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(root, full).split('\\').join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** A copy of a real model folder with a unique extra file (so no earlier upload can be deduped with it). */
export function uniqueModelFolder(into: string, name: string, extraMb = 0): string {
  const target = join(into, name);
  cpSync(join(realModels, 'online-model-1', 'model'), target, { recursive: true });
  writeFileSync(join(target, 'run-id.txt'), randomBytes(8).toString('hex'));
  if (extraMb) {
    mkdirSync(join(target, 'shards'), { recursive: true });
    for (let i = 0; i < extraMb; i++) writeFileSync(join(target, 'shards', `s${i}.bin`), randomBytes(1024 * 1024));
  }
  return target;
}

/** The account key of the seeded storage account, read as a client would (listSecrets). */
export async function accountKey(services: RunningServices, clients: ArmClientFactory, ws: ModelScope): Promise<string> {
  const url = `${services.armEndpoint}${ws.id}/datastores/workspaceblobstore/listSecrets?api-version=2022-10-01`;
  return (await sendJson<{ key: string }>(clients.forSubscription(ws.subscriptionId), 'POST', url, undefined)).body.key;
}

/**
 * The blobs a version's model URI points at, relative to its folder, with sizes: works for the long workspace
 * datastore URI (container `azureml-blobstore-<guid>`) and for registry storage URLs.
 */
export async function blobsOfModelUri(services: RunningServices, key: string, modelUri: string, workspaceGuid?: string): Promise<Map<string, number>> {
  const account = services.blobEndpointTemplate.replace('{accountName}', 'devstoreaccount1');
  let container: string;
  let prefix: string;
  if (modelUri.startsWith('azureml://')) {
    container = `azureml-blobstore-${workspaceGuid}`;
    prefix = decodeURIComponent(modelUri.split('/paths/')[1] ?? '');
  } else {
    const path = new URL(modelUri).pathname.split('/').filter(Boolean);
    // path-style: /<account>/<container>/<blob path...>
    container = path[1]!;
    prefix = path.slice(2).map(decodeURIComponent).join('/');
  }
  prefix = prefix.replace(/\/+$/, '');
  const client = new ContainerClient(`${account}/${container}`, new StorageSharedKeyCredential('devstoreaccount1', key));
  const out = new Map<string, number>();
  for await (const blob of client.listBlobsFlat({ prefix })) {
    if (blob.name === prefix) out.set(prefix.split('/').pop()!, blob.properties.contentLength ?? 0);
    else if (blob.name.startsWith(`${prefix}/`)) out.set(blob.name.slice(prefix.length + 1), blob.properties.contentLength ?? 0);
  }
  return out;
}

/** Invariant: a version that exists points at a complete copy of the source (every file, every byte count). */
export function assertBlobsComplete(blobs: Map<string, number>, sourceRoot: string): void {
  const expected = localTree(sourceRoot);
  assert.deepEqual([...blobs.keys()].sort(), expected, 'the version points at a different set of blobs than the source folder');
  for (const rel of expected) {
    const size = statSync(statSync(sourceRoot).isDirectory() ? join(sourceRoot, rel) : sourceRoot).size;
    assert.equal(blobs.get(rel), size, `blob ${rel} is incomplete (${blobs.get(rel)} of ${size} bytes)`);
  }
}

/** Invariant after a failed download: nothing under `<dest>/<model>` (no final folder, no temporary sibling). */
export function assertNoDownloadLeft(dest: string, model: string): void {
  const folder = join(dest, model);
  const left = existsSync(folder) ? readdirSync(folder) : [];
  assert.deepEqual(left, [], `left behind in ${folder}: ${left.join(', ')}`);
}

/** Invariant after a successful download: the folder holds exactly the source files, byte for byte. */
export function assertSameFiles(sourceRoot: string, downloaded: string): void {
  const expected = localTree(sourceRoot);
  assert.deepEqual(localTree(downloaded), expected);
  for (const rel of expected) {
    const src = statSync(sourceRoot).isDirectory() ? join(sourceRoot, rel) : sourceRoot;
    assert.ok(readFileSync(join(downloaded, rel)).equals(readFileSync(src)), `${rel} differs`);
  }
}

/** `POST <control>/azurite/<action>`. */
export async function azurite(services: RunningServices, action: 'stop' | 'start' | 'restart'): Promise<void> {
  await controlRequest(services, 'POST', `/azurite/${action}`);
}

/**
 * A loopback HTTP proxy in front of Azurite that cuts the first `cuts` large transfers mid-stream: an upload
 * (PUT body > 64 KiB) after 32 KiB of the request body, a download (response > 64 KiB) after 32 KiB of the response.
 */
export async function cuttingProxy(target: URL, cuts: number): Promise<{ server: Server; template: string; cut: () => number; close: () => Promise<void> }> {
  let done = 0;
  const server = createServer((req, res) => {
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      const cutThis = req.method === 'GET' && done < cuts && Number(up.headers['content-length'] ?? 0) > 64 * 1024;
      res.writeHead(up.statusCode ?? 502, up.headers);
      if (!cutThis) {
        up.pipe(res);
        return;
      }
      done++;
      let sent = 0;
      up.on('data', (chunk: Buffer) => {
        sent += chunk.length;
        res.write(chunk);
        if (sent > 32 * 1024) {
          up.destroy();
          res.socket?.destroy();
        }
      });
    });
    upstream.on('error', () => res.socket?.destroy());
    const cutUpload = req.method === 'PUT' && done < cuts && Number(req.headers['content-length'] ?? 0) > 64 * 1024;
    if (!cutUpload) {
      req.pipe(upstream);
      return;
    }
    done++;
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > 32 * 1024) {
        upstream.destroy();
        req.socket.destroy();
      } else upstream.write(chunk);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    server, template: `http://127.0.0.1:${port}/{accountName}`, cut: () => done,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

// ---- outcomes and the table ----

export type Operation = 'register (workspace)' | 'register (registry)' | 'download' | 'compare (manifest)' | 'rollback (swap)' | 'rollback (shift)' | 'tree browsing';
export const operations: readonly Operation[] = ['register (workspace)', 'register (registry)', 'download', 'compare (manifest)', 'rollback (swap)', 'rollback (shift)', 'tree browsing'];

export interface CellResult {
  readonly outcome: string;
  readonly note?: string;
}

export class FaultTable {
  private readonly cells = new Map<string, CellResult>();
  private readonly scenarios: string[] = [];

  record(scenario: string, operation: Operation, result: CellResult): void {
    if (!this.scenarios.includes(scenario)) this.scenarios.push(scenario);
    this.cells.set(`${scenario}\u0000${operation}`, result);
  }

  get size(): number {
    return this.cells.size;
  }

  markdown(title: string): string {
    const head = `| scenario | ${operations.join(' | ')} |`;
    const rule = `|${' --- |'.repeat(operations.length + 1)}`;
    const rows = this.scenarios.map((s) => `| ${s} | ${operations.map((o) => this.cells.get(`${s}\u0000${o}`)?.outcome ?? '—').join(' | ')} |`);
    const notes = [...this.cells.entries()].filter(([, r]) => r.note).map(([k, r]) => `- ${k.replace('\u0000', ' × ')}: ${r.note}`);
    return [`## ${title}`, '', head, rule, ...rows, '', ...(notes.length ? ['Notes:', '', ...notes, ''] : [])].join('\n');
  }
}

/** `InventoryError` of `kind` whose message matches `pattern`; anything else fails with what it got. */
export function expectFailure(error: unknown, kind: InventoryErrorKind, pattern: RegExp): InventoryError {
  if (!(error instanceof InventoryError)) throw new Error(`expected InventoryError ${kind} ${pattern}, got ${String((error as Error)?.stack ?? error)}`);
  if (error.kind !== kind || !pattern.test(error.message)) throw new Error(`expected ${kind} ${pattern}, got ${error.kind}: ${error.message}`);
  return error;
}

export async function settle<T>(run: () => Promise<T>): Promise<{ ok: true; value: T; ms: number } | { ok: false; error: unknown; ms: number }> {
  const started = Date.now();
  try {
    const value = await run();
    return { ok: true, value, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, error, ms: Date.now() - started };
  }
}
