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
