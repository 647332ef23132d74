/**
 * Issue 4, register throughput: a generated folder (default 1 GiB: one 600 MiB file + 400 files of ~1.06 MiB,
 * deterministic content) registered to a workspace through the production path — openLocalSource →
 * prepareRegisterPlan (scan + the CLI's MD5 hash) → ModelRegistrar.register (datastore, listSecrets, indicator
 * checks, upload with the default transfer window, indicator mark, version PUT) — against a raw parallel upload of
 * the same bytes to the same Azurite container with @azure/storage-blob `uploadFile` (8 MiB blocks, 8 requests in
 * flight, no hashing). Ratio = raw time / our time (goal ≥ 0.85, hashing included). Each sample runs in a fresh
 * worker process, which samples its own RSS (peak RSS of the process doing the work). Blobs of a sample are deleted
 * after it (untimed), so every registration uploads everything.
 *
 * `--size-mib=N` scales the folder (same 600:424 split, always 400 small files); `--register-reps=N` samples each.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { openLocalSource } from '../../src/azure/localFiles';
import type { Workspace } from '../../src/core/domain/model';
import { catalogModelLookup } from '../../src/core/register/modelLookup';
import { prepareRegisterPlan } from '../../src/core/register/plan';
import { AZURITE_ACCOUNT_KEY, AZURITE_ACCOUNT_NAME } from '../emulator/config';
import { blobstoreContainerName } from '../emulator/seed/builders';
import { DEMO } from '../emulator/seed/demoSeed';
import { fmtList, fmtMiB, fmtMs, fmtRatio, median, MiB, rssSampler, verdict, type Benchmark, type Row, type WorkerTask } from './harness';
import { production } from './production';

const GOAL_RATIO = 0.85;
const SMALL_FILES = 400;
const RAW_IN_FLIGHT = 8;
const RAW_BLOCK = 8 * MiB;

// ---- the folder ------------------------------------------------------------------------------------------------

/** Fills `buffer` from a xorshift32 stream seeded with `seed` (fast, deterministic, incompressible enough). */
function fill(buffer: Buffer, seed: number): void {
  const words = new Uint32Array(buffer.buffer, buffer.byteOffset, Math.floor(buffer.length / 4));
  let x = seed >>> 0 || 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    words[i] = x;
  }
}

/** One large file (600/1024 of the total) + 400 small files; every 1 MiB-ish piece stamped so no two are equal. */
export function generateFolder(dir: string, totalMiB: number): { bytes: number; files: number; largeBytes: number } {
  const pool = Buffer.allocUnsafe(32 * MiB);
  fill(pool, 20250106);
  const largeBytes = Math.round((totalMiB * 600) / 1024) * MiB;
  const smallTotal = totalMiB * MiB - largeBytes;
  mkdirSync(join(dir, 'shards'), { recursive: true });
  const stamp = (buf: Buffer, label: string) => buf.write(label.padEnd(32, '.'), 0, 'latin1');

  const fd = openSync(join(dir, 'weights.bin'), 'w');
  try {
    const chunk = 8 * MiB;
    for (let off = 0, i = 0; off < largeBytes; off += chunk, i++) {
      const piece = Buffer.from(pool.subarray((i * 4099 * 1024) % (pool.length - chunk), ((i * 4099 * 1024) % (pool.length - chunk)) + Math.min(chunk, largeBytes - off)));
      stamp(piece, `weights.bin block ${i}`);
      writeSync(fd, piece);
    }
  } finally {
    closeSync(fd);
  }
  const base = Math.floor(smallTotal / SMALL_FILES);
  for (let i = 0; i < SMALL_FILES; i++) {
    const size = i === SMALL_FILES - 1 ? smallTotal - base * (SMALL_FILES - 1) : base;
    const start = (i * 7919 * 13) % (pool.length - size);
    const piece = Buffer.from(pool.subarray(start, start + size));
    stamp(piece, `shard ${i}`);
    const f = openSync(join(dir, 'shards', `part-${String(i).padStart(4, '0')}.bin`), 'w');
    writeSync(f, piece);
    closeSync(f);
  }
  return { bytes: largeBytes + smallTotal, files: SMALL_FILES + 1, largeBytes };
}

function listFiles(root: string, dir = root): { abs: string; rel: string; size: number }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = join(dir, e.name);
    return e.isDirectory() ? listFiles(root, abs) : [{ abs, rel: relative(root, abs).split(sep).join('/'), size: statSync(abs).size }];
  });
}

// ---- workers ---------------------------------------------------------------------------------------------------

