/**
 * Every question a command asks the user goes through a `Prompter`: quick picks, input boxes, confirmations
 * (modal or as a notification with buttons), folder pickers, and notifications without a reply. Commands get it
 * from the composition root, which installs the VS Code implementation below; extension-host tests install a
 * scripted one through the extension's API (dependency injection: commands never know which one they talk to).
 */
import * as vscode from 'vscode';

export interface PromptItem<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  /** Multi-select: initially selected. */
  readonly picked?: boolean;
  readonly alwaysShow?: boolean;
  /** A separator row with `label` as its title; never returned. */
  readonly separator?: boolean;
  readonly value: T;
}

export interface PickOptions {
  readonly placeHolder: string;
  readonly title?: string;
  readonly matchOnDescription?: boolean;
}

export interface InputOptions {
  readonly prompt: string;
  readonly title?: string;
  readonly value?: string;
  readonly placeHolder?: string;
  readonly password?: boolean;
  /** An error message for an invalid value, or undefined when it is fine. */
  readonly validate?: (value: string) => string | undefined;
}

export type Severity = 'info' | 'warning' | 'error';

export interface ConfirmOptions {
  /** Modal dialog (blocks the window) rather than a notification with buttons. */
  readonly modal?: boolean;
  readonly detail?: string;
  readonly severity?: Severity;
}

export interface FolderOptions {
  readonly title?: string;
  readonly openLabel?: string;
  /** Folder the dialog starts in. */
  readonly defaultPath?: string;
  /** Also accept files (e.g. "a model file or folder"). */
  readonly allowFiles?: boolean;
  readonly filters?: Readonly<Record<string, readonly string[]>>;
}

export interface Prompter {
  /** One item's value, or undefined when dismissed. Items may still be loading (the picker shows busy). */
  pick<T>(items: readonly PromptItem<T>[] | Promise<readonly PromptItem<T>[]>, options: PickOptions): Promise<T | undefined>;
  /** The selected values (possibly none), or undefined when dismissed. */
  pickMany<T>(items: readonly PromptItem<T>[] | Promise<readonly PromptItem<T>[]>, options: PickOptions): Promise<T[] | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  /** The action chosen, or undefined when dismissed (Cancel in a modal, closing a notification). */
  confirm<A extends string>(message: string, options: ConfirmOptions, ...actions: A[]): Promise<A | undefined>;
  /** A local path (fsPath), or undefined when dismissed. */
  pickFolder(options: FolderOptions): Promise<string | undefined>;
  /** A notification that expects no reply; does not wait for it to close. */
  notify(message: string, severity?: Severity): void;
}

type Item<T> = vscode.QuickPickItem & { value?: T };

function toQuickPickItems<T>(items: readonly PromptItem<T>[]): Item<T>[] {
  return items.map((item) => item.separator
    ? { label: item.label, kind: vscode.QuickPickItemKind.Separator }
    : {
      label: item.label,
      ...(item.description !== undefined ? { description: item.description } : {}),
      ...(item.detail !== undefined ? { detail: item.detail } : {}),
      ...(item.picked !== undefined ? { picked: item.picked } : {}),
      ...(item.alwaysShow !== undefined ? { alwaysShow: item.alwaysShow } : {}),
      value: item.value,
    });
}

function show(severity: Severity | undefined): typeof vscode.window.showInformationMessage {
  return severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
}

/** The real thing: VS Code's quick pick, input box, message and open dialogs. */
export class VscodePrompter implements Prompter {
  async pick<T>(items: readonly PromptItem<T>[] | Promise<readonly PromptItem<T>[]>, options: PickOptions): Promise<T | undefined> {
    const list: Promise<Item<T>[]> = Promise.resolve(items).then((loaded) => toQuickPickItems(loaded));
    const picked = await vscode.window.showQuickPick<Item<T>>(list, {
      placeHolder: options.placeHolder, ...(options.title ? { title: options.title } : {}),
      matchOnDescription: options.matchOnDescription ?? true, ignoreFocusOut: true,
    });
    return picked?.value;
  }

