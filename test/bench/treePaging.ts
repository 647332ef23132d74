/**
 * Issue 3, tree paging: with 100 ms emulator latency, the first page of the 10,000-version model through the
 * production `ArmCatalog.listVersions` (real SDK pipeline, real @azure/identity credential against the emulator) —
 * exactly one ARM request, and at most 1.3× one raw HTTPS GET of the very same URL (bearer token already in hand).
 * Steady state: token cache and keep-alive connections warm on both sides; samples interleaved, medians compared.
 */
import { Agent } from 'node:https';
import { performance } from 'node:perf_hooks';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { Workspace } from '../../src/core/domain/model';
import type { VersionListQuery } from '../../src/core/ports/catalog';
import { DEMO } from '../emulator/seed/demoSeed';
import { fmtList, fmtMs, fmtRatio, median, verdict, type Benchmark, type Row } from './harness';
import { production, rawGet } from './production';

export const LATENCY_MS = 100;
const GOAL_RATIO = 1.3;

/** What the tree asks for when a model node expands (src/tree/nodes/ModelNode.ts, default page size 50). */
const firstPageQuery: VersionListQuery = { listViewType: 'ActiveOnly', top: 50, orderBy: 'createdtime desc' };

interface PagingResult {
  url: string;
  items: number;
  hasNext: boolean;
  catalogMs: number[];
  rawMs: number[];
  requestsPerPage: number[];
  coldMs: number;
  coldRequests: number;
  rawBytes: number;
}

/** Worker task (needs NODE_EXTRA_CA_CERTS for the SDK). */
export async function pagingWorker(args: { reps: number }): Promise<PagingResult> {
  const p = production();
  const { services, catalog, clients } = p;
  const sub = DEMO.subscriptions.production;
  const workspace: Workspace | undefined = (await catalog.listWorkspaces(sub)).find((w) => w.name === DEMO.workspaces.fraudProd.name);
  if (!workspace) throw new Error(`workspace ${DEMO.workspaces.fraudProd.name} not found in the demo seed`);
  const cold = async () => {
    // Nothing warm: new credential (empty token cache), new clients, new TLS connection. Informational.
    const fresh = production();
    await services.requestCount(true);
    const t0 = performance.now();
    await fresh.catalog.listVersions(workspace, DEMO.nightlyModel, firstPageQuery);
    return { ms: performance.now() - t0, requests: await services.requestCount() };
  };

  // The exact URL the SDK sends for the first page, captured once (then the capturing policy is removed).
  let url = '';
  const capture: PipelinePolicy = { name: 'bench-capture-url', sendRequest: (req, next) => ((url ||= req.url), next(req)) };
  const pipeline = clients.forSubscription(sub).pipeline;
  pipeline.addPolicy(capture);
  const first = await catalog.listVersions(workspace, DEMO.nightlyModel, firstPageQuery);
  pipeline.removePolicy({ name: capture.name });
  if (!url) throw new Error('the first-page URL was not captured');

  const token = await p.armToken();
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  try {
    await services.setFaults({ latencyMs: LATENCY_MS });
    const coldResult = await cold();
    // Warm both paths under latency (token cache, sockets, JIT).
    for (let i = 0; i < 2; i++) {
      await catalog.listVersions(workspace, DEMO.nightlyModel, firstPageQuery);
      await rawGet(url, token, agent, p.ca);
    }
    const catalogMs: number[] = [];
    const rawMs: number[] = [];
    const requestsPerPage: number[] = [];
    let rawBytes = 0;
    let rawItems = 0;
    const viaCatalog = async () => {
      await services.requestCount(true);
      const t0 = performance.now();
      const page = await catalog.listVersions(workspace, DEMO.nightlyModel, firstPageQuery);
      catalogMs.push(performance.now() - t0);
      requestsPerPage.push(await services.requestCount());
      if (page.items.length !== first.items.length) throw new Error(`page size changed: ${page.items.length}`);
    };
    const viaRaw = async () => {
      const r = await rawGet(url, token, agent, p.ca);
      rawMs.push(r.ms);
      rawBytes = r.bytes;
      rawItems = r.items;
    };
    for (let i = 0; i < args.reps; i++) {
      // Alternate who goes first so neither side always meets a just-idled connection.
      if (i % 2 === 0) { await viaCatalog(); await viaRaw(); } else { await viaRaw(); await viaCatalog(); }
    }
    if (rawItems !== first.items.length) throw new Error(`raw page has ${rawItems} items, catalog ${first.items.length}`);
    return {
      url: url.replace(/^https:\/\/[^/]+/, ''), items: first.items.length, hasNext: !!first.continuationToken,
      catalogMs, rawMs, requestsPerPage, coldMs: coldResult.ms, coldRequests: coldResult.requests, rawBytes,
    };
  } finally {
    agent.destroy();
    await services.clearFaults();
  }
}

export const treePaging: Benchmark = {
  name: 'paging',
  title: 'issue 3: first page of a 10,000-version model',
  async run(ctx): Promise<Row[]> {
    const reps = Number(ctx.options.get('reps') ?? 9);
    const r = await ctx.worker<PagingResult>('paging', { reps });
    const bench = 'tree paging';
    const catalog = median(r.catalogMs);
    const raw = median(r.rawMs);
    const ratio = catalog / raw;
    const requests = median(r.requestsPerPage);
    ctx.log(`  paging: ${r.items} versions (nextLink: ${r.hasNext}), ${(r.rawBytes / 1024).toFixed(0)} KiB page; GET ${r.url}`);
    return [
      { bench, metric: `setup: ${DEMO.nightlyModel} (${DEMO.nightlyVersionCount.toLocaleString('en-US')} versions), latency`, value: `${LATENCY_MS} ms/ARM call, $top=${firstPageQuery.top}, ${r.items} items, nextLink ${r.hasNext ? 'yes' : 'no'}`, status: 'INFO' },
      { bench, metric: 'ARM requests for the first page', value: `${fmtList(r.requestsPerPage)} (every sample)`, goal: '= 1', status: verdict(r.requestsPerPage.every((n) => n === 1)) },
      { bench, metric: `ArmCatalog.listVersions, median of ${r.catalogMs.length}`, value: `${fmtMs(catalog)} (${fmtList(r.catalogMs)})`, status: 'INFO' },
      { bench, metric: `raw HTTPS GET of the same URL, median of ${r.rawMs.length}`, value: `${fmtMs(raw)} (${fmtList(r.rawMs)})`, status: 'INFO' },
      { bench, metric: 'catalog / raw GET', value: fmtRatio(ratio), goal: `≤ ${GOAL_RATIO.toFixed(2)}×`, status: verdict(ratio <= GOAL_RATIO) },
      { bench, metric: 'cold first page (new credential + clients), 1 sample', value: `${fmtMs(r.coldMs)}, ${r.coldRequests} ARM request(s)`, status: 'INFO' },
      ...(requests === 1 ? [] : [{ bench, metric: 'note', value: `median ${requests} ARM requests per page`, status: 'INFO' as const }]),
    ];
  },
};
