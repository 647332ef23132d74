/**
 * Issue 5, download throughput: a generated folder (default 1 GiB: one 600 MiB file + 400 files of ~1.06 MiB) is
 * registered once to a workspace (production register path, untimed), then downloaded through the production path —
 * ModelDownloader.download: version → datastore + listSecrets → listing → plan (path safety, case check) → ranged
 * GETs with the shared transfer window into a temporary folder, MD5 + size verification of every file, rename into
 * place — against a raw parallel GET of the same blobs from the same Azurite (same 8 MiB ranges, 8 GETs in flight,
 * streamed to files; no listing, no hashing, no verification, no rename). Ratio = raw time / our time (goal ≥ 0.9);
 * peak RSS growth of the downloading process (goal ≤ 150 MiB). Each sample runs in a fresh worker process;
 * samples alternate ours/raw; the downloaded folders are deleted after each sample (untimed).
 *
 * `--size-mib=N` scales the folder; `--download-reps=N` (or `--reps=N`) samples each side (default 2).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ModelDownloader } from '../../src/azure/downloadModel';
import { openLocalSource } from '../../src/azure/localFiles';
import { openModelArtifact } from '../../src/azure/blobAccess';
import type { ModelScope } from '../../src/core/domain/model';
import { catalogModelLookup } from '../../src/core/register/modelLookup';
import { prepareRegisterPlan } from '../../src/core/register/plan';
import { DEMO } from '../emulator/seed/demoSeed';
import { fmtList, fmtMiB, fmtMs, fmtRatio, median, MiB, rssSampler, verdict, type Benchmark, type Row, type WorkerTask } from './harness';
import { production } from './production';
import { generateFolder } from './register';

const GOAL_RATIO = 0.9;
const GOAL_RSS_GROWTH = 150 * MiB;
const IN_FLIGHT = 8;
const RANGE = 8 * MiB;

interface VersionRef {
  readonly name: string;
  readonly version: string;
}

interface SampleResult {
  ms: number;
  bytes: number;
  files: number;
  baselineRss: number;
  peakRss: number;
  note?: string;
}

async function visionScope(p: ReturnType<typeof production>): Promise<ModelScope> {
  const scope = (await p.catalog.listWorkspaces(DEMO.subscriptions.research)).find((w) => w.name === DEMO.workspaces.vision.name);
  if (!scope) throw new Error('ws-vision not found');
  return scope;
}

/** Registers the generated folder (untimed setup). */
async function setup(args: { folder: string; name: string }): Promise<VersionRef> {
  const p = production();
  const scope = await visionScope(p);
  const { reader, source } = await openLocalSource(args.folder);
  const planned = await prepareRegisterPlan(reader, { scope, source, name: args.name }, catalogModelLookup(p.catalog, scope, args.name));
  if (!planned.ok) throw new Error(planned.problems.join(' | '));
  const outcome = await p.registrar.register(planned.plan, (rel) => reader.absolute(rel));
  return { name: args.name, version: outcome.version.version };
}

async function downloadOurs(args: VersionRef & { dest: string }): Promise<SampleResult> {
  const p = production();
  await p.armToken(); // signed in already, as in the editor
  const scope = await visionScope(p);
  const version = await p.catalog.getVersion(scope, args.name, args.version);
  const downloader = new ModelDownloader(p.clients, p.cloud, p.credential);
  const rss = rssSampler();
  const t0 = performance.now();
  let progressCalls = 0;
  const outcome = await downloader.download(version, args.dest, { onProgress: () => progressCalls++ });
  const ms = performance.now() - t0;
  const peakRss = rss.stop();
  rmSync(args.dest, { recursive: true, force: true });
  return {
    ms, bytes: outcome.totalBytes, files: outcome.fileCount, baselineRss: rss.baseline, peakRss,
    note: `${outcome.verifiedFiles}/${outcome.fileCount} MD5-verified, ${outcome.storageRequests} GETs, ${progressCalls} progress events`,
  };
}

async function downloadRaw(args: VersionRef & { dest: string }): Promise<SampleResult> {
  const p = production();
  const scope = await visionScope(p);
  const version = await p.catalog.getVersion(scope, args.name, args.version);
  const location = await openModelArtifact({ clients: p.clients, cloud: p.cloud, credential: p.credential }, version);
  const blobs: Array<{ name: string; size: number }> = [];
  for await (const b of location.container.listBlobsFlat({ prefix: `${location.prefix}/` })) blobs.push({ name: b.name, size: b.properties.contentLength ?? 0 });
  // Every GET of every blob, largest first: 8 MiB ranges, never more than IN_FLIGHT at once.
  const jobs: Array<{ name: string; path: string; offset: number; length: number }> = [];
  for (const b of blobs.sort((x, y) => y.size - x.size)) {
    const path = join(args.dest, b.name.slice(location.prefix.length + 1));
    for (let offset = 0; offset < b.size; offset += RANGE) jobs.push({ name: b.name, path, offset, length: Math.min(RANGE, b.size - offset) });
  }
  const rss = rssSampler();
  const t0 = performance.now();
  const handles = new Map<string, Promise<Awaited<ReturnType<typeof open>>>>();
  const handleOf = (path: string) => {
    let h = handles.get(path);
    if (!h) {
      mkdirSync(dirname(path), { recursive: true });
      h = open(path, 'w');
      handles.set(path, h);
    }
    return h;
  };
  let next = 0;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const handle = await handleOf(job.path);
      const response = await location.container.getBlobClient(job.name).download(job.offset, job.length);
      let pos = job.offset;
      for await (const chunk of response.readableStreamBody as AsyncIterable<Buffer>) {
        await handle.write(chunk, 0, chunk.length, pos);
        pos += chunk.length;
      }
    }
  }));
  await Promise.all([...handles.values()].map(async (h) => (await h).close()));
  const ms = performance.now() - t0;
  const peakRss = rss.stop();
  rmSync(args.dest, { recursive: true, force: true });
  return { ms, bytes: blobs.reduce((n, b) => n + b.size, 0), files: blobs.length, baselineRss: rss.baseline, peakRss };
}

