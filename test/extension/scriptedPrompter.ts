/**
 * A `Prompter` that answers from a script, in order, for extension-host tests. Installed through the extension's
 * API (`installPrompter`), so commands run exactly as for a user. Each answer names the kind of prompt it expects
 * and may check the question (placeholder, prompt or message) and pick an item by its label. A prompt that was not
 * scripted, or of another kind, or whose item cannot be found, is recorded as a failure and dismissed (the command
 * then ends as cancelled); `assertDone()` throws the first failure and checks that every answer was used.
 */
import * as assert from 'node:assert/strict';
import type {
  ConfirmOptions, FolderOptions, InputOptions, PickOptions, PromptItem, Prompter, Severity,
} from '../../src/host/prompter';

type Matcher = string | RegExp;

/** What a scripted answer sees of the question. */
export interface Asked {
  readonly kind: 'pick' | 'pickMany' | 'input' | 'confirm' | 'pickFolder';
  /** Placeholder, prompt or message. */
  readonly question: string;
  /** The prompt's title bar (pick, pickMany, input, pickFolder), e.g. the running command's name. */
  readonly title?: string;
  /** Labels of the items offered (pick, pickMany), icons stripped. */
  readonly items?: readonly string[];
  /** Item descriptions, in the same order. */
  readonly descriptions?: readonly (string | undefined)[];
  /** Confirmation buttons, or the modal detail. */
  readonly actions?: readonly string[];
  readonly detail?: string;
  readonly modal?: boolean;
}

type Reply<T> = T | ((asked: Asked) => T | Promise<T>);

type Answer =
  | { readonly kind: 'pick'; readonly question?: Matcher; readonly item: Reply<Matcher | undefined> }
  | { readonly kind: 'pickMany'; readonly question?: Matcher; readonly items: Reply<readonly Matcher[] | undefined> }
  | { readonly kind: 'input'; readonly question?: Matcher; readonly value: Reply<string | undefined> }
  | { readonly kind: 'confirm'; readonly question?: Matcher; readonly action: Reply<string | undefined> }
  | { readonly kind: 'pickFolder'; readonly path: Reply<string | undefined> };

function matches(matcher: Matcher, text: string): boolean {
  return typeof matcher === 'string' ? text === matcher : matcher.test(text);
}

/** Labels as a user reads them: without `$(icon)` prefixes. */
function plainLabel(label: string): string {
  return label.replace(/\$\([\w~-]+\)\s*/g, '').trim();
}

export class ScriptedPrompter implements Prompter {
  private readonly answers: Answer[] = [];
  private readonly failures: string[] = [];
  /** Every prompt shown, in order (for assertions on what the user was asked). */
  readonly asked: Asked[] = [];
  /** Notifications without a reply. */
  readonly notifications: { readonly message: string; readonly severity: Severity }[] = [];

  /** Script: pick the item whose label (icons stripped) equals or matches `item`; undefined dismisses the picker. */
  thenPick(item: Reply<Matcher | undefined>, question?: Matcher): this {
    this.answers.push({ kind: 'pick', item, ...(question !== undefined ? { question } : {}) });
    return this;
  }

  /** Script: select these items in a multi-select picker; undefined dismisses it. */
  thenPickMany(items: Reply<readonly Matcher[] | undefined>, question?: Matcher): this {
    this.answers.push({ kind: 'pickMany', items, ...(question !== undefined ? { question } : {}) });
    return this;
  }

  /** Script: type `value` and press Enter (undefined: Escape). */
  thenInput(value: Reply<string | undefined>, question?: Matcher): this {
    this.answers.push({ kind: 'input', value, ...(question !== undefined ? { question } : {}) });
    return this;
  }

  /** Script: press the button `action` (undefined: close the notification / Cancel the dialog). */
  thenConfirm(action: Reply<string | undefined>, question?: Matcher): this {
    this.answers.push({ kind: 'confirm', action, ...(question !== undefined ? { question } : {}) });
    return this;
  }

  /** Script: choose `path` in the open dialog (undefined: Cancel). */
  thenPickFolder(path: Reply<string | undefined>): this {
    this.answers.push({ kind: 'pickFolder', path });
    return this;
  }

  pick<T>(items: readonly PromptItem<T>[] | Promise<readonly PromptItem<T>[]>, options: PickOptions): Promise<T | undefined> {
    return this.answerPick(items, options);
  }

  pickMany<T>(items: readonly PromptItem<T>[] | Promise<readonly PromptItem<T>[]>, options: PickOptions): Promise<T[] | undefined> {
    return this.answerPickMany(items, options);
  }

  input(options: InputOptions): Promise<string | undefined> {
    return this.answerInput(options);
  }

  confirm<A extends string>(message: string, options: ConfirmOptions, ...actions: A[]): Promise<A | undefined> {
    return this.answerConfirm(message, options, actions) as Promise<A | undefined>;
  }

  pickFolder(options: FolderOptions): Promise<string | undefined> {
    return this.answerFolder(options);
  }

