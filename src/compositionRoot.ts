/**
 * The only module that joins the VS Code-facing layers with the Azure adapters. Builds the connection (cloud,
 * credential, catalog) from settings and secrets, the tree, the details panels and the commands, and rebuilds the
 * connection whenever the settings, the stored secret or the VS Code account sessions change.
 */
import * as vscode from 'vscode';
import { userInfo } from 'node:os';
import { ArmCatalog } from './azure/armCatalog';
import { ArmArtifactManifests } from './azure/artifactManifest';
import { ArmDeployments } from './azure/armDeployments';
import { CompareDocuments } from './commands/deployments/compareDocuments';
import { DeploymentsHub, type DeploymentAdapters } from './commands/deployments/DeploymentsHub';
import { ArmClientFactory } from './azure/clientFactory';
import { createCredential } from './azure/credentials';
import { listTenants } from './azure/tenants';
import { registerCommands } from './commands/registerCommands';
import type { RegisterAdapters } from './commands/register/registerModelCommands';
import { openLocalSource } from './azure/localFiles';
import { ModelRegistrar } from './azure/registerModel';
import { ModelDownloader } from './azure/downloadModel';
import type { DownloadAdapters } from './commands/download/downloadCommands';
import type { SignInControl } from './commands/CommandServices';
import { SecretKey, Setting, StateKey } from './constants';
import type { CloudEndpoints } from './core/domain/cloud';
import { resolveCloud } from './core/domain/cloudSettings';
import { InventoryError } from './core/errors';
import type { TokenProvider } from './core/ports/tokenProvider';
import type { Connection, ConnectionSource } from './host/connection';
import { Logger } from './host/logger';
import { PrompterSlot, VscodePrompter, type Prompter } from './host/prompter';
import { onDidChangeSettings, readSettings, settingName } from './host/settings';
import type { InventorySettings } from './host/settings';
import { unavailableCatalog } from './host/unavailableCatalog';
import { VscodeTokenProvider } from './host/vscodeTokenProvider';
import { InventoryView } from './tree/InventoryView';
import { ModelVersionPanels } from './webviews/modelVersion/ModelVersionPanels';
import { ArmCuration } from './azure/armCuration';
import type { CurationPort } from './core/ports/curation';
import { ReferenceService } from './references/ReferenceService';

/** What `activate` returns: read access for extension-host tests; the same objects users interact with. */
export interface InventoryApi {
  readonly view: InventoryView;
  readonly panels: ModelVersionPanels;
  readonly connections: ConnectionSource;
  /** The deployed-where index the tree, the panels and the deployment commands share. */
  readonly deployments: DeploymentsHub;
  /** Compare documents (the diff editor's read-only texts). */
  readonly compareDocuments: CompareDocuments;
  /**
   * Makes every command ask `prompter` instead of VS Code's pickers and dialogs (e.g. a scripted one in tests);
   * disposing puts the previous one back.
   */
  installPrompter(prompter: Prompter): vscode.Disposable;
  /** Model references in code: hover, CodeLens, diagnostics (tests resolve through it). */
  readonly references: ReferenceService;
}

const connectionSettings: readonly Setting[] = [Setting.authMethod, Setting.authTenant, Setting.authClientId, Setting.cloud, Setting.customCloud];

function unavailable(settings: InventorySettings, cloud: CloudEndpoints | undefined, error: InventoryError): Connection {
  return { settings, cloud, catalog: unavailableCatalog(error), listTenants: () => Promise.reject(error) };
}

function buildConnection(settings: InventorySettings, state: { isSignedOut: boolean; clientSecret: string | undefined; userAgentPrefix: string }): Connection {
  let cloud: CloudEndpoints;
  try {
    cloud = resolveCloud(settings.cloud, settings.customCloud, settingName(Setting.customCloud));
  } catch (error) {
    return unavailable(settings, undefined, error as InventoryError);
  }
  if (state.isSignedOut) return unavailable(settings, cloud, new InventoryError('notSignedIn', 'You signed out of the Model Inventory. Sign in to continue.'));
  if (settings.authMethod === 'servicePrincipal' && !state.clientSecret) {
    return unavailable(settings, cloud, new InventoryError('notSignedIn', 'Set the service principal secret to sign in.'));
  }

  let credential: TokenProvider;
  let interactiveSignIn: (() => Promise<void>) | undefined;
  if (settings.authMethod === 'vscode') {
    const provider = new VscodeTokenProvider(cloud, settings.tenantId);
    credential = provider;
    interactiveSignIn = () => provider.signIn();
  } else {
    try {
      credential = createCredential(settings.authMethod, cloud, {
        ...(settings.tenantId ? { tenantId: settings.tenantId } : {}),
        ...(settings.clientId ? { clientId: settings.clientId } : {}),
        ...(state.clientSecret ? { clientSecret: state.clientSecret } : {}),
      });
    } catch (error) {
      return unavailable(settings, cloud, error instanceof InventoryError ? error : new InventoryError('validation', String(error)));
    }
  }
  const clients = new ArmClientFactory({ cloud, credential, userAgentPrefix: state.userAgentPrefix });
  const built: Connection = {
    settings,
    cloud,
    catalog: new ArmCatalog(clients),
    listTenants: (options) => listTenants(clients, options),
    ...(interactiveSignIn ? { interactiveSignIn } : {}),
  };
  deploymentAdapters.set(built.catalog, { deployments: new ArmDeployments(clients), manifests: new ArmArtifactManifests(clients, cloud, credential) });
  registerAdapters.set(built.catalog, registerAdaptersFor(new ModelRegistrar(clients, cloud, credential)));
  downloadAdapters.set(built.catalog, new ModelDownloader(clients, cloud, credential));
  curationAdapters.set(built.catalog, new ArmCuration(clients));
  return built;
}

