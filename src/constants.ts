/**
 * Every id the extension shares with package.json, in one place. test/unit/ui/manifest.test.ts keeps this file and
 * the manifest in step, so a rename that misses one side fails the build instead of silently breaking a menu.
 */

export const extensionDisplayName = 'Azure ML Model Inventory';

export const ViewId = {
  container: 'amlInventory',
  inventory: 'amlInventory.inventory',
} as const;

export const WebviewType = {
  modelVersion: 'amlInventory.modelVersion',
} as const;

export const CommandId = {
  signIn: 'amlInventory.signIn',
  signOut: 'amlInventory.signOut',
  selectSubscriptions: 'amlInventory.selectSubscriptions',
  selectTenant: 'amlInventory.selectTenant',
  setServicePrincipalSecret: 'amlInventory.setServicePrincipalSecret',
  refresh: 'amlInventory.refresh',
  refreshNode: 'amlInventory.refreshNode',
  loadMore: 'amlInventory.loadMore',
  retry: 'amlInventory.retry',
  filterByName: 'amlInventory.filterByName',
  filterByTag: 'amlInventory.filterByTag',
  clearFilter: 'amlInventory.clearFilter',
  showArchived: 'amlInventory.showArchived',
  hideArchived: 'amlInventory.hideArchived',
  openVersionDetails: 'amlInventory.openVersionDetails',
  copyAssetId: 'amlInventory.copyAssetId',
  openInStudio: 'amlInventory.openInStudio',
  openJobInStudio: 'amlInventory.openJobInStudio',
  showLog: 'amlInventory.showLog',
  compareWithDeployed: 'amlInventory.compareWithDeployed',
  compareVersions: 'amlInventory.compareVersions',
  rollbackDeployment: 'amlInventory.rollbackDeployment',
  undoLastRollback: 'amlInventory.undoLastRollback',
  editTags: 'amlInventory.editTags',
  editDescription: 'amlInventory.editDescription',
  archiveVersion: 'amlInventory.archiveVersion',
  restoreVersion: 'amlInventory.restoreVersion',
  archiveModel: 'amlInventory.archiveModel',
  restoreModel: 'amlInventory.restoreModel',
  pickReferenceWorkspace: 'amlInventory.pickReferenceWorkspace',
  refreshReferences: 'amlInventory.refreshReferences',
  registerModel: 'amlInventory.registerModel',
  registerFromSpec: 'amlInventory.registerFromSpec',
  exportVersionSpec: 'amlInventory.exportVersionSpec',
  downloadVersion: 'amlInventory.downloadVersion',
} as const;
export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** Each command's title as package.json declares it (the manifest test keeps them equal); prompts show it via `promptTitle`. */
export const CommandTitle: Readonly<Record<CommandId, string>> = {
  [CommandId.signIn]: 'Sign In to Azure',
  [CommandId.signOut]: 'Sign Out',
  [CommandId.selectSubscriptions]: 'Select Subscriptions…',
  [CommandId.selectTenant]: 'Select Tenant…',
  [CommandId.setServicePrincipalSecret]: 'Set Service Principal Secret…',
  [CommandId.refresh]: 'Refresh',
  [CommandId.refreshNode]: 'Refresh',
  [CommandId.loadMore]: 'Load More',
  [CommandId.retry]: 'Retry',
  [CommandId.filterByName]: 'Filter Models by Name…',
  [CommandId.filterByTag]: 'Filter Versions by Tag…',
  [CommandId.clearFilter]: 'Clear Filter',
  [CommandId.showArchived]: 'Show Archived Models and Versions',
  [CommandId.hideArchived]: 'Hide Archived Models and Versions',
  [CommandId.openVersionDetails]: 'Show Version Details',
  [CommandId.copyAssetId]: 'Copy Asset ID…',
  [CommandId.openInStudio]: 'Open in Azure ML Studio',
  [CommandId.openJobInStudio]: 'Open Source Job in Azure ML Studio',
  [CommandId.showLog]: 'Show Log',
  [CommandId.compareWithDeployed]: 'Compare with Deployed…',
  [CommandId.compareVersions]: 'Compare with Another Version…',
  [CommandId.rollbackDeployment]: 'Roll Back Deployment…',
  [CommandId.undoLastRollback]: 'Undo Last Rollback…',
  [CommandId.editTags]: 'Edit Tags…',
  [CommandId.editDescription]: 'Edit Description…',
  [CommandId.archiveVersion]: 'Archive Version…',
  [CommandId.restoreVersion]: 'Restore Version',
  [CommandId.archiveModel]: 'Archive Model…',
  [CommandId.restoreModel]: 'Restore Model',
  [CommandId.pickReferenceWorkspace]: 'Choose Workspace for Model References…',
  [CommandId.refreshReferences]: 'Refresh Model References',
  [CommandId.registerModel]: 'Register as Azure ML Model…',
  [CommandId.registerFromSpec]: 'Register Azure ML Model from YAML Spec…',
  [CommandId.exportVersionSpec]: 'Export as YAML Spec',
  [CommandId.downloadVersion]: 'Download Model Version…',
};

/** The title of a command's quick picks, input boxes and dialogs: its palette title without a trailing ellipsis. */
export function promptTitle(id: CommandId): string {
  return CommandTitle[id].replace(/…$/, '');
}

/** Settings, relative to the `amlInventory` section (so `auth.method` is `amlInventory.auth.method`). */
export const settingsSection = 'amlInventory';
export const Setting = {
  authMethod: 'auth.method',
  authTenant: 'auth.tenant',
  authClientId: 'auth.clientId',
  cloud: 'cloud',
  customCloud: 'customCloud',
  subscriptions: 'subscriptions',
  pageSize: 'pageSize',
  showArchived: 'showArchived',
  /** Tag whose value is the approval badge (tree, details, rollback candidates). */
  approvalTagKey: 'approvalTagKey',
  /** Resource-scoped: the workspace `azureml:<name>:<version>` references in a folder resolve against. */
  referencesWorkspace: 'references.workspace',
  /** Folder the download picker starts in. */
  downloadDefaultFolder: 'download.defaultFolder',
} as const;
export type Setting = (typeof Setting)[keyof typeof Setting];

/** URI scheme of the read-only documents compare opens in the diff editor. */
export const CompareScheme = 'amlInventory-compare';

/** `source` of the diagnostics for model references in code. */
export const ReferenceDiagnosticSource = 'Azure ML Inventory';

/** Prefix of tree item context values (`amlInventory:<kind>+flag`); see src/tree/contextValue.ts. */
export const contextValuePrefix = 'amlInventory:';

/** Context keys read by `when` clauses in package.json. */
export const ContextKey = {
  signedIn: 'amlInventory.signedIn',
  filtered: 'amlInventory.filtered',
} as const;

/** Secret storage keys (never settings: settings sync and are readable by other extensions). */
export const SecretKey = {
  servicePrincipalSecret: 'amlInventory.servicePrincipalSecret',
} as const;

/** globalState keys. */
export const StateKey = {
  signedOut: 'amlInventory.signedOut',
} as const;
