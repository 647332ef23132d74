/** Codicons per node kind and state; ThemeIcons follow the theme, so there are no light/dark SVG pairs. */
import * as vscode from 'vscode';
import { modelTypeKind } from './modelTypes';

const versionIconByType = {
  custom: 'package',
  mlflow: 'beaker',
  triton: 'server-process',
  unknown: 'question',
} as const;

export const icons = {
  subscription: new vscode.ThemeIcon('key'),
  workspacesGroup: new vscode.ThemeIcon('folder-library'),
  registriesGroup: new vscode.ThemeIcon('repo'),
  workspace: new vscode.ThemeIcon('server-environment'),
  registry: new vscode.ThemeIcon('database'),
  loadMore: new vscode.ThemeIcon('ellipsis'),
  empty: new vscode.ThemeIcon('info'),
  error: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  signIn: new vscode.ThemeIcon('account'),
};

export function modelIcon(isArchived: boolean): vscode.ThemeIcon {
  return new vscode.ThemeIcon(isArchived ? 'archive' : 'library');
}

/** State wins over type: a deployed or archived version is what the user needs to notice first. */
export function versionIcon(modelType: string | undefined, state: { isArchived: boolean; isDeployed: boolean }): vscode.ThemeIcon {
  if (state.isDeployed) return new vscode.ThemeIcon('rocket', new vscode.ThemeColor('charts.green'));
  if (state.isArchived) return new vscode.ThemeIcon('archive', new vscode.ThemeColor('disabledForeground'));
  return new vscode.ThemeIcon(versionIconByType[modelTypeKind(modelType)]);
}
