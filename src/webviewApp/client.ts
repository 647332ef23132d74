/**
 * Webview side of the envelope: commands, requests with correlated responses, and host notifications.
 * The `ready` command is sent only after the listener is installed, so no host message can be missed.
 */
import type { ResponseMessage } from '../shared/protocol/envelope';
import { vscodeApi } from './vscodeApi';

interface ProtocolMaps {
  commands: object;
  requests: object;
  notifications: object;
}

type ParamsOf<T> = T extends { params: infer P } ? P : never;
type ResultOf<T> = T extends { result: infer R } ? R : never;

export class HostClient<P extends ProtocolMaps> {
  private nextRequestId = 1;
  private readonly pending = new Map<number, (response: ResponseMessage) => void>();

  constructor(
    private readonly isHostMessage: (value: unknown) => boolean,
    private readonly onNotification: <M extends keyof P['notifications']>(method: M, params: P['notifications'][M]) => void,
  ) {}

  /** Installs the message listener and announces readiness; the host answers with a full snapshot. */
  start(): void {
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
    this.command('ready' as keyof P['commands'], {} as never);
  }

  command<M extends keyof P['commands']>(method: M, params: P['commands'][M]): void {
    vscodeApi().postMessage({ kind: 'command', method, params });
  }

  request<M extends keyof P['requests'] & string>(method: M, params: ParamsOf<P['requests'][M]>): Promise<ResultOf<P['requests'][M]>> {
    const id = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (response) => {
        if (response.ok) resolve(response.result as ResultOf<P['requests'][M]>);
        else reject(new Error(response.error.message));
      });
      vscodeApi().postMessage({ kind: 'request', id, method, params });
    });
  }

  private receive(data: unknown): void {
    if (!this.isHostMessage(data)) return;
    const message = data as { kind: string; id?: number; method?: string; params?: unknown };
    if (message.kind === 'response') {
      const settle = this.pending.get(message.id!);
      this.pending.delete(message.id!);
      settle?.(data as ResponseMessage);
    } else if (message.kind === 'notification') {
      this.onNotification(message.method as keyof P['notifications'], message.params as never);
    }
  }
}
