/**
 * Issue 3, fan-out: 20 subscriptions × 10 workspaces listed the way the tree does it — all subscriptions, then every
 * subscription's workspaces in parallel (InventoryTreeDataProvider → GroupNode, one `listWorkspaces` per
 * subscription) — through the production ArmCatalog with 100 ms latency per ARM call, in at most 2× the slowest
 * single list call (each list call timed alone, sequentially). The emulator state is replaced for the run
 * (PUT /__emulator/state) and the seeded state restored afterwards (reset).
 */
import { Agent } from 'node:https';
import { performance } from 'node:perf_hooks';
import { controlClient } from '../support/controlClient';
import { workspace } from '../emulator/seed/builders';
import type { EmulatorState } from '../emulator/state/model';
import { fmtList, fmtMs, fmtRatio, median, verdict, type Benchmark, type Row } from './harness';
import { production, rawGet } from './production';
import { apiVersions } from '../../src/azure/apiVersions';
import { LATENCY_MS } from './treePaging';

const SUBSCRIPTIONS = 20;
const WORKSPACES_PER_SUBSCRIPTION = 10;
const GOAL_RATIO = 2;

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

export function fanOutState(): EmulatorState {
  const created = new Date('2025-01-06T09:00:00.000Z');
  const state: EmulatorState = { subscriptions: [], workspaces: [], registries: [] };
  for (let s = 1; s <= SUBSCRIPTIONS; s++) {
    const subscriptionId = `f0f0f0f0-0000-4000-8000-${hex(s, 12)}`;
    const resourceGroup = `rg-team-${s}`;
    state.subscriptions.push({ subscriptionId, displayName: `Team ${String(s).padStart(2, '0')}`, state: 'Enabled', resourceGroups: [resourceGroup] });
    for (let w = 1; w <= WORKSPACES_PER_SUBSCRIPTION; w++) {
      state.workspaces.push(workspace({
        subscriptionId, resourceGroup, name: `ws-${s}-${w}`, location: 'eastus',
        workspaceId: `0b0b0b0b-0000-4000-8000-${hex(s * 100 + w, 12)}`, friendlyName: `Workspace ${s}.${w}`, createdAt: created,
      }));
    }
  }
  return state;
}

interface FanOutResult {
  subscriptions: number;
  workspaces: number;
  requestsPerFanOut: number;
  fanOutMs: number[];
  /** The parallel half alone: every subscription's workspaces at once. */
  parallelMs: number[];
  coldFanOutMs: number;
  /** The same 21 requests as raw GETs (one keep-alive agent, token in hand): the environment's own floor. */
  rawFanOutMs: number[];
  rawSingleMaxMs: number[];
  /** Per single call (listSubscriptions, then each listWorkspaces): its samples. */
  singleMs: Record<string, number[]>;
}

/** Worker task. */
export async function fanOutWorker(args: { reps: number; singleReps: number }): Promise<FanOutResult> {
  const p = production();
  const { services } = p;
  const control = controlClient(services);
  await control.putState(fanOutState());
  try {
    const fanOut = async (catalog = p.catalog) => {
      const subs = await catalog.listSubscriptions();
      const lists = await Promise.all(subs.map((s) => catalog.listWorkspaces(s.subscriptionId)));
      return { subs: subs.length, workspaces: lists.reduce((n, l) => n + l.length, 0) };
    };
    await services.setFaults({ latencyMs: LATENCY_MS });
    // Informational: the first expansion with brand-new clients per subscription (token from the credential's cache).
    const coldCatalog = production().catalog;
    const c0 = performance.now();
    await fanOut(coldCatalog);
    const coldFanOutMs = performance.now() - c0;

    // Warm-up: creates the per-subscription clients, fills token caches and keep-alive sockets.
    const warm = await fanOut();
    await fanOut();
    await fanOut();
    if (warm.subs !== SUBSCRIPTIONS || warm.workspaces !== SUBSCRIPTIONS * WORKSPACES_PER_SUBSCRIPTION) {
      throw new Error(`expected ${SUBSCRIPTIONS} subscriptions × ${WORKSPACES_PER_SUBSCRIPTION} workspaces, listed ${warm.subs} / ${warm.workspaces}`);
    }
    const subs = await p.catalog.listSubscriptions();
    const singleMs: Record<string, number[]> = {};
    const single = async (label: string, run: () => Promise<unknown>) => {
      const t0 = performance.now();
      await run();
      (singleMs[label] ??= []).push(performance.now() - t0);
    };
    const fanOutMs: number[] = [];
    const parallelMs: number[] = [];
    const rawFanOutMs: number[] = [];
    const rawSingleMaxMs: number[] = [];
    let requestsPerFanOut = 0;

    const token = await p.armToken();
    const agent = new Agent({ keepAlive: true });
    const subsUrl = `${services.armEndpoint}/subscriptions?api-version=${apiVersions.resources}`;
    const wsUrl = (id: string) => `${services.armEndpoint}/subscriptions/${id}/providers/Microsoft.MachineLearningServices/workspaces?api-version=2022-10-01`;
    const rawFanOut = async () => {
      const t0 = performance.now();
      await rawGet(subsUrl, token, agent, p.ca);
      await Promise.all(subs.map((s) => rawGet(wsUrl(s.subscriptionId), token, agent, p.ca)));
      return performance.now() - t0;
    };
    await rawFanOut();
    await rawFanOut();
    for (let i = 0; i < Math.max(args.reps, args.singleReps); i++) {
      if (i < args.singleReps) {
        await single('listSubscriptions', () => p.catalog.listSubscriptions());
        for (const s of subs) await single(`listWorkspaces(${s.displayName})`, () => p.catalog.listWorkspaces(s.subscriptionId));
        let slowestRaw = (await rawGet(subsUrl, token, agent, p.ca)).ms;
        for (const s of subs) slowestRaw = Math.max(slowestRaw, (await rawGet(wsUrl(s.subscriptionId), token, agent, p.ca)).ms);
        rawSingleMaxMs.push(slowestRaw);
      }
      if (i < args.reps) {
        await services.requestCount(true);
        const t0 = performance.now();
        await fanOut();
        fanOutMs.push(performance.now() - t0);
        requestsPerFanOut = await services.requestCount();
        const t1 = performance.now();
        await Promise.all(subs.map((s) => p.catalog.listWorkspaces(s.subscriptionId)));
        parallelMs.push(performance.now() - t1);
        rawFanOutMs.push(await rawFanOut());
      }
    }
    agent.destroy();
    return { subscriptions: warm.subs, workspaces: warm.workspaces, requestsPerFanOut, fanOutMs, parallelMs, coldFanOutMs, rawFanOutMs, rawSingleMaxMs, singleMs };
  } finally {
    await services.reset(); // the seeded demo state back, faults cleared
  }
}