/** Curation adapter (tags, description, archive) of each connection's catalog: same clients, same sign-in. */
const curationAdapters = new WeakMap<object, CurationPort>();

/** Download adapters keyed by the connection's catalog, like the register ones. */
const downloadAdapters = new WeakMap<object, DownloadAdapters>();

/** Register adapters keyed by the connection's catalog (kept when only settings change). */
const registerAdapters = new WeakMap<object, RegisterAdapters>();

function registerAdaptersFor(registrar: ModelRegistrar): RegisterAdapters {
  return {
    openLocal: async (path) => {
      const { reader, source } = await openLocalSource(path);
      return { reader, source, localPathOf: (rel) => reader.absolute(rel) };
    },
    register: (plan, localPathOf, options) => registrar.register(plan, localPathOf, options),
  };
}

/** Deployment adapters of each connection (same clients, so the same sign-in and pipeline). */
// Keyed by the catalog, like the register adapters: a settings-only change copies the connection object but keeps its
// catalog, and must keep the same adapters (and so the same deployed-where cache).
const deploymentAdapters = new WeakMap<object, DeploymentAdapters>();

export async function compose(context: vscode.ExtensionContext): Promise<InventoryApi> {
  const logger = new Logger();
  context.subscriptions.push(logger);
  const manifest = context.extension.packageJSON as { publisher: string; name: string; version: string };
  const userAgentPrefix = `${manifest.publisher}.${manifest.name}/${manifest.version}`;

  const connect = async (): Promise<Connection> => {
    const settings = readSettings();
    const built = buildConnection(settings, {
      isSignedOut: context.globalState.get<boolean>(StateKey.signedOut) === true,
      clientSecret: settings.authMethod === 'servicePrincipal' ? await context.secrets.get(SecretKey.servicePrincipalSecret) : undefined,
      userAgentPrefix,
    });
    logger.info(`Using ${built.cloud?.name ?? 'an invalid cloud setting'} with sign-in method "${settings.authMethod}".`);
    return built;
  };
  let connection = await connect();
  const connections: ConnectionSource = { current: () => connection };

  const prompter = new PrompterSlot(new VscodePrompter());
  const deploymentsHub = new DeploymentsHub(connections, () => deploymentAdapters.get(connection.catalog), logger, () => {
    // Only the version nodes whose deployed flag or tooltip changed, never a root repaint (a second whole-tree event
    // right after a command's refresh is the suspected cause of the tree collapsing to the subscriptions).
    view.provider.deploymentsChanged();
    panels.deploymentsChanged();
  });
  const compareDocuments = new CompareDocuments();
  context.subscriptions.push(compareDocuments, compareDocuments.register());
  const view = new InventoryView({
    catalog: () => connection.catalog,
    options: () => {
      const { pageSize, showArchived, subscriptions, approvalTagKey } = connection.settings;
      return { pageSize, showArchived, subscriptions, approvalTagKey };
    },
    deployments: deploymentsHub,
  });
  const panels = new ModelVersionPanels({ extensionUri: context.extensionUri, connections, logger, deployments: deploymentsHub });
  context.subscriptions.push(view, panels, panels.register());
  const references = new ReferenceService(connections, deploymentsHub, logger, () => connection.settings.approvalTagKey);
  context.subscriptions.push(references, references.register());

  const reconnect = async (): Promise<void> => {
    connection = await connect();
    view.provider.refresh();
  };
  const signIn: SignInControl = {
    setSignedOut: async (isSignedOut) => {
      if ((context.globalState.get<boolean>(StateKey.signedOut) === true) === isSignedOut) return;
      await context.globalState.update(StateKey.signedOut, isSignedOut);
      await reconnect();
    },
    reconnect,
  };

  context.subscriptions.push(
    ...registerCommands({ connections, view, panels, logger, secrets: context.secrets, signIn, prompter }, {
      hub: deploymentsHub,
      documents: compareDocuments,
      who: () => (connection.settings.authMethod === 'vscode' ? `${safeUserName()} (VS Code account)` : `${safeUserName()} (${connection.settings.authMethod})`),
    }, { adapters: () => registerAdapters.get(connection.catalog) }, { adapters: () => downloadAdapters.get(connection.catalog) }, {
      curation: () => curationAdapters.get(connection.catalog),
      hub: deploymentsHub,
      references,
      changed: (scope, modelName) => references.modelChanged(scope, modelName),
    }),
    onDidChangeSettings(connectionSettings, () => void reconnect()),
    // Subscription filter, page size and archived state need no new connection; nodes notice the changed query.
    onDidChangeSettings([Setting.subscriptions, Setting.pageSize, Setting.showArchived, Setting.approvalTagKey], () => {
      connection = { ...connection, settings: readSettings() };
      view.provider.repaint();
    }),
    context.secrets.onDidChange((event) => {
      if (event.key === SecretKey.servicePrincipalSecret) void reconnect();
    }),
    // Signing in or out through the Accounts menu changes what the VS Code token provider can return.
    vscode.authentication.onDidChangeSessions((event) => {
      if (connection.settings.authMethod === 'vscode' && event.provider.id.startsWith('microsoft')) view.provider.refresh();
    }),
  );
  return {
    view, panels, connections, deployments: deploymentsHub, compareDocuments, references,
    installPrompter: (installed) => prompter.install(installed),
  };
}

function safeUserName(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
