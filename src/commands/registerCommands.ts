/**
 * The command table. Typed as `Record<CommandId, …>`, so a command id without a handler does not compile; the
 * manifest test keeps package.json in step with `CommandId`.
 */
import type * as vscode from 'vscode';
import { CommandId } from '../constants';
import { selectSubscriptions, selectTenant, setServicePrincipalSecret, signIn, signOut } from './authCommands';
import type { CommandServices } from './CommandServices';
import { registerCommand } from './runCommand';
import type { CommandHandler } from './runCommand';
import {
  clearFilter, filterByName, filterByTag, loadMore, refreshAll, refreshNode, retry, setShowArchived,
} from './treeCommands';
import { copyAssetId, openInStudio, openJobInStudio, openVersionDetails } from './versionCommands';
import { compareVersions, compareWithDeployed, type DeploymentCommandServices } from './deployments/compareCommands';
import { rollbackDeployment, undoLastRollback } from './deployments/rollbackCommands';
import { exportVersionSpec, registerFromSpec, registerModel, type RegisterCommandServices } from './register/registerModelCommands';
import { downloadVersion, type DownloadCommandServices } from './download/downloadCommands';
import {
  editDescription, editTags, setModelArchived, setVersionArchived, type CurationCommandServices,
} from './curation/curationCommands';
import type { ReferenceService } from '../references/ReferenceService';
import { pickReferenceWorkspace, refreshReferences } from '../references/referenceCommands';

export function registerCommands(
  services: CommandServices, deployments: DeploymentCommandServices, register: RegisterCommandServices = { adapters: () => undefined },
  download: DownloadCommandServices = { adapters: () => undefined },
  curation: CurationCommandServices & { readonly references?: ReferenceService } = { curation: () => undefined },
): vscode.Disposable[] {
  const handlers: Record<CommandId, CommandHandler> = {
    [CommandId.signIn]: (context) => signIn(services, context),
    [CommandId.signOut]: () => signOut(services),
    [CommandId.selectSubscriptions]: (context) => selectSubscriptions(services, context),
    [CommandId.selectTenant]: (context) => selectTenant(services, context),
    [CommandId.setServicePrincipalSecret]: () => setServicePrincipalSecret(services),
    [CommandId.refresh]: () => refreshAll(services, deployments.hub),
    [CommandId.refreshNode]: (_context, target) => refreshNode(services, target, deployments.hub),
    [CommandId.loadMore]: (_context, target) => loadMore(services, target),
    [CommandId.retry]: (_context, target) => retry(services, target),
    [CommandId.filterByName]: (_context, text) => filterByName(services, text),
    [CommandId.filterByTag]: (_context, target, text) => filterByTag(services, target, text),
    [CommandId.clearFilter]: (_context, target) => clearFilter(services, target),
    [CommandId.showArchived]: () => setShowArchived(true),
    [CommandId.hideArchived]: () => setShowArchived(false),
    [CommandId.openVersionDetails]: (_context, target) => openVersionDetails(services, target),
    [CommandId.copyAssetId]: (_context, target, spelling) => copyAssetId(services, target, spelling),
    [CommandId.openInStudio]: (_context, target) => openInStudio(services, target),
    [CommandId.openJobInStudio]: (_context, target) => openJobInStudio(services, target),
    [CommandId.showLog]: () => services.logger.show(),
    [CommandId.compareWithDeployed]: (context, target) => compareWithDeployed(services, deployments, context, target),
    [CommandId.compareVersions]: (context, target) => compareVersions(services, deployments, context, target),
    [CommandId.rollbackDeployment]: (context, target) => rollbackDeployment(services, deployments, context, target),
    [CommandId.undoLastRollback]: (context) => undoLastRollback(services, deployments, context),
    [CommandId.registerModel]: (context, target) => registerModel(services, register, context, target),
    [CommandId.registerFromSpec]: (context, target) => registerFromSpec(services, register, context, target),
    [CommandId.exportVersionSpec]: (_context, target) => exportVersionSpec(services, target),
    [CommandId.downloadVersion]: (context, target, destination, options) => downloadVersion(services, download, context, target, destination, options),
    [CommandId.editTags]: (context, target, args) => editTags(services, curation, context, target, args),
    [CommandId.editDescription]: (context, target, args) => editDescription(services, curation, context, target, args),
    [CommandId.archiveVersion]: (context, target) => setVersionArchived(services, curation, context, target, true),
    [CommandId.restoreVersion]: (context, target) => setVersionArchived(services, curation, context, target, false),
    [CommandId.archiveModel]: (context, target) => setModelArchived(services, curation, context, target, true),
    [CommandId.restoreModel]: (context, target) => setModelArchived(services, curation, context, target, false),
    [CommandId.pickReferenceWorkspace]: (_context, target) => pickReferenceWorkspace(services, curation.references, target),
    [CommandId.refreshReferences]: () => refreshReferences(curation.references),
  };
  return Object.entries(handlers).map(([id, handler]) => registerCommand(id as CommandId, handler, services.logger, services.prompter));
}
