import assert from 'node:assert/strict';
import { controlClient } from '../../support/controlClient';
import { armToken, raw, services } from '../emulator/helpers';
import { loadRecordings, notServedReason } from './recordings';
import { REPLAY_SUBSCRIPTION, replayState } from './replayState';

/**
 * Replays every recorded Azure call (../shared/fixtures/azure-recordings) against the emulator, in order, in a state
 * prepared per recording. Per entry: same status code; LRO headers (Azure-AsyncOperation, Location) and list paging
 * (nextLink presence/absence) as recorded; every key the recorded body has at the top level, in `properties`, in
 * `error` and in list items is present in ours. Entries the emulator deliberately does not serve are listed with
 * their reason.
 */
const DATA_MAPS = new Set(['tags', 'properties', 'traffic', 'mirrorTraffic', 'flavors', 'environmentVariables', 'inputs', 'outputs']);

/** Keys of `recorded` missing from `actual`, at the levels clients read (`properties`, `error`, list items). */
function missingKeys(recorded: unknown, actual: unknown, path = ''): string[] {
  if (!recorded || typeof recorded !== 'object' || Array.isArray(recorded)) return [];
  if (!actual || typeof actual !== 'object') return [`${path || '<body>'} (not an object)`];
  const missing: string[] = [];
  for (const [key, value] of Object.entries(recorded)) {
    if (!(key in actual)) {
      missing.push(`${path}${key}`);
      continue;
    }
    const mine = (actual as Record<string, unknown>)[key];
    if (key === 'value' && Array.isArray(value) && Array.isArray(mine) && value.length && mine.length) missing.push(...missingKeys(value[0], mine[0], `${path}value[0].`));
    else if ((key === 'properties' || key === 'error') && !path.endsWith('properties.') && !DATA_MAPS.has(path)) missing.push(...missingKeys(value, mine, `${path}${key}.`));
  }
  return missing;
}

const header = (headers: Record<string, unknown>, name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

describe('conformance: recorded Azure traffic replayed against the emulator', () => {
  const control = controlClient(services);
  after(() => services.reset());

  for (const recording of loadRecordings()) {
    it(recording.file, async function () {
      this.timeout(120_000);
      await control.putState(replayState(recording));
      const token = await armToken();
      /** Recorded operation URL path → the one the emulator handed out for the same step. */
      const operationUrls = new Map<string, string>();
      const latestOperation = new Map<string, string>();
      const skipped = new Map<string, number>();
      let replayed = 0;
      for (const [index, entry] of recording.entries.entries()) {
        const reason = notServedReason(entry);
        if (reason) {
          skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
          continue;
        }
        const recordedUrl = new URL(entry.RequestUri);
        const pollKind = /\/(mfeOperationsStatus|mfeOperationResults)\//i.exec(recordedUrl.pathname)?.[1].toLowerCase();
        // Some recordings poll an operation id other than the one their PUT returned (re-recorded steps); such a
        // poll goes to the latest operation of the same kind.
        const mapped = operationUrls.get(recordedUrl.pathname.toLowerCase().replace(/\/subscriptions\/0+-0+-0+-0+-0+\//, `/subscriptions/${REPLAY_SUBSCRIPTION}/`))
          ?? (pollKind ? latestOperation.get(pollKind) : undefined);
        const path = mapped ?? `${recordedUrl.pathname.replace(/\/subscriptions\/0+-0+-0+-0+-0+\//, `/subscriptions/${REPLAY_SUBSCRIPTION}/`)}${recordedUrl.search}`;
        const res = await raw(entry.RequestMethod, path, { token, body: entry.RequestBody ?? undefined });
        const where = `${recording.file} #${index} ${entry.RequestMethod} ${recordedUrl.pathname}`;
        assert.equal(res.status, entry.StatusCode, `${where}: status (body ${String(JSON.stringify(res.body)).slice(0, 300)})`);
        for (const name of ['Azure-AsyncOperation', 'Location']) {
          const recorded = header(entry.ResponseHeaders, name);
          if (!recorded) continue;
          const mine = header(res.headers, name);
          assert.ok(mine, `${where}: ${name} header`);
          const key = new URL(String(recorded)).pathname.toLowerCase().replace(/\/subscriptions\/0+-0+-0+-0+-0+\//, `/subscriptions/${REPLAY_SUBSCRIPTION}/`);
          operationUrls.set(key, String(mine));
          const kind = /\/(mfeOperationsStatus|mfeOperationResults)\//i.exec(key)?.[1].toLowerCase();
          if (kind) latestOperation.set(kind, String(mine));
        }
        const recordedBody = entry.ResponseBody as { value?: unknown; nextLink?: unknown } | null;
        if (recordedBody && typeof recordedBody === 'object' && Array.isArray(recordedBody.value)) {
          assert.equal('nextLink' in (res.body ?? {}), typeof recordedBody.nextLink === 'string', `${where}: nextLink presence`);
        }
        assert.deepEqual(missingKeys(entry.ResponseBody, res.body), [], `${where}: body keys`);
        replayed++;
      }
      const report = [...skipped].map(([reason, count]) => `${count} × ${reason}`);
      if (report.length) console.log(`      ${recording.file}: replayed ${replayed}, not served: ${report.join('; ')}`);
    });
  }
});
