/** Entry of the model-version details webview: restore UI state, handshake, render every snapshot. */
import type {
  ModelVersionCommands, ModelVersionNotifications, ModelVersionRequests, ModelVersionSnapshot, PersistedPanelState,
} from '../../shared/protocol/modelVersion';
import { isModelVersionHostMessage, isPersistedPanelState, persistedStateVersion } from '../../shared/protocol/modelVersion';
import { HostClient } from '../client';
import { vscodeApi } from '../vscodeApi';
import { renderSnapshot } from './render';
import type { PanelActions } from './render';

type Protocol = { commands: ModelVersionCommands; requests: ModelVersionRequests; notifications: ModelVersionNotifications };

const api = vscodeApi<PersistedPanelState>();
const stored = api.getState();
const collapsed = new Set<string>(isPersistedPanelState(stored) ? stored.ui.collapsed : []);
const root = document.getElementById('root')!;
const liveRegion = document.getElementById('announcer')!;
let current: ModelVersionSnapshot | undefined;

function persist(): void {
  if (!current) return;
  api.setState({ v: persistedStateVersion, identity: current.identity, ui: { collapsed: [...collapsed] } });
}

const client = new HostClient<Protocol>(isModelVersionHostMessage, (method, params) => {
  if (method !== 'state/replace') return;
  current = params;
  persist();
  const focusedId = document.activeElement?.getAttribute('aria-controls');
  renderSnapshot(root, current, collapsed, actions);
  // Re-rendering replaces the DOM; keep keyboard users where they were.
  if (focusedId) document.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(focusedId)}"]`)?.focus();
});

const actions: PanelActions = {
  refresh: () => client.command('refresh', {}),
  openInStudio: () => client.command('studio/open', {}),
  openJob: () => client.command('job/open', {}),
  compareWithDeployed: () => client.command('deployment/compare', {}),
  rollBack: () => client.command('deployment/rollback', {}),
  download: () => client.command('version/download', {}),
  copyAssetId: async (spelling) => (await client.request('assetId/copy', { spelling })).copied,
  metadata: {
    saveMetadata: (params) => client.request('metadata/save', params),
    setArchived: async (archived) => (await client.request('version/setArchived', { archived })).done,
    rerender: () => {
      if (current) renderSnapshot(root, current, collapsed, actions);
    },
    announce: (message) => {
      liveRegion.textContent = message;
    },
  },
  sectionToggled: (sectionId, isCollapsed) => {
    if (isCollapsed) collapsed.add(sectionId);
    else collapsed.delete(sectionId);
    persist();
  },
  announce: (message) => {
    liveRegion.textContent = message;
  },
};

client.start();