  notify(message: string, severity: Severity = 'info'): void {
    this.notifications.push({ message, severity });
  }

  /** Throws the first unexpected prompt, or when scripted answers were left unused. */
  assertDone(): void {
    assert.equal(this.failures[0], undefined, `scripted prompter: ${this.failures.join('\n')}\nasked: ${JSON.stringify(this.asked, null, 1)}`);
    assert.equal(this.answers.length, 0, `scripted prompter: ${this.answers.length} answer(s) not used, next: ${JSON.stringify(this.answers[0])}; asked: ${this.asked.map((a) => `${a.kind} "${a.question}"`).join(', ')}`);
  }

  private next<K extends Answer['kind']>(asked: Asked, kind: K): Extract<Answer, { kind: K }> | undefined {
    this.asked.push(asked);
    const answer = this.answers[0];
    if (!answer) return this.fail(`unexpected ${kind} "${asked.question}" (no answers left)`);
    if (answer.kind !== kind) return this.fail(`expected a ${answer.kind}, got ${kind} "${asked.question}"`);
    if ('question' in answer && answer.question !== undefined && !matches(answer.question, asked.question)) {
      return this.fail(`${kind} "${asked.question}" does not match ${String(answer.question)}`);
    }
    this.answers.shift();
    return answer as Extract<Answer, { kind: K }>;
  }

  private fail(message: string): undefined {
    this.failures.push(message);
    return undefined;
  }

  private async answerPick<T>(source: readonly PromptItem<T>[] | Promise<readonly PromptItem<T>[]>, options: PickOptions): Promise<T | undefined> {
    const items = (await source).filter((i) => !i.separator);
    const asked: Asked = { kind: 'pick', question: options.placeHolder, ...(options.title !== undefined ? { title: options.title } : {}), items: items.map((i) => plainLabel(i.label)), descriptions: items.map((i) => i.description) };
    const answer = this.next(asked, 'pick');
    if (!answer) return undefined;
    const wanted = typeof answer.item === 'function' ? await answer.item(asked) : answer.item;
    if (wanted === undefined) return undefined;
    const found = items.find((i) => matches(wanted, plainLabel(i.label)));
    if (!found) return this.fail(`no item ${String(wanted)} in "${options.placeHolder}": ${asked.items?.join(' | ')}`);
    return found.value;
  }

  private async answerPickMany<T>(source: readonly PromptItem<T>[] | Promise<readonly PromptItem<T>[]>, options: PickOptions): Promise<T[] | undefined> {
    const items = (await source).filter((i) => !i.separator);
    const asked: Asked = { kind: 'pickMany', question: options.placeHolder, ...(options.title !== undefined ? { title: options.title } : {}), items: items.map((i) => plainLabel(i.label)), descriptions: items.map((i) => i.description) };
    const answer = this.next(asked, 'pickMany');
    if (!answer) return undefined;
    const wanted = typeof answer.items === 'function' ? await answer.items(asked) : answer.items;
    if (wanted === undefined) return undefined;
    const chosen: T[] = [];
    for (const matcher of wanted) {
      const found = items.find((i) => matches(matcher, plainLabel(i.label)));
      if (!found) return this.fail(`no item ${String(matcher)} in "${options.placeHolder}": ${asked.items?.join(' | ')}`);
      chosen.push(found.value);
    }
    return chosen;
  }

  private async answerInput(options: InputOptions): Promise<string | undefined> {
    const asked: Asked = { kind: 'input', question: options.prompt, ...(options.title !== undefined ? { title: options.title } : {}) };
    const answer = this.next(asked, 'input');
    if (!answer) return undefined;
    const value = typeof answer.value === 'function' ? await answer.value(asked) : answer.value;
    const invalid = value !== undefined ? options.validate?.(value) : undefined;
    if (invalid) return this.fail(`input "${options.prompt}": "${value}" is invalid: ${invalid}`);
    return value;
  }

  private async answerConfirm(message: string, options: ConfirmOptions, actions: readonly string[]): Promise<string | undefined> {
    const asked: Asked = { kind: 'confirm', question: message, actions, ...(options.detail ? { detail: options.detail } : {}), modal: options.modal === true };
    const answer = this.next(asked, 'confirm');
    if (!answer) return undefined;
    const action = typeof answer.action === 'function' ? await answer.action(asked) : answer.action;
    if (action !== undefined && !actions.includes(action)) return this.fail(`confirm "${message}" has no button "${action}" (has ${actions.join(', ') || 'none'})`);
    return action;
  }

  private async answerFolder(options: FolderOptions): Promise<string | undefined> {
    const asked: Asked = { kind: 'pickFolder', question: 'folder', ...(options.title !== undefined ? { title: options.title } : {}) };
    const answer = this.next(asked, 'pickFolder');
    if (!answer) return undefined;
    return typeof answer.path === 'function' ? await answer.path(asked) : answer.path;
  }
}
