/**
 * Issue 8 part 2 — the bad-input catalogue, service layer: malformed ARM bodies put into the emulator's state (as a
 * buggy or newer service could return them), odd model URIs, a hostile blob name in Azurite. Each case: the catalog,
 * the mappers and the renderers (tree tooltip, details view model) handle it without throwing, or the operation fails
 * with the exact message asserted. The pure cases are in test/unit/catalogue/badInput.test.ts.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { ArmArtifactManifests } from '../../../src/azure/artifactManifest';
import { ArmCatalog } from '../../../src/azure/armCatalog';
import { ModelDownloader } from '../../../src/azure/downloadModel';
import type { ModelVersion } from '../../../src/core/domain/model';
import { InventoryError } from '../../../src/core/errors';
import { modelTooltip, versionTooltip } from '../../../src/tree/tooltips';
import { detailsView } from '../../../src/webviews/modelVersion/versionView';
import { emulatorCloud, emulatorServices, servicePrincipal } from '../adapters/emulatorCatalog';
import { accountKey, armClients, scopeOf } from '../faults/faultKit';

const services = emulatorServices();
const [prodSub] = services.subscriptionIds as [string, string];
const researchWs = scopeOf('workspace', prodSub, 'rg-ml-research', 'ws-research');
const credential = servicePrincipal(services);
const clients = armClients(services, credential);
const catalog = new ArmCatalog(clients);
const cloud = emulatorCloud(services);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function control(method: string, path: string, body?: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(`${services.controlUrl}${path}`, { method, ca: readFileSync(services.caCertPath), headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ((res.statusCode ?? 500) >= 300 ? reject(new Error(`${method} ${path}: ${res.statusCode}`)) : resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined)));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const huge = `${'<b>bold</b> '.repeat(20_000)}\u202Eevil\u0000\u0007`;

/** Malformed version bodies, keyed by version name: what each one breaks. */
const malformedVersions: Record<string, Json> = {
  '1': {},
  '2': { tags: null, properties: 'not-a-map', flavors: [1, 2], description: 12345, modelType: 'unknown_type', stage: { x: 1 }, isArchived: 'yes' },
  '3': { tags: { '<script>alert(1)</script>': '<img src=x onerror=alert(1)>', rtl: 'invoice\u202Efdp.exe', ctl: 'a\u0000b\u001b[31m' }, description: huge, modelUri: 'ftp://example.com/model' },
  '4': { modelUri: 'azureml://subscriptions/x/resourcegroups/y/workspaces/z/datastores/workspaceblobstore/paths/', jobName: '../../etc/passwd', flavors: { python_function: null } },
  'ü-𝟘': { modelUri: 12, tags: { k: 5 } },
};

interface Case { readonly input: string; readonly run: () => Promise<string | undefined>; readonly expect: string | RegExp | undefined }

let versions: Map<string, ModelVersion>;
const render = (v: ModelVersion): string => {
  const tooltip = versionTooltip(v);
  detailsView(v, 'approval');
  assert.ok(tooltip.length < 4000, `tooltip of ${v.version} is ${tooltip.length} characters`);
  assert.ok(!/<script|<img/i.test(tooltip.replace(/\\</g, '')), 'tooltip carries raw HTML');
  return 'rendered';
};
const failure = async (run: () => Promise<unknown>): Promise<string | undefined> => {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error instanceof InventoryError ? `${error.kind}: ${error.message}` : `NOT AN InventoryError: ${String(error)}`;
  }
};