interface SampleResult {
  ms: number;
  /** Planning (scan + CLI hash + model lookup) share of `ms`; ours only. */
  planMs?: number;
  bytes: number;
  files: number;
  baselineRss: number;
  peakRss: number;
  note?: string;
}

async function visionWorkspace(): Promise<{ p: ReturnType<typeof production>; scope: Workspace; container: ContainerClient }> {
  const p = production();
  const scope = (await p.catalog.listWorkspaces(DEMO.subscriptions.research)).find((w) => w.name === DEMO.workspaces.vision.name);
  if (!scope?.workspaceGuid) throw new Error(`workspace ${DEMO.workspaces.vision.name} not found`);
  const url = `${p.services.blobEndpointTemplate.replace('{accountName}', AZURITE_ACCOUNT_NAME)}/${blobstoreContainerName(scope.workspaceGuid)}`;
  const container = new ContainerClient(url, new StorageSharedKeyCredential(AZURITE_ACCOUNT_NAME, AZURITE_ACCOUNT_KEY));
  return { p, scope, container };
}

async function deletePrefix(container: ContainerClient, prefix: string): Promise<number> {
  const names: string[] = [];
  for await (const b of container.listBlobsFlat({ prefix })) names.push(b.name);
  for (let i = 0; i < names.length; i += 32) await Promise.all(names.slice(i, i + 32).map((n) => container.deleteBlob(n)));
  return names.length;
}

async function registerOurs(args: { folder: string; name: string }): Promise<SampleResult> {
  const { p, scope, container } = await visionWorkspace();
  await p.armToken(); // signed in already, as in the editor
  const rss = rssSampler();
  const t0 = performance.now();
  const { reader, source } = await openLocalSource(args.folder);
  const planned = await prepareRegisterPlan(reader, { scope, source, name: args.name }, catalogModelLookup(p.catalog, scope, args.name));
  if (!planned.ok) throw new Error(`plan failed: ${planned.problems.join(' | ')}`);
  const planMs = performance.now() - t0;
  let progressCalls = 0;
  const outcome = await p.registrar.register(planned.plan, (rel) => reader.absolute(rel), { onProgress: () => progressCalls++, onLog: () => undefined });
  const ms = performance.now() - t0;
  const peakRss = rss.stop();
  if (outcome.uploadSkipped || outcome.uploadedFiles !== planned.plan.fileCount) {
    throw new Error(`expected a full upload: skipped=${outcome.uploadSkipped}, uploaded ${outcome.uploadedFiles}/${planned.plan.fileCount}, reused ${outcome.reusedFiles}`);
  }
  await deletePrefix(container, planned.plan.blobPrefix.split('/').slice(0, 2).join('/') + '/');
  return {
    ms, planMs, bytes: planned.plan.totalBytes, files: planned.plan.fileCount, baselineRss: rss.baseline, peakRss,
    note: `${outcome.storageRequests} storage requests, ${progressCalls} progress events`,
  };
}

async function uploadRaw(args: { folder: string; prefix: string }): Promise<SampleResult> {
  const { container } = await visionWorkspace();
  const files = listFiles(args.folder).sort((a, b) => b.size - a.size);
  const rss = rssSampler();
  const t0 = performance.now();
  // The large file with 8 blocks in flight, then the small ones 8 at a time: never more than 8 requests in flight.
  const [large, ...small] = files;
  await container.getBlockBlobClient(`${args.prefix}${large!.rel}`).uploadFile(large!.abs, { blockSize: RAW_BLOCK, concurrency: RAW_IN_FLIGHT });
  let next = 0;
  await Promise.all(Array.from({ length: RAW_IN_FLIGHT }, async () => {
    while (next < small.length) {
      const f = small[next++]!;
      await container.getBlockBlobClient(`${args.prefix}${f.rel}`).uploadFile(f.abs, { blockSize: RAW_BLOCK, concurrency: 1 });
    }
  }));
  const ms = performance.now() - t0;
  const peakRss = rss.stop();
  const deleted = await deletePrefix(container, args.prefix);
  if (deleted !== files.length) throw new Error(`raw upload left ${deleted} blobs, expected ${files.length}`);
  return { ms, bytes: files.reduce((n, f) => n + f.size, 0), files: files.length, baselineRss: rss.baseline, peakRss };
}

export const registerWorkerTasks: Record<string, WorkerTask> = {
  'register-ours': (a) => registerOurs(a as { folder: string; name: string }),
  'register-raw': (a) => uploadRaw(a as { folder: string; prefix: string }),
};

