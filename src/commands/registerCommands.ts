/**
 * The command table. Typed as `Record<CommandId, …>`, so a command id without a handler does not compile; the
 * manifest test keeps package.json in step with `CommandId` (and `CommandTitle`). Handlers get their services
 * through `forCommand`, whose prompter titles every quick pick, input and open dialog "<command title>".
 */
import type * as vscode from 'vscode';
import { CommandId, promptTitle } from '../constants';
import { titledPrompter } from '../host/prompter';
import { selectSubscriptions, selectTenant, setServicePrincipalSecret, signIn, signOut } from './authCommands';
import type { CommandServices } from './CommandServices';
import { registerCommand } from './runCommand';
import type { CommandContext, CommandHandler } from './runCommand';
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
  // Each invocation gets the services with a prompter that titles its quick picks, inputs and dialogs with the command's name.
  const forCommand = (context: CommandContext): CommandServices => ({ ...services, prompter: titledPrompter(services.prompter, promptTitle(context.id)) });
  const handlers: Record<CommandId, CommandHandler> = {
    [CommandId.signIn]: (context) => signIn(forCommand(context), context),
    [CommandId.signOut]: (context) => signOut(forCommand(context)),
    [CommandId.selectSubscriptions]: (context) => selectSubscriptions(forCommand(context), context),
    [CommandId.selectTenant]: (context) => selectTenant(forCommand(context), context),
    [CommandId.setServicePrincipalSecret]: (context) => setServicePrincipalSecret(forCommand(context)),
    [CommandId.refresh]: (context) => refreshAll(forCommand(context), deployments.hub),
    [CommandId.refreshNode]: (context, target) => refreshNode(forCommand(context), target, deployments.hub),
    [CommandId.loadMore]: (context, target) => loadMore(forCommand(context), target),
    [CommandId.retry]: (context, target) => retry(forCommand(context), target),
    [CommandId.filterByName]: (context, text) => filterByName(forCommand(context), text),
    [CommandId.filterByTag]: (context, target, text) => filterByTag(forCommand(context), target, text),
    [CommandId.clearFilter]: (context, target) => clearFilter(forCommand(context), target),
    [CommandId.showArchived]: () => setShowArchived(true),
    [CommandId.hideArchived]: () => setShowArchived(false),
    [CommandId.openVersionDetails]: (context, target) => openVersionDetails(forCommand(context), target),
    [CommandId.copyAssetId]: (context, target, spelling) => copyAssetId(forCommand(context), target, spelling),
    [CommandId.openInStudio]: (context, target) => openInStudio(forCommand(context), target),
    [CommandId.openJobInStudio]: (context, target) => openJobInStudio(forCommand(context), target),
    [CommandId.showLog]: () => services.logger.show(),
    [CommandId.compareWithDeployed]: (context, target) => compareWithDeployed(forCommand(context), deployments, context, target),
    [CommandId.compareVersions]: (context, target) => compareVersions(forCommand(context), deployments, context, target),
    [CommandId.rollbackDeployment]: (context, target) => rollbackDeployment(forCommand(context), deployments, context, target),
    [CommandId.undoLastRollback]: (context) => undoLastRollback(forCommand(context), deployments, context),
    [CommandId.registerModel]: (context, target) => registerModel(forCommand(context), register, context, target),
    [CommandId.registerFromSpec]: (context, target) => registerFromSpec(forCommand(context), register, context, target),
    [CommandId.exportVersionSpec]: (context, target) => exportVersionSpec(forCommand(context), target),
    [CommandId.downloadVersion]: (context, target, destination, options) => downloadVersion(forCommand(context), download, context, target, destination, options),
    [CommandId.editTags]: (context, target, args) => editTags(forCommand(context), curation, context, target, args),
    [CommandId.editDescription]: (context, target, args) => editDescription(forCommand(context), curation, context, target, args),
    [CommandId.archiveVersion]: (context, target) => setVersionArchived(forCommand(context), curation, context, target, true),
    [CommandId.restoreVersion]: (context, target) => setVersionArchived(forCommand(context), curation, context, target, false),
    [CommandId.archiveModel]: (context, target) => setModelArchived(forCommand(context), curation, context, target, true),
    [CommandId.restoreModel]: (context, target) => setModelArchived(forCommand(context), curation, context, target, false),
    [CommandId.pickReferenceWorkspace]: (context, target) => pickReferenceWorkspace(forCommand(context), curation.references, target),
    [CommandId.refreshReferences]: () => refreshReferences(curation.references),
  };
  return Object.entries(handlers).map(([id, handler]) => registerCommand(id as CommandId, handler, services.logger, services.prompter));
}
