/** Renders a full `ModelVersionSnapshot` into the page. Stateless apart from the collapsed-section set. */
import type {
  DeploymentsView, JobIoView, LineageView, ModelVersionSnapshot, RollbackHistoryView, VersionDetailsView,
} from '../../shared/protocol/modelVersion';
import { el, formatDate, nameValueTable, valueText } from './dom';
import { approvalBadge, archiveButton, tagsSection, type MetadataActions } from './metadataEditor';

export interface PanelActions {
  refresh(): void;
  openInStudio(): void;
  openJob(): void;
  compareWithDeployed(): void;
  rollBack(): void;
  download(): void;
  copyAssetId(spelling: string): Promise<boolean>;
  /** Called when a section is expanded or collapsed, so the state can be persisted. */
  sectionToggled(sectionId: string, collapsed: boolean): void;
  announce(message: string): void;
  /** Tags/description editing and archive/restore (metadataEditor.ts). */
  readonly metadata: MetadataActions;
}

export function renderSnapshot(root: HTMLElement, snapshot: ModelVersionSnapshot, collapsed: ReadonlySet<string>, actions: PanelActions): void {
  const { identity } = snapshot;
  const heading = el('h1', { dir: 'auto' }, `${identity.modelName} : ${identity.version}`, snapshot.details ? approvalBadge(snapshot.details) : undefined);
  const toolbar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Version actions' },
    button('Refresh', actions.refresh),
    snapshot.details ? button('Open in Azure ML studio', actions.openInStudio) : undefined,
    snapshot.details ? button('Download…', actions.download) : undefined,
    snapshot.details ? archiveButton(snapshot.details, actions.metadata) : undefined);
  const header = el('header', {}, heading, toolbar);

  const main = el('main', { 'aria-busy': String(snapshot.status === 'loading') });
  if (snapshot.status === 'loading') {
    main.append(el('p', { class: 'status' }, 'Loading…'));
  } else if (snapshot.status === 'error' || !snapshot.details) {
    main.append(el('p', { class: 'status error', role: 'alert' }, snapshot.errorMessage ?? 'The version could not be loaded.'));
  } else {
    const details = snapshot.details;
    main.append(
      section('overview', 'Overview', overview(details), collapsed, actions),
      section('assetIds', 'Asset IDs', assetIds(details, actions), collapsed, actions),
      section('tags', 'Tags', tagsSection(details, actions.metadata), collapsed, actions),
      section('properties', 'Properties', nameValueTable('Properties', details.properties, 'No properties.'), collapsed, actions),
      details.flavors.length > 0 ? section('flavors', 'MLflow flavors', flavors(details), collapsed, actions) : '',
      section('lineage', 'Lineage', lineage(snapshot.lineage, actions), collapsed, actions),
      section('deployments', 'Deployments using this version', deployments(snapshot.deployments, snapshot.identity.scopeKind, actions), collapsed, actions),
    );
  }
  root.replaceChildren(header, main);
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const element = el('button', { type: 'button' }, label);
  element.addEventListener('click', onClick);
  return element;
}

/** A collapsible section: a heading containing a disclosure button (WAI-ARIA accordion pattern). */
function section(id: string, title: string, content: HTMLElement, collapsed: ReadonlySet<string>, actions: PanelActions): HTMLElement {
  const isCollapsed = collapsed.has(id);
  const bodyId = `section-${id}`;
  const toggle = el('button', { type: 'button', class: 'disclosure', 'aria-expanded': String(!isCollapsed), 'aria-controls': bodyId }, title);
  const body = el('div', { id: bodyId, class: 'section-body' }, content);
  body.hidden = isCollapsed;
  toggle.addEventListener('click', () => {
    const nowCollapsed = !body.hidden;
    body.hidden = nowCollapsed;
    toggle.setAttribute('aria-expanded', String(!nowCollapsed));
    actions.sectionToggled(id, nowCollapsed);
  });
  return el('section', { 'aria-labelledby': `${bodyId}-heading` }, el('h2', { id: `${bodyId}-heading` }, toggle), body);
}

function overview(details: VersionDetailsView): HTMLElement {
  const rows: [string, string | undefined][] = [
    ['Type', details.modelType],
    ['Stage', details.stage],
    ['Archived', details.isArchived ? 'Yes' : 'No'],
    ['Location', details.location],
    ['Description', details.description],
    ['Model URI', details.modelUri],
    ['Created', joinAudit(formatDate(details.createdAt), details.createdBy)],
    ['Modified', joinAudit(formatDate(details.modifiedAt), details.modifiedBy)],
  ];
  return nameValueTable('Overview', rows.filter((r): r is [string, string] => !!r[1]).map(([name, value]) => ({ name, value })), '');
}

function joinAudit(at: string | undefined, by: string | undefined): string | undefined {
  if (at && by) return `${at} by ${by}`;
  return at ?? by;
}