export const fanOut: Benchmark = {
  name: 'fanout',
  title: 'issue 3: 20 subscriptions × 10 workspaces',
  async run(ctx): Promise<Row[]> {
    const reps = Number(ctx.options.get('reps') ?? 7);
    const r = await ctx.worker<FanOutResult>('fanout', { reps, singleReps: Math.min(reps, 3) });
    const bench = 'fan-out';
    const medians = Object.entries(r.singleMs).map(([label, ms]) => ({ label, ms: median(ms) }));
    const slowest = medians.reduce((a, b) => (b.ms > a.ms ? b : a));
    const subsMs = medians.find((m) => m.label === 'listSubscriptions')!.ms;
    const wsMedians = medians.filter((m) => m.label !== 'listSubscriptions').map((m) => m.ms);
    const total = median(r.fanOutMs);
    const ratio = total / slowest.ms;
    return [
      { bench, metric: 'setup', value: `${r.subscriptions} subscriptions × ${r.workspaces / r.subscriptions} workspaces, ${LATENCY_MS} ms/ARM call, ${r.requestsPerFanOut} ARM requests per listing`, status: 'INFO' },
      { bench, metric: 'single calls (each alone): listSubscriptions', value: fmtMs(subsMs), status: 'INFO' },
      { bench, metric: `single calls: listWorkspaces ×${wsMedians.length}, min/median/max`, value: `${fmtMs(Math.min(...wsMedians))} / ${fmtMs(median(wsMedians))} / ${fmtMs(Math.max(...wsMedians))}`, status: 'INFO' },
      { bench, metric: 'slowest single list call (median)', value: `${fmtMs(slowest.ms)} (${slowest.label})`, status: 'INFO' },
      { bench, metric: `subscriptions + parallel workspaces, median of ${r.fanOutMs.length}`, value: `${fmtMs(total)} (${fmtList(r.fanOutMs)})`, status: 'INFO' },
      { bench, metric: 'fan-out / slowest single call', value: fmtRatio(ratio), goal: `≤ ${GOAL_RATIO.toFixed(2)}×`, status: verdict(ratio <= GOAL_RATIO) },
      { bench, metric: `  parallel half alone (${r.subscriptions}× listWorkspaces), median`, value: `${fmtMs(median(r.parallelMs))} (${fmtList(r.parallelMs)})`, status: 'INFO' },
      { bench, metric: '  same 21 requests as raw GETs: fan-out / slowest single', value: `${fmtMs(median(r.rawFanOutMs))} / ${fmtMs(median(r.rawSingleMaxMs))} = ${fmtRatio(median(r.rawFanOutMs) / median(r.rawSingleMaxMs))}`, status: 'INFO' },
      { bench, metric: 'cold fan-out (new clients), 1 sample', value: fmtMs(r.coldFanOutMs), status: 'INFO' },
    ];
  },
};
