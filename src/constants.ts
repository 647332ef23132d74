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
  registerModel: 'amlInventory.registerModel',
  registerFromSpec: 'amlInventory.registerFromSpec',
  exportVersionSpec: 'amlInventory.exportVersionSpec',
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
} as const;
export type Setting = (typeof Setting)[keyof typeof Setting];

/** URI scheme of the read-only documents compare opens in the diff editor. */
export const CompareScheme = 'amlInventory-compare';

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
