/** Sign in / out, subscription and tenant selection, and the service principal secret. */
import * as vscode from 'vscode';
import { SecretKey, Setting } from '../constants';
import { InventoryError } from '../core/errors';
import type { PromptItem } from '../host/prompter';
import { settingName, updateSetting } from '../host/settings';
import type { CommandServices } from './CommandServices';
import type { CommandContext } from './runCommand';
import { userCancelled } from './runCommand';
import { escapeIcons } from '../core/printable';

export async function signIn(services: CommandServices, context: CommandContext): Promise<void> {
  await services.signIn.setSignedOut(false);
  const connection = services.connections.current();
  switch (connection.settings.authMethod) {
    case 'vscode':
      await connection.interactiveSignIn?.();
      await services.signIn.reconnect();
      break;
    case 'azureCli': {
      const open = 'Open Terminal';
      const choice = await services.prompter.confirm('Sign in with the Azure CLI: run "az login" in a terminal, then refresh the Model Inventory view.', {}, open);
      if (choice === open) {
        const terminal = vscode.window.createTerminal('Azure CLI sign-in');
        terminal.show();
        terminal.sendText('az login', false);
      }
      return;
    }
    case 'servicePrincipal':
      if (!(await services.secrets.get(SecretKey.servicePrincipalSecret))) await setServicePrincipalSecret(services);
      break;
    case 'environment':
    case 'managedIdentity':
      break;
  }
  // Prove the sign-in works now, so a problem is reported here rather than as an empty view.
  const subscriptions = await context.withProgress('Signing in to Azure…', (abortSignal) => services.connections.current().catalog.listSubscriptions({ abortSignal }));
  services.logger.info(`Signed in (${connection.settings.authMethod}); ${subscriptions.length} subscription(s) visible.`);
  services.view.provider.refresh();
}

export async function signOut(services: CommandServices): Promise<void> {
  await services.signIn.setSignedOut(true);
  if (services.connections.current().settings.authMethod === 'vscode') {
    services.prompter.notify('The Model Inventory no longer uses your Microsoft account. To remove the account from VS Code, use the Accounts menu.');
  }
}

export async function setServicePrincipalSecret(services: CommandServices): Promise<void> {
  const secret = await services.prompter.input({
    title: 'Service principal client secret',
    prompt: `Stored in VS Code's secret storage (not in settings). Set ${settingName(Setting.authTenant)} and ${settingName(Setting.authClientId)} too.`,
    password: true,
    validate: (value) => (value.trim() === '' ? 'Enter the client secret.' : undefined),
  });
  if (secret === undefined) throw userCancelled();
  await services.secrets.store(SecretKey.servicePrincipalSecret, secret.trim());
  await services.signIn.reconnect();
}

export async function selectSubscriptions(services: CommandServices, context: CommandContext): Promise<void> {
  const connection = services.connections.current();
  const selected = new Set(connection.settings.subscriptions.map((id) => id.toLowerCase()));
  const subscriptions = await context.withProgress('Listing subscriptions…', (abortSignal) => connection.catalog.listSubscriptions({ abortSignal }));
  if (subscriptions.length === 0) throw new InventoryError('notFound', 'This account has no subscriptions. Check the sign-in method and tenant.');
  const items = subscriptions.map((s) => ({
    label: escapeIcons(s.displayName || s.subscriptionId),
    description: s.subscriptionId,
    picked: selected.size === 0 || selected.has(s.subscriptionId.toLowerCase()),
    value: s.subscriptionId,
  }));
  const picked = await services.prompter.pickMany(items, { placeHolder: 'Subscriptions to show in the Model Inventory' });
  if (!picked) throw userCancelled();
  // All picked means "all", including subscriptions added later.
  await updateSetting(Setting.subscriptions, picked.length === items.length ? [] : picked);
}

export async function selectTenant(services: CommandServices, context: CommandContext): Promise<void> {
  const connection = services.connections.current();
  const tenants = await context.withProgress('Listing tenants…', (abortSignal) => connection.listTenants({ abortSignal }));
  const current = connection.settings.tenantId?.toLowerCase();
  const items: PromptItem<{ tenantId: string | undefined }>[] = [
    { label: 'Default tenant', description: 'the account\'s home tenant', value: { tenantId: undefined }, picked: current === undefined },
    ...tenants.map((t) => ({
      label: escapeIcons(t.displayName || t.tenantId),
      description: [t.defaultDomain, t.tenantId].filter(Boolean).join(' · '),
      value: { tenantId: t.tenantId },
      picked: t.tenantId.toLowerCase() === current,
    })),
  ];
  const picked = await services.prompter.pick(items, { placeHolder: 'Tenant (directory) to sign in to' });
  if (!picked) throw userCancelled();
  await updateSetting(Setting.authTenant, picked.tenantId ?? '');
}
