import { keyOf } from '../../emulator/state/ids';
import type { EmulatorState, JsonObject } from '../../emulator/state/model';
import { addVersion, containerIn, registry, workspace } from '../../emulator/seed/builders';
import type { Recording } from './recordings';

/**
 * A fresh emulator state for replaying one recording: the sanitized subscription / resource group / workspace the
 * recording addresses, and the things the recording shows as already existing before its first write (the
 * workspace's datastore credential type, model versions whose PUT answered 200, registries read with 200).
 */
export const REPLAY_SUBSCRIPTION = '00000000-0000-0000-0000-000000000';
export const REPLAY_GROUP = '00000';
export const REPLAY_WORKSPACE = '00000';

export function replayState(recording: Recording): EmulatorState {
  const at = new Date('2025-01-01T00:00:00Z');
  const ws = workspace({ subscriptionId: REPLAY_SUBSCRIPTION, resourceGroup: REPLAY_GROUP, name: REPLAY_WORKSPACE, location: 'eastus', workspaceId: '8e7dad76-df37-472b-b882-0c1c58adfcf9', friendlyName: 'replay', createdAt: at });
  const state: EmulatorState = {
    subscriptions: [{ subscriptionId: REPLAY_SUBSCRIPTION, displayName: 'replay', state: 'Enabled', resourceGroups: [REPLAY_GROUP] }],
    workspaces: [ws],
    registries: [],
  };
  for (const e of recording.entries) {
    const path = new URL(e.RequestUri).pathname;
    const body = e.ResponseBody as { properties?: JsonObject } | null;
    if (e.RequestMethod === 'GET' && /\/datastores\/workspaceblobstore$/i.test(path) && body?.properties?.credentials) {
      ws.datastores.workspaceblobstore.properties.credentials = body.properties.credentials;
      if ((body.properties.credentials as JsonObject).credentialsType === 'None') ws.datastores.workspaceblobstore.secrets = null;
    }
    const version = /\/workspaces\/[^/]+\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(path);
    if (e.RequestMethod === 'PUT' && e.StatusCode === 200 && version) {
      const modelUri = String(((e.RequestBody as { properties?: JsonObject }).properties ?? {}).modelUri ?? '').replace(/\/resourcegroups\//i, '/resourceGroups/');
      addVersion(containerIn(ws.models, version[1], at), version[2], { modelUri, isArchived: true }, at);
    }
    const reg = /\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/registries\/([^/]+)$/i.exec(path);
    if (e.RequestMethod === 'GET' && e.StatusCode === 200 && reg && !state.registries.some((r) => keyOf(r.name) === keyOf(reg[1]))) {
      state.registries.push(registry({ subscriptionId: REPLAY_SUBSCRIPTION, resourceGroup: REPLAY_GROUP, name: reg[1], location: 'westcentralus', containerName: `${reg[1].toLowerCase()}-replay`, createdAt: at }));
    }
  }
  return state;
}
