/**
 * Palette fallbacks when a command is not run on a tree node: subscription → workspace/registry → model → version.
 * Model and version lists page like the tree (a "Load more…" entry fetches the next server page).
 */
import type { ModelContainer, ModelScope, ModelVersion, Subscription } from '../core/domain/model';
import type { Page } from '../core/paging';
import type { Connection } from '../host/connection';
import type { Prompter, PromptItem } from '../host/prompter';
import { userCancelled } from './runCommand';
import { escapeIcons } from '../core/printable';
import { formatShortDate } from '../shared/dateText';

type Item<T> = Omit<PromptItem<T>, 'value'> & { readonly value?: T };

async function pickOne<T>(prompter: Prompter, placeHolder: string, items: Promise<Item<T>[]> | Item<T>[]): Promise<T> {
  const picked = await prompter.pick(Promise.resolve(items).then((list) => list.map((item) => ({ ...item, value: item.value }))), { placeHolder, matchOnDescription: true });
  if (picked === undefined) throw userCancelled();
  return picked;
}

/** Shows one page at a time with a trailing "Load more…" entry while the server has more. */
async function pickFromPages<T>(prompter: Prompter, placeHolder: string, fetch: (token: string | undefined) => Promise<Page<T>>, toItem: (item: T) => Omit<PromptItem<T>, 'value'>): Promise<T> {
  const loaded: T[] = [];
  let token: string | undefined;
  for (;;) {
    const page = await fetch(token);
    loaded.push(...page.items);
    token = page.continuationToken;
    const items: Item<T | 'more'>[] = loaded.map((value) => ({ ...toItem(value), value }));
    if (token) items.push({ label: '$(ellipsis) Load more…', value: 'more', alwaysShow: true });
    const picked = await pickOne<T | 'more'>(prompter, placeHolder, items);
    if (picked !== 'more') return picked;
  }
}

export async function pickSubscription(connection: Connection, prompter: Prompter): Promise<Subscription> {
  const selected = new Set(connection.settings.subscriptions.map((id) => id.toLowerCase()));
  const items = connection.catalog.listSubscriptions().then((subscriptions) => subscriptions
    .filter((s) => selected.size === 0 || selected.has(s.subscriptionId.toLowerCase()))
    .map((s) => ({ label: escapeIcons(s.displayName || s.subscriptionId), description: s.subscriptionId, value: s })));
  return pickOne(prompter, 'Select a subscription', items);
}

export async function pickScope(connection: Connection, subscription: Subscription, prompter: Prompter): Promise<ModelScope> {
  const { catalog } = connection;
  const items = Promise.all([catalog.listWorkspaces(subscription.subscriptionId), catalog.listRegistries(subscription.subscriptionId)])
    .then(([workspaces, registries]) => [
      { label: 'Workspaces', separator: true },
      ...workspaces.map((w) => ({ label: `$(server-environment) ${escapeIcons(w.name)}`, description: w.resourceGroup, value: w as ModelScope })),
      { label: 'Registries', separator: true },
      ...registries.map((r) => ({ label: `$(database) ${escapeIcons(r.name)}`, description: r.resourceGroup, value: r as ModelScope })),
    ] as Item<ModelScope>[]);
  return pickOne(prompter, 'Select a workspace or registry', items);
}

export function pickModel(connection: Connection, scope: ModelScope, prompter: Prompter): Promise<ModelContainer> {
  const listViewType = connection.settings.showArchived ? 'All' : 'ActiveOnly';
  return pickFromPages(
    prompter,
    `Select a model in ${scope.name}`,
    (continuationToken) => connection.catalog.listModels(scope, { listViewType, ...(continuationToken ? { continuationToken } : {}) }),
    (m) => ({ label: escapeIcons(m.name), description: m.latestVersion ? `latest ${m.latestVersion}` : undefined }),
  );
}

export function pickVersion(connection: Connection, scope: ModelScope, modelName: string, prompter: Prompter): Promise<ModelVersion> {
  const { pageSize, showArchived } = connection.settings;
  return pickFromPages(
    prompter,
    `Select a version of ${modelName}`,
    (continuationToken) => connection.catalog.listVersions(scope, modelName, {
      listViewType: showArchived ? 'All' : 'ActiveOnly', top: pageSize, orderBy: 'createdtime desc', ...(continuationToken ? { continuationToken } : {}),
    }),
    (v) => ({ label: escapeIcons(v.version), description: formatShortDate(v.createdAt) }),
  );
}

export async function pickModelVersion(connection: Connection, prompter: Prompter): Promise<ModelVersion> {
  const subscription = await pickSubscription(connection, prompter);
  const scope = await pickScope(connection, subscription, prompter);
  const model = await pickModel(connection, scope, prompter);
  return pickVersion(connection, scope, model.name, prompter);
}
