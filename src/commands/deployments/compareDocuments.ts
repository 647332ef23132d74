/** Read-only virtual documents for the compare diffs (`amlInventory-compare:` scheme), held in memory. */
import * as vscode from 'vscode';
import { CompareScheme } from '../../constants';

export class CompareDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private counter = 0;
  readonly onDidChange = this.changed.event;

  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(CompareScheme, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# This comparison is no longer available; run Compare again.\n';
  }

  /** A new document with `text`; `name` is the file name shown in the tab (its extension picks the language). */
  create(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: CompareScheme, path: `/${++this.counter}/${name.replace(/[\\/:*?"<>|]/g, '_')}` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  /** The text of a compare document (extension-host tests read it). */
  textOf(uri: vscode.Uri): string | undefined {
    return this.texts.get(uri.toString());
  }

  async diff(title: string, left: { name: string; text: string }, right: { name: string; text: string }): Promise<[vscode.Uri, vscode.Uri]> {
    const l = this.create(left.name, left.text);
    const r = this.create(right.name, right.text);
    await vscode.commands.executeCommand('vscode.diff', l, r, title, { preview: false });
    return [l, r];
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}