// ---- the benchmark ---------------------------------------------------------------------------------------------

/**
 * Flushes dirty pages (the generated folder, the previous sample's Azurite writes and deletes) before a sample, so
 * the kernel's writeback does not land in whichever side runs next: a 1 GiB writeback halves Azurite's throughput.
 */
function settleDisk(): void {
  try {
    execFileSync('sync', { stdio: 'ignore', timeout: 60_000 });
  } catch {
    /* best effort */
  }
}

export const register: Benchmark = {
  name: 'register',
  title: 'issue 4: register a 1 GiB folder vs a raw parallel upload',
  async run(ctx): Promise<Row[]> {
    const sizeMiB = Number(ctx.options.get('size-mib') ?? 1024);
    const reps = Number(ctx.options.get('register-reps') ?? ctx.options.get('reps') ?? 3);
    const folderRoot = mkdtempSync(join(tmpdir(), 'aml-bench-register-'));
    const folder = join(folderRoot, 'big-model');
    try {
      const g0 = performance.now();
      const gen = generateFolder(folder, sizeMiB);
      ctx.log(`  register: generated ${fmtMiB(gen.bytes)} in ${gen.files} files in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
      const ours: SampleResult[] = [];
      const raw: SampleResult[] = [];
      for (let i = 0; i < reps; i++) {
        const runOurs = async () => {
          settleDisk();
          const r = await ctx.worker<SampleResult>('register-ours', { folder, name: `bench-register-${process.pid}-${i}` });
          ours.push(r);
          ctx.log(`  register sample ${i + 1}/${reps} ours: ${fmtMs(r.ms)} (plan+hash ${fmtMs(r.planMs ?? 0)}), peak RSS ${fmtMiB(r.peakRss)}; ${r.note}`);
        };
        const runRaw = async () => {
          settleDisk();
          const r = await ctx.worker<SampleResult>('register-raw', { folder, prefix: `bench-raw/${process.pid}-${i}/` });
          raw.push(r);
          ctx.log(`  register sample ${i + 1}/${reps} raw:  ${fmtMs(r.ms)}, peak RSS ${fmtMiB(r.peakRss)}`);
        };
        if (i % 2 === 0) { await runOurs(); await runRaw(); } else { await runRaw(); await runOurs(); }
      }
      const oursMs = median(ours.map((r) => r.ms));
      const rawMs = median(raw.map((r) => r.ms));
      const mibps = (ms: number) => `${(gen.bytes / MiB / (ms / 1000)).toFixed(0)} MiB/s`;
      const ratio = rawMs / oursMs;
      const peak = Math.max(...ours.map((r) => r.peakRss));
      const growth = Math.max(...ours.map((r) => r.peakRss - r.baselineRss));
      const bench = 'register';
      return [
        { bench, metric: 'setup', value: `${fmtMiB(gen.bytes)} folder: 1 × ${fmtMiB(gen.largeBytes)} + ${SMALL_FILES} × ~${((gen.bytes - gen.largeBytes) / SMALL_FILES / MiB).toFixed(2)} MiB${sizeMiB === 1024 ? '' : ' (--size-mib)'}; ${reps} samples each, alternating`, status: 'INFO' },
        { bench, metric: 'ours: plan (scan + CLI hash) + register, median', value: `${fmtMs(oursMs)} = ${mibps(oursMs)} (${fmtList(ours.map((r) => r.ms))})`, status: 'INFO' },
        { bench, metric: '  of which plan (scan + hash), median', value: fmtMs(median(ours.map((r) => r.planMs ?? 0))), status: 'INFO' },
        { bench, metric: `raw uploadFile, ${RAW_IN_FLIGHT} in flight, median`, value: `${fmtMs(rawMs)} = ${mibps(rawMs)} (${fmtList(raw.map((r) => r.ms))})`, status: 'INFO' },
        { bench, metric: 'throughput ratio raw time / our time', value: fmtRatio(ratio), goal: `≥ ${GOAL_RATIO.toFixed(2)}×`, status: verdict(ratio >= GOAL_RATIO) },
        { bench, metric: 'peak RSS of the registering process', value: `${fmtMiB(peak)} (growth ≤ ${fmtMiB(growth)} over ${fmtMiB(ours[0]!.baselineRss)} at start)`, status: 'INFO' },
        { bench, metric: 'peak RSS of the raw uploading process', value: `${fmtMiB(Math.max(...raw.map((r) => r.peakRss)))}`, status: 'INFO' },
      ];
    } finally {
      rmSync(folderRoot, { recursive: true, force: true });
    }
  },
};