function assetIds(details: VersionDetailsView, actions: PanelActions): HTMLElement {
  if (details.assetIds.length === 0) return el('p', { class: 'empty' }, 'No asset IDs.');
  const rows = details.assetIds.map((row) => {
    const copy = el('button', { type: 'button', 'aria-label': `Copy ${row.label}` }, 'Copy');
    copy.addEventListener('click', () => {
      void actions.copyAssetId(row.spelling).then((copied) => {
        if (copied) actions.announce(`${row.label} copied`);
      });
    });
    return el('tr', {}, el('th', { scope: 'row' }, row.label), el('td', {}, valueText(row.value, 'code')), el('td', {}, copy));
  });
  return el('table', {},
    el('caption', { class: 'visually-hidden' }, 'Asset IDs'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Spelling'), el('th', { scope: 'col' }, 'Asset ID'), el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Actions')))),
    el('tbody', {}, ...rows));
}

function flavors(details: VersionDetailsView): HTMLElement {
  return el('div', {}, ...details.flavors.map((flavor) =>
    el('div', { class: 'flavor' }, el('h3', { dir: 'auto' }, flavor.name), nameValueTable(`Flavor ${flavor.name}`, flavor.data, 'No flavor data.'))));
}

function lineage(view: LineageView, actions: PanelActions): HTMLElement {
  switch (view.status) {
    case 'none':
      return el('p', { class: 'empty' }, 'This version does not name a source job.');
    case 'unavailable':
      return el('p', { class: 'empty' }, view.reason);
    case 'loading':
      return el('p', { class: 'status' }, `Loading job ${view.jobName}…`);
    case 'error':
      return el('p', { class: 'status error' }, `Job ${view.jobName}: ${view.message}`);
    case 'ready': {
      const job = view.job;
      const summary = nameValueTable('Source job', [
        { name: 'Job', value: job.name },
        { name: 'Display name', value: job.displayName ?? '' },
        { name: 'Experiment', value: job.experimentName ?? '' },
        { name: 'Status', value: job.status ?? '' },
        { name: 'Type', value: job.jobType ?? '' },
        { name: 'Created', value: formatDate(job.createdAt) ?? '' },
      ].filter((row) => row.value !== ''), '');
      return el('div', {},
        summary,
        el('h3', {}, 'Inputs'), ioTable('Job inputs', job.inputs),
        el('h3', {}, 'Outputs'), ioTable('Job outputs', job.outputs),
        el('p', {}, button('Open job in Azure ML studio', actions.openJob)));
    }
  }
}

function ioTable(caption: string, rows: readonly JobIoView[]): HTMLElement {
  if (rows.length === 0) return el('p', { class: 'empty' }, 'None.');
  return el('table', {},
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, ...['Name', 'Type', 'Value'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((io) => el('tr', {}, el('th', { scope: 'row', dir: 'auto' }, io.name), valueText(io.type, 'td'), valueText(io.value, 'td')))));
}

/** Where the version serves, the actions on it, and the rollback history recorded on those endpoints. */
function deployments(view: DeploymentsView, scopeKind: 'workspace' | 'registry', actions: PanelActions): HTMLElement {
  if (view.status === 'unknown') return el('p', { class: 'empty' }, view.reason ?? 'Not known: the deployments could not be read.');
  if (view.status === 'loading') return el('p', { class: 'status' }, 'Reading the endpoints of your workspaces…');
  const actionBar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Deployment actions' },
    button('Compare with deployed…', actions.compareWithDeployed),
    // "Deploy this version here instead": pick the endpoint and deployment; an archived version is asked about first.
    button('Roll back…', actions.rollBack));
  const table = view.rows.length === 0
    ? el('p', { class: 'empty' }, `No deployment uses this version${scopeKind === 'registry' ? ' in the workspaces you can see' : ''}.`)
    : el('table', {},
      el('caption', { class: 'visually-hidden' }, 'Deployments using this version'),
      el('thead', {}, el('tr', {}, ...['Endpoint', 'Deployment', 'Workspace', 'Traffic', 'State'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...view.rows.map((row) => el('tr', {},
        el('th', { scope: 'row', dir: 'auto' }, row.endpoint),
        valueText(row.deployment, 'td'),
        valueText(row.workspace, 'td'),
        valueText(row.kind === 'batch' ? 'batch' : `${row.trafficPercent ?? 0} %${row.mirrorPercent ? ` (+${row.mirrorPercent} % mirror)` : ''}`, 'td'),
        valueText(row.provisioningState ?? '', 'td')))));
  return el('div', {}, table, actionBar, el('h3', {}, 'Rollback history'), history(view.history));
}

function history(rows: readonly RollbackHistoryView[]): HTMLElement {
  if (rows.length === 0) return el('p', { class: 'empty' }, 'No rollbacks recorded on these endpoints.');
  return el('table', {},
    el('caption', { class: 'visually-hidden' }, 'Rollback history, newest first'),
    el('thead', {}, el('tr', {}, ...['When', 'Where', 'Change', 'From → to', 'Who', 'Reason'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((row) => el('tr', {},
      el('th', { scope: 'row' }, formatDate(row.at) ?? row.at),
      valueText(row.recordedOn, 'td'),
      valueText(`#${row.seq} ${row.action}${row.undoes !== undefined ? ` (undoes #${row.undoes})` : ''}`, 'td'),
      valueText(`${row.from} → ${row.to}`, 'td'),
      valueText(row.who, 'td'),
      valueText(row.reason ?? '', 'td')))));
}