  async pickMany<T>(items: readonly PromptItem<T>[] | Promise<readonly PromptItem<T>[]>, options: PickOptions): Promise<T[] | undefined> {
    const list: Promise<Item<T>[]> = Promise.resolve(items).then((loaded) => toQuickPickItems(loaded));
    const picked = await vscode.window.showQuickPick<Item<T>>(list, {
      placeHolder: options.placeHolder, ...(options.title ? { title: options.title } : {}),
      matchOnDescription: options.matchOnDescription ?? true, ignoreFocusOut: true, canPickMany: true,
    });
    return picked?.map((item) => item.value as T);
  }

  input(options: InputOptions): Promise<string | undefined> {
    return Promise.resolve(vscode.window.showInputBox({
      prompt: options.prompt, ignoreFocusOut: true,
      ...(options.title ? { title: options.title } : {}),
      ...(options.value !== undefined ? { value: options.value } : {}),
      ...(options.placeHolder ? { placeHolder: options.placeHolder } : {}),
      ...(options.password ? { password: true } : {}),
      ...(options.validate ? { validateInput: options.validate } : {}),
    }));
  }

  confirm<A extends string>(message: string, options: ConfirmOptions, ...actions: A[]): Promise<A | undefined> {
    const dialog = { modal: options.modal === true, ...(options.detail ? { detail: options.detail } : {}) };
    return Promise.resolve(show(options.severity)(message, dialog, ...actions) as Thenable<A | undefined>);
  }

  async pickFolder(options: FolderOptions): Promise<string | undefined> {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true, canSelectFiles: options.allowFiles === true, canSelectMany: false,
      ...(options.title ? { title: options.title } : {}),
      ...(options.openLabel ? { openLabel: options.openLabel } : {}),
      ...(options.defaultPath ? { defaultUri: vscode.Uri.file(options.defaultPath) } : {}),
      ...(options.filters ? { filters: Object.fromEntries(Object.entries(options.filters).map(([k, v]) => [k, [...v]])) } : {}),
    });
    return picked?.[0]?.fsPath;
  }

  notify(message: string, severity: Severity = 'info'): void {
    void show(severity)(message);
  }
}

/**
 * The prompter the commands hold: forwards to whichever implementation is installed (VS Code's by default).
 * `install` returns a disposable that puts the previous one back.
 */
export class PrompterSlot implements Prompter {
  private installed: Prompter;

  constructor(private readonly fallback: Prompter) {
    this.installed = fallback;
  }

  install(prompter: Prompter): vscode.Disposable {
    const previous = this.installed;
    this.installed = prompter;
    return new vscode.Disposable(() => {
      if (this.installed === prompter) this.installed = previous === prompter ? this.fallback : previous;
    });
  }

  pick<T>(items: readonly PromptItem<T>[] | Promise<readonly PromptItem<T>[]>, options: PickOptions): Promise<T | undefined> {
    return this.installed.pick(items, options);
  }

  pickMany<T>(items: readonly PromptItem<T>[] | Promise<readonly PromptItem<T>[]>, options: PickOptions): Promise<T[] | undefined> {
    return this.installed.pickMany(items, options);
  }

  input(options: InputOptions): Promise<string | undefined> {
    return this.installed.input(options);
  }

  confirm<A extends string>(message: string, options: ConfirmOptions, ...actions: A[]): Promise<A | undefined> {
    return this.installed.confirm(message, options, ...actions);
  }

  pickFolder(options: FolderOptions): Promise<string | undefined> {
    return this.installed.pickFolder(options);
  }

  notify(message: string, severity?: Severity): void {
    this.installed.notify(message, severity);
  }
}

/**
 * The prompter one command invocation holds: puts `title` (the command's name) on every quick pick, input box and
 * open dialog that does not bring a more specific title of its own, so a multi-step flow always says which command
 * is asking. Confirmations and notifications pass through unchanged.
 */
export function titledPrompter(prompter: Prompter, title: string): Prompter {
  return {
    pick: (items, options) => prompter.pick(items, { ...options, title: options.title ?? title }),
    pickMany: (items, options) => prompter.pickMany(items, { ...options, title: options.title ?? title }),
    input: (options) => prompter.input({ ...options, title: options.title ?? title }),
    confirm: (message, options, ...actions) => prompter.confirm(message, options, ...actions),
    pickFolder: (options) => prompter.pickFolder({ ...options, title: options.title ?? title }),
    notify: (message, severity) => prompter.notify(message, severity),
  };
}