export const downloadWorkerTasks: Record<string, WorkerTask> = {
  'download-setup': (a) => setup(a as { folder: string; name: string }),
  'download-ours': (a) => downloadOurs(a as VersionRef & { dest: string }),
  'download-raw': (a) => downloadRaw(a as VersionRef & { dest: string }),
};

export const download: Benchmark = {
  name: 'download',
  title: 'issue 5: download a 1 GiB version vs a raw parallel GET',
  async run(ctx): Promise<Row[]> {
    const sizeMiB = Number(ctx.options.get('size-mib') ?? 1024);
    const reps = Number(ctx.options.get('download-reps') ?? ctx.options.get('reps') ?? 2);
    const root = mkdtempSync(join(tmpdir(), 'aml-bench-download-'));
    try {
      const g0 = performance.now();
      const gen = generateFolder(join(root, 'big-model'), sizeMiB);
      const ref = await ctx.worker<VersionRef>('download-setup', { folder: join(root, 'big-model'), name: `bench-download-${process.pid}` });
      rmSync(join(root, 'big-model'), { recursive: true, force: true });
      ctx.log(`  download: generated and registered ${fmtMiB(gen.bytes)} in ${gen.files} files in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
      const ours: SampleResult[] = [];
      const raw: SampleResult[] = [];
      for (let i = 0; i < reps; i++) {
        const runOurs = async () => {
          const r = await ctx.worker<SampleResult>('download-ours', { ...ref, dest: join(root, `ours-${i}`) });
          ours.push(r);
          ctx.log(`  download sample ${i + 1}/${reps} ours: ${fmtMs(r.ms)}, RSS +${fmtMiB(r.peakRss - r.baselineRss)}; ${r.note}`);
        };
        const runRaw = async () => {
          const r = await ctx.worker<SampleResult>('download-raw', { ...ref, dest: join(root, `raw-${i}`) });
          raw.push(r);
          ctx.log(`  download sample ${i + 1}/${reps} raw:  ${fmtMs(r.ms)}, RSS +${fmtMiB(r.peakRss - r.baselineRss)}`);
        };
        if (i % 2 === 0) { await runOurs(); await runRaw(); } else { await runRaw(); await runOurs(); }
      }
      const oursMs = median(ours.map((r) => r.ms));
      const rawMs = median(raw.map((r) => r.ms));
      const mibps = (ms: number) => `${(gen.bytes / MiB / (ms / 1000)).toFixed(0)} MiB/s`;
      const ratio = rawMs / oursMs;
      const growth = Math.max(...ours.map((r) => r.peakRss - r.baselineRss));
      const bench = 'download';
      return [
        { bench, metric: 'setup', value: `${fmtMiB(gen.bytes)} version: 1 × ${fmtMiB(gen.largeBytes)} + 400 × ~${((gen.bytes - gen.largeBytes) / 400 / MiB).toFixed(2)} MiB${sizeMiB === 1024 ? '' : ' (--size-mib)'}; ${reps} samples each, alternating`, status: 'INFO' },
        { bench, metric: 'ours: resolve + list + plan + download + verify + rename, median', value: `${fmtMs(oursMs)} = ${mibps(oursMs)} (${fmtList(ours.map((r) => r.ms))})`, status: 'INFO' },
        { bench, metric: `raw ranged GETs, ${IN_FLIGHT} in flight, median`, value: `${fmtMs(rawMs)} = ${mibps(rawMs)} (${fmtList(raw.map((r) => r.ms))})`, status: 'INFO' },
        { bench, metric: 'throughput ratio raw time / our time', value: fmtRatio(ratio), goal: `≥ ${GOAL_RATIO.toFixed(2)}×`, status: verdict(ratio >= GOAL_RATIO) },
        { bench, metric: 'peak RSS growth of the downloading process', value: `${fmtMiB(growth)} (over ${fmtMiB(ours[0]!.baselineRss)} at start)`, goal: `≤ ${fmtMiB(GOAL_RSS_GROWTH)}`, status: verdict(growth <= GOAL_RSS_GROWTH) },
        { bench, metric: 'peak RSS growth of the raw downloading process', value: fmtMiB(Math.max(...raw.map((r) => r.peakRss - r.baselineRss))), status: 'INFO' },
      ];
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
