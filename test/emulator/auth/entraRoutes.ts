import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, EMULATOR_TENANT_ID } from '../config';
import { readBody, sendJson } from '../http';
import type { TokenIssuer } from './tokens';

/**
 * The slice of Entra ID (login.microsoftonline.com) that @azure/identity's ClientSecretCredential uses with a custom
 * authorityHost and `disableInstanceDiscovery: true`: tenant OpenID metadata and the v2 token endpoint
 * (client_credentials). Instance discovery is answered too, for clients that do not disable it.
 */
export interface EntraOptions {
  issuer: TokenIssuer;
  baseUrl: string;
  /** Lifetime of newly issued tokens; read per request so the fault knob applies immediately. */
  tokenLifetimeSeconds: () => number;
}

const TENANT_ALIASES = new Set([EMULATOR_TENANT_ID, 'common', 'organizations']);

/** True when the request was an Entra request (and has been answered). */
export async function handleEntraRequest(req: IncomingMessage, res: ServerResponse, url: URL, options: EntraOptions): Promise<boolean> {
  const path = url.pathname;
  if (req.method === 'GET' && /^\/common\/discovery\/instance\/?$/i.test(path)) {
    sendJson(res, 200, instanceDiscovery(options.baseUrl));
    return true;
  }
  const config = /^\/([^/]+)\/(v2\.0\/)?\.well-known\/openid-configuration\/?$/i.exec(path);
  if (req.method === 'GET' && config) {
    const tenant = config[1];
    if (!TENANT_ALIASES.has(tenant)) sendAadError(res, 400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    else sendJson(res, 200, openIdConfiguration(options.baseUrl, tenant));
    return true;
  }
  if (req.method === 'GET' && /^\/[^/]+\/discovery\/(v2\.0\/)?keys\/?$/i.test(path)) {
    sendJson(res, 200, { keys: [] });
    return true;
  }
  const token = /^\/([^/]+)\/oauth2\/(v2\.0\/)?token\/?$/i.exec(path);
  if (req.method === 'POST' && token) {
    await answerTokenRequest(req, res, token[1], options);
    return true;
  }
  return false;
}

function openIdConfiguration(baseUrl: string, tenant: string) {
  const root = `${baseUrl}/${tenant}`;
  return {
    token_endpoint: `${root}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${root}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${baseUrl}/${tenant === 'common' || tenant === 'organizations' ? '{tenantid}' : tenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${baseUrl}/oidc/userinfo`,
    authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${root}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'tid', 'ver', 'oid'],
    kerberos_endpoint: `${root}/kerberos`,
    tenant_region_scope: 'NA',
    cloud_instance_name: new URL(baseUrl).host,
    cloud_graph_host_name: new URL(baseUrl).host,
    msgraph_host: new URL(baseUrl).host,
    rbac_url: baseUrl,
  };
}

function instanceDiscovery(baseUrl: string) {
  const host = new URL(baseUrl).host;
  return {
    tenant_discovery_endpoint: `${baseUrl}/${EMULATOR_TENANT_ID}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}

/** Entra's error body: `error`, `error_description` starting with the AADSTS code, `error_codes`, ids and timestamp. */
function sendAadError(res: ServerResponse, status: number, error: string, code: number, description: string): void {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  sendJson(res, status, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

async function answerTokenRequest(req: IncomingMessage, res: ServerResponse, tenant: string, options: EntraOptions): Promise<void> {
  const form = new URLSearchParams((await readBody(req)).toString('utf8'));
  if (tenant !== EMULATOR_TENANT_ID) {
    return sendAadError(res, 400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  }
  if (form.get('grant_type') !== 'client_credentials') {
    return sendAadError(res, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${form.get('grant_type') ?? ''}'.`);
  }
  // client_secret_post is what MSAL sends; accept client_secret_basic too.
  let clientId = form.get('client_id');
  let secret = form.get('client_secret');
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic) [clientId, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':').map(decodeURIComponent);
  if (clientId !== EMULATOR_CLIENT_ID) {
    return sendAadError(res, 400, 'unauthorized_client', 700016, `Application with identifier '${clientId ?? ''}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
  }
  if (secret !== EMULATOR_CLIENT_SECRET) {
    return sendAadError(res, 401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
  }
  const scopes = (form.get('scope') ?? '').split(' ').filter((s) => s.endsWith('/.default'));
  if (scopes.length !== 1) {
    return sendAadError(res, 400, 'invalid_scope', 1002012, `The provided value for scope '${form.get('scope') ?? ''}' is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  }
  const audience = scopes[0].slice(0, -'/.default'.length);
  const lifetime = options.tokenLifetimeSeconds();
  const { token } = options.issuer.issue(audience, lifetime);
  sendJson(res, 200, { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: token });
}
