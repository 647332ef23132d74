import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultSettings } from '../../support/serviceTypes';
import type { FaultInjector } from '../faults';
import { isLoopback, readBody, sendJson } from '../http';
import type { EmulatorState } from '../state/model';

/**
 * The test control API under `/__emulator` (not token-protected, loopback only):
 *   POST   /__emulator/faults            FaultSettings JSON, merged into the active faults
 *   DELETE /__emulator/faults            clear all faults
 *   GET    /__emulator/requests[?reset=1] {count} of ARM requests served (optionally resetting the counter)
 *   POST   /__emulator/reset             restore the seeded state, drop pending operations, clear faults
 *   GET    /__emulator/state             the current state (seed-file format)
 *   PUT    /__emulator/state             replace the current state (e.g. the conformance replay's state)
 *   POST   /__emulator/azurite/stop|start|restart   storage outage simulation
 */
export interface ControlTarget {
  state: EmulatorState;
  readonly faults: FaultInjector;
  armRequestCount: number;
  readonly azurite: { stop(): Promise<void>; start(): Promise<void> };
  resetState(): void;
  replaceState(state: EmulatorState): void;
}

export async function handleControlRequest(req: IncomingMessage, res: ServerResponse, url: URL, target: ControlTarget): Promise<void> {
  if (!isLoopback(req)) return sendJson(res, 403, { error: { code: 'Forbidden', message: 'The control API is loopback only.' } });
  const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
  const body = await readBody(req);
  const json = () => (body.length ? JSON.parse(body.toString('utf8')) : {});
  switch (route) {
    case 'POST /__emulator/faults':
      target.faults.set(json() as FaultSettings);
      return sendJson(res, 204, undefined);
    case 'DELETE /__emulator/faults':
      target.faults.clear();
      return sendJson(res, 204, undefined);
    case 'GET /__emulator/requests': {
      const count = target.armRequestCount;
      if (url.searchParams.get('reset') === '1' || url.searchParams.get('reset') === 'true') target.armRequestCount = 0;
      return sendJson(res, 200, { count });
    }
    case 'POST /__emulator/reset':
      target.resetState();
      return sendJson(res, 204, undefined);
    case 'GET /__emulator/state':
      return sendJson(res, 200, target.state);
    case 'PUT /__emulator/state':
      target.replaceState(json() as EmulatorState);
      return sendJson(res, 204, undefined);
    case 'POST /__emulator/azurite/stop':
      await target.azurite.stop();
      return sendJson(res, 204, undefined);
    case 'POST /__emulator/azurite/start':
      await target.azurite.start();
      return sendJson(res, 204, undefined);
    case 'POST /__emulator/azurite/restart':
      await target.azurite.stop();
      await target.azurite.start();
      return sendJson(res, 204, undefined);
    default:
      return sendJson(res, 404, { error: { code: 'NotFound', message: `No control route ${route}.` } });
  }
}
