import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedFixturesDir } from '../../emulator/paths';

/** The recorded Azure traffic in ../shared/fixtures/azure-recordings (azure-sdk-assets test-proxy format). */
export interface RecordedEntry {
  RequestUri: string;
  RequestMethod: string;
  RequestHeaders: Record<string, string>;
  RequestBody: unknown;
  StatusCode: number;
  ResponseHeaders: Record<string, string>;
  ResponseBody: unknown;
}

export interface Recording {
  file: string;
  entries: RecordedEntry[];
}

export function loadRecordings(): Recording[] {
  const dir = join(sharedFixturesDir(), 'azure-recordings');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, entries: (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { Entries: RecordedEntry[] }).Entries }));
}

/**
 * Why an entry is not replayed against the ARM emulator, or undefined when it is. Every category is named so a
 * skipped entry is visible in the report, never silently dropped.
 */
export function notServedReason(entry: RecordedEntry): string | undefined {
  const url = new URL(entry.RequestUri);
  if (/\.blob\.core\.windows\.net$/i.test(url.hostname)) return 'blob storage call: served by Azurite, not the ARM emulator';
  if (/\.api\.azureml(-test)?\.ms$/i.test(url.hostname)) return 'Azure ML dataplane host (registry discovery / assetstore operations): not an ARM endpoint';
  if (/\/mferp\/managementfrontend\//i.test(url.pathname)) return 'Azure ML regional dataplane (mferp) route for registries: the emulator serves the ARM equivalents';
  if (/inference\.ml\.azure\.com$/i.test(url.hostname)) return 'online endpoint scoring call: inference is out of scope';
  if (/\/providers\/Microsoft\.Resources\/|\/resourcegroups\/[^/]+\/deployments\//i.test(url.pathname)) return 'ARM template deployment (Microsoft.Resources): out of scope';
  if (/\/workspaces\/[^/]+\/(codes|environments)\//i.test(url.pathname)) return 'code / environment assets: out of scope for a model inventory';
  if (/\/registries\/[^/]+$/i.test(url.pathname) && entry.RequestMethod !== 'GET') return 'registry create/delete: the emulator serves registries read-only';
  if (/\/registryOperationsStatus\//i.test(url.pathname)) return 'registry create/delete operation status: registries are read-only here';
  return undefined;
}