const cases: Case[] = [
  { input: 'list a model whose versions are all malformed: every version comes back', run: async () => String(versions.size), expect: String(Object.keys(malformedVersions).length) },
  { input: 'container with null description, a tag map of numbers and a non-numeric latestVersion renders', run: async () => { modelTooltip(await catalog.getModel(researchWs, 'malformed')); return 'rendered'; }, expect: 'rendered' },
  ...Object.keys(malformedVersions).map((v): Case => ({ input: `version "${v}" (${JSON.stringify(malformedVersions[v]).slice(0, 60)}) renders in tooltip and details`, run: async () => render(versions.get(v)!), expect: 'rendered' })),
  { input: 'download a version without a model URI', run: () => failure(() => new ModelDownloader(clients, cloud, credential).download(versions.get('1')!, tmpDir)), expect: 'validation: malformed:1 has no model URI, so there are no files to fetch.' },
  { input: 'download a version whose model URI is ftp://', run: () => failure(() => new ModelDownloader(clients, cloud, credential).download(versions.get('3')!, tmpDir)), expect: /^validation: Cannot download malformed:3: its model URI \(ftp:\/\/example\.com\/model\) is not a datastore path or storage URL this extension understands\.$/ },
  { input: 'compare a version whose model URI is ftp://', run: () => failure(() => new ArmArtifactManifests(clients, cloud, credential).listArtifactFiles(versions.get('3')!)), expect: 'is not a datastore path or storage URL this extension understands' },
  { input: 'download a version whose datastore URI names another subscription/workspace', run: () => failure(() => new ModelDownloader(clients, cloud, credential).download(versions.get('4')!, tmpDir)), expect: /^(notFound|forbidden|validation): / },
  // Azurite stores the backslashes as "/" (so the name becomes a ".." traversal); Azure keeps them — either way refused.
  { input: 'a blob named with a backslash traversal (model/..\\..\\evil.txt) refuses the download', run: () => failure(async () => new ModelDownloader(clients, cloud, credential).download(await hostileBlobVersion(), tmpDir)), expect: /^validation: Download of hostile-blob:1 refused: the blob "hostile\/model\/\.\.[\\/]\.\.[\\/]evil\.txt" is not a safe file name because it contains (a backslash|"\.\.")/ },
];

let tmpDir: string;

async function hostileBlobVersion(): Promise<ModelVersion> {
  const ws = (await catalog.listWorkspaces(prodSub)).find((w) => w.name === 'ws-research')!;
  const container = new ContainerClient(`${services.blobEndpointTemplate.replace('{accountName}', 'devstoreaccount1')}/azureml-blobstore-${ws.workspaceGuid}`, new StorageSharedKeyCredential('devstoreaccount1', await accountKey(services, clients, researchWs)));
  await container.getBlockBlobClient('hostile/model/ok.txt').upload('ok', 2);
  await container.getBlockBlobClient('hostile/model/..\\..\\evil.txt').upload('evil', 4);
  const state = (await control('GET', '/state')) as { workspaces: Json[] };
  const wsRecord = state.workspaces.find((w) => w.name === 'ws-research')!;
  const template = structuredClone(Object.values(wsRecord.models)[0]) as Json;
  const uri = `azureml://subscriptions/${prodSub}/resourcegroups/rg-ml-research/workspaces/ws-research/datastores/workspaceblobstore/paths/hostile/model`;
  wsRecord.models['hostile-blob'] = { ...template, name: 'hostile-blob', versions: { '1': { ...Object.values(template.versions)[0] as Json, version: '1', properties: { modelUri: uri, modelType: 'custom_model' } } }, latestVersion: '1', nextVersion: '2', deletedVersions: {} };
  await control('PUT', '/state', state);
  return catalog.getVersion(researchWs, 'hostile-blob', '1');
}

describe('bad-input catalogue (service layer, issue 8)', function () {
  this.timeout(60_000);

  before(async () => {
    tmpDir = mkdtempSync(join(tmpdir(), 'badsvc-'));
    await services.reset();
    const state = (await control('GET', '/state')) as { workspaces: Json[] };
    const ws = state.workspaces.find((w) => w.name === 'ws-research')!;
    const template = structuredClone(Object.values(ws.models)[0]) as Json;
    const versionTemplate = Object.values(template.versions)[0] as Json;
    ws.models['malformed'] = {
      ...template, name: 'malformed', description: null, tags: { n: 7, '': '' }, properties: {}, latestVersion: 'not-a-number', nextVersion: null, deletedVersions: {},
      versions: Object.fromEntries(Object.entries(malformedVersions).map(([v, properties]) => [v.toLowerCase(), { ...versionTemplate, version: v, properties }])),
    };
    await control('PUT', '/state', state);
    const listed: ModelVersion[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await catalog.listVersions(researchWs, 'malformed', { listViewType: 'All', top: 50, orderBy: 'createdtime desc', continuationToken });
      listed.push(...page.items);
      continuationToken = page.continuationToken;
    } while (continuationToken);
    versions = new Map(listed.map((v) => [v.version, v]));
  });
  after(async () => {
    rmSync(tmpDir, { recursive: true, force: true });
    await services.reset();
    console.log(`      bad-input catalogue (service): ${cases.length} cases`);
  });

  for (const c of cases) {
    it(c.input, async () => {
      const got = await c.run();
      if (c.expect === undefined) assert.equal(got, undefined);
      else if (c.expect instanceof RegExp) assert.match(String(got), c.expect);
      else assert.ok(got?.includes(c.expect), `expected …${c.expect}…\n     got ${got}`);
    });
  }
});
