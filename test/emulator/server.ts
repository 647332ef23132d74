import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createArmRouter } from './arm/armRoutes';
import type { ArmContext } from './arm/context';
import { ArmError, gatewayError, MfeUserError } from './arm/errors';
import { LroStore } from './arm/lro';
import { ArmHeaderFactory } from './arm/responseHeaders';
import { authenticateArmRequest } from './auth/armAuthentication';
import { handleEntraRequest } from './auth/entraRoutes';
import { TokenIssuer } from './auth/tokens';
import type { BlobServiceInfo } from './blobService';
import { handleControlRequest, type ControlTarget } from './control/controlRoutes';
import { FaultInjector } from './faults';
import { readBody, sendJson } from './http';
import type { EmulatorState } from './state/model';
import type { TlsMaterial } from './tls';

/**
 * One HTTPS server on 127.0.0.1 for three audiences: the control API (`/__emulator/...`, no auth), the Entra-style
 * token endpoint, and ARM (bearer token required). ARM calls pass through fault injection, authentication and the
 * route table, and always get ARM's standard headers.
 */
export interface EmulatorServerOptions {
  tls: TlsMaterial;
  /** The seeded state; `POST /__emulator/reset` returns to a copy of it. */
  baseline: EmulatorState;
  blob: BlobServiceInfo;
  lroInProgressPolls: number;
  /** Restart hooks for Azurite, exposed through the control API. */
  azurite: { stop(): Promise<void>; start(): Promise<void> };
}

export class EmulatorServer implements ControlTarget {
  state: EmulatorState;
  readonly faults: FaultInjector;
  readonly lro: LroStore;
  armRequestCount = 0;
  private readonly issuer = new TokenIssuer();
  private readonly router = createArmRouter();
  private readonly headers = new ArmHeaderFactory();
  private readonly server: Server;
  private url = '';

  constructor(private readonly options: EmulatorServerOptions) {
    this.state = structuredClone(options.baseline);
    this.faults = new FaultInjector(options.lroInProgressPolls);
    this.lro = new LroStore(this.faults);
    this.server = createServer({ cert: options.tls.cert, key: options.tls.key }, (req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'InternalServerError', message: String(err) } });
        else res.destroy();
      });
    });
  }

  get baseUrl(): string {
    return this.url;
  }

  get azurite() {
    return this.options.azurite;
  }

  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  resetState(): void {
    this.state = structuredClone(this.options.baseline);
    this.lro.clear();
    this.faults.clear();
  }

  replaceState(state: EmulatorState): void {
    this.state = state;
    this.lro.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith('/__emulator/')) return handleControlRequest(req, res, url, this);
    const entra = { issuer: this.issuer, baseUrl: this.url, tokenLifetimeSeconds: () => this.faults.tokenLifetimeSeconds };
    if (await handleEntraRequest(req, res, url, entra)) return;
    await this.handleArm(req, res, url);
  }

  private async handleArm(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    this.armRequestCount++;
    const method = req.method ?? 'GET';
    const correlation = (req.headers['x-ms-correlation-request-id'] ?? req.headers['x-ms-client-request-id']) as string | undefined;
    const standard = this.headers.forRequest(method, correlation);
    const rawBody = await readBody(req);
    if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
    const fault = this.faults.next(url.pathname);
    if (fault?.kind === 'reset-connection') {
      req.socket.destroy();
      return;
    }
    try {
      if (fault) throw new ArmError(fault.status, fault.code, fault.message, { headers: fault.headers });
      authenticateArmRequest(req, this.issuer, this.url);
      const match = this.router.match(method, url.pathname);
      if (match === undefined) throw gatewayError(404, 'InvalidResourceType', `The resource type could not be found for path '${url.pathname}'.`);
      if (match === 'method-not-allowed') throw gatewayError(405, 'MethodNotAllowed', `The requested method '${method}' is not allowed for '${url.pathname}'.`);
      const ctx: ArmContext = {
        method, url, params: match.params, query: url.searchParams, body: parseJson(rawBody),
        baseUrl: this.url, state: this.state, lro: this.lro, blob: this.options.blob,
      };
      const response = await match.handler(ctx);
      sendJson(res, response.status, response.body, { ...standard, 'x-ms-response-type': 'standard', ...response.headers });
    } catch (err) {
      if (!(err instanceof ArmError)) throw err;
      if (err instanceof MfeUserError) err.withContext(this.locationFor(url.pathname), standard['x-ms-request-id']);
      sendJson(res, err.status, err.body(), { ...standard, 'x-ms-response-type': 'error', ...err.extra.headers });
    }
  }

  /** Region reported in Azure ML error details: the addressed workspace's or registry's location. */
  private locationFor(path: string): string {
    const m = /\/(workspaces|registries)\/([^/]+)/i.exec(path);
    const name = m?.[2]?.toLowerCase();
    const owner = [...this.state.workspaces, ...this.state.registries].find((r) => r.name.toLowerCase() === name);
    return owner?.location ?? 'eastus';
  }
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new MfeUserError(400, 'The request body is not valid JSON.', 'InvalidRequestContent');
  }
}
