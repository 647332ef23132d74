/**
 * Host side of the webview envelope. Validates every inbound message (the webview is untrusted), answers requests
 * exactly once, and holds notifications until the webview says `ready`. The last notification of each method is
 * kept and sent again on every later `ready`, because a webview that was reloaded (hidden and shown again, or
 * restored) starts empty.
 */
import * as vscode from 'vscode';
import type { CommandMessage, RequestMessage, ResponseMessage } from '../shared/protocol/envelope';
import type { Logger } from '../host/logger';

export interface ChannelHandlers<Inbound extends CommandMessage | RequestMessage> {
  onCommand(message: Extract<Inbound, { kind: 'command' }>): void | Promise<void>;
  onRequest(message: Extract<Inbound, { kind: 'request' }>): Promise<unknown>;
}

export class WebviewChannel<Inbound extends CommandMessage | RequestMessage, Notifications extends object> implements vscode.Disposable {
  private isReady = false;
  private readonly latest = new Map<keyof Notifications, unknown>();
  private readonly subscription: vscode.Disposable;
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  /** Fires on every `ready` (the first and after each webview reload). */
  readonly onDidBecomeReady = this.readyEmitter.event;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly isInbound: (value: unknown) => value is Inbound,
    private readonly handlers: ChannelHandlers<Inbound>,
    private readonly logger: Logger,
    private readonly name: string,
  ) {
    this.subscription = webview.onDidReceiveMessage((message: unknown) => this.receive(message));
  }

  get ready(): boolean {
    return this.isReady;
  }

  notify<M extends keyof Notifications & string>(method: M, params: Notifications[M]): void {
    this.latest.set(method, params);
    if (this.isReady) void this.webview.postMessage({ kind: 'notification', method, params });
  }

  /** Entry point for every message from the webview. */
  async receive(message: unknown): Promise<void> {
    if (!this.isInbound(message)) {
      this.logger.warn(`${this.name}: dropped an unknown or malformed message from the webview: ${preview(message)}`);
      return;
    }
    this.logger.trace(`${this.name}: ← ${message.kind} ${message.method}`);
    if (message.kind === 'command' && message.method === 'ready') {
      this.isReady = true;
      for (const [method, params] of this.latest) void this.webview.postMessage({ kind: 'notification', method, params });
      this.readyEmitter.fire();
      return;
    }
    if (message.kind === 'command') {
      await this.handlers.onCommand(message as Extract<Inbound, { kind: 'command' }>);
      return;
    }
    const request = message as Extract<Inbound, { kind: 'request' }>;
    let response: ResponseMessage;
    try {
      const result = await this.handlers.onRequest(request);
      response = { kind: 'response', id: request.id, ok: true, result };
    } catch (error) {
      this.logger.warn(`${this.name}: request ${message.method} failed: ${error instanceof Error ? error.message : String(error)}`);
      response = { kind: 'response', id: request.id, ok: false, error: { code: 'failed', message: error instanceof Error ? error.message : 'The request failed.' } };
    }
    void this.webview.postMessage(response);
  }

  dispose(): void {
    this.subscription.dispose();
    this.readyEmitter.dispose();
  }
}

function preview(message: unknown): string {
  try {
    return JSON.stringify(message)?.slice(0, 200) ?? String(message);
  } catch {
    return typeof message;
  }
}
