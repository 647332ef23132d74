/**
 * Issue 8 part 3 — the security review as tests (the parts that need no service; the log/secret scan of a full run
 * against the emulator is test/integration/security/secretLeak.test.ts, download confinement is in
 * test/integration/download/download.test.ts › "a malicious blob name …").
 *
 * (a) webview CSP, (b) rendering only through textContent, (c) every inbound webview message validated — by the
 * guards and by the host channel's dispatch, (f) secrets only in SecretStorage, (g) destructive commands behind a
 * modal confirmation, (h) restricted mode declared in package.json and register gated on workspace trust.
 */
import * as assert from 'node:assert/strict';
import Module from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type * as vscode from 'vscode';
import { contentSecurityPolicy, renderShell } from '../../../src/webviews/html';
import { isEnvelope } from '../../../src/shared/protocol/envelope';
import { isModelVersionInbound } from '../../../src/shared/protocol/modelVersion';

const root = resolve(__dirname, '../../../..');
const read = (rel: string): string => readFileSync(join(root, rel), 'utf8');

function files(dir: string, ext = /\.ts$/): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = join(dir, name);
    return statSync(join(root, rel)).isDirectory() ? files(rel, ext) : ext.test(name) ? [rel] : [];
  });
}

/** Source without comments, so documentation that names a forbidden API does not count. */
function code(rel: string): string {
  return read(rel).replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const fakeWebview = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  asWebviewUri: (uri: vscode.Uri) => uri,
} as unknown as vscode.Webview;
const uri = (path: string): vscode.Uri => ({ toString: () => `https://file+.vscode-resource.vscode-cdn.net${path}` }) as unknown as vscode.Uri;

describe('security: (a) webview Content-Security-Policy', () => {
  const html = renderShell({ webview: fakeWebview, title: '<img src=x onerror=alert(1)>', scriptUri: uri('/dist/webview/modelVersion.js'), styleUris: [uri('/media/webview.css')] });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]?.replace(/&#39;/g, "'") ?? '';
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

  it('starts from default-src \'none\' and allows no inline or eval code', () => {
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.ok(!/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval/.test(csp), csp);
    assert.deepEqual(directives.get('form-action'), ["'none'"]);
    assert.deepEqual(directives.get('base-uri'), ["'none'"]);
  });

  it('scripts only by nonce; the one script tag carries it; no inline script or handler', () => {
    const nonce = /'nonce-([^']+)'/.exec(directives.get('script-src')?.join(' ') ?? '')?.[1];
    assert.ok(nonce && nonce.length >= 16, 'script-src has a nonce');
    assert.deepEqual(directives.get('script-src'), [`'nonce-${nonce}'`]);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0]![1]!, new RegExp(`nonce="${nonce!.replace(/[+/=]/g, '\\$&')}"`));
    assert.equal(scripts[0]![2], '', 'no inline script body');
    assert.ok(!/\son[a-z]+=/i.test(html.replace(/<title>[\s\S]*?<\/title>/, '')), 'no inline event handler attributes');
    assert.ok(html.includes('&#60;img src=x onerror=alert(1)&#62;'), 'the title is escaped');
    // A fresh nonce per render.
    assert.notEqual(contentSecurityPolicy(fakeWebview, 'a'), contentSecurityPolicy(fakeWebview, 'b'));
  });

  it('no remote sources: every source is \'none\', a nonce or the webview\'s own resource origin', () => {
    for (const [name, values] of directives) {
      for (const value of values) {
        assert.ok(value === "'none'" || value.startsWith("'nonce-") || value === fakeWebview.cspSource, `${name} allows ${value}`);
      }
    }
    assert.ok(!/\*|https?:\/\/(?!file\+\.vscode-resource)/.test(csp), csp);
  });
});

describe('security: (b) the webview renders only through textContent', () => {
  const webviewFiles = files('src/webviewApp');
  const forbidden: Array<[string, RegExp]> = [
    ['innerHTML', /\binnerHTML\b/], ['outerHTML', /\bouterHTML\b/], ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
    ['document.write', /\bdocument\s*\.\s*write(ln)?\b/], ['eval', /(^|[^\w.])eval\s*\(/], ['new Function', /\bnew\s+Function\s*\(/],
    ['setTimeout with a string', /setTimeout\s*\(\s*['"`]/], ['DOMParser', /\bDOMParser\b/], ['createContextualFragment', /createContextualFragment/],
    ['srcdoc', /\bsrcdoc\b/], ['javascript: URL', /javascript:/i],
  ];

  it('scans the webview sources', () => assert.ok(webviewFiles.length >= 3, webviewFiles.join()));
  for (const [name, pattern] of forbidden) {
    it(`no ${name} in src/webviewApp/**`, () => {
      const hits = webviewFiles.filter((f) => pattern.test(code(f)));
      assert.deepEqual(hits, []);
    });
  }

  it('text reaches the DOM through textContent (the dom helper uses it)', () => {
    assert.ok(webviewFiles.some((f) => /\.textContent\s*=/.test(code(f))));
  });
});

describe('security: (c) every message from the webview is validated', () => {
  const malformed: unknown[] = [
    undefined, null, 0, 'ready', [], {}, { kind: 'command' }, { kind: 'command', method: 'ready' },
    { kind: 'command', method: 'eval', params: {} }, { kind: 'command', method: 'ready', params: { extra: 1 } },
    { kind: 'command', method: '__proto__', params: {} }, { kind: 'request', id: '1', method: 'assetId/copy', params: { spelling: 'armId' } },
    { kind: 'request', id: -1, method: 'assetId/copy', params: { spelling: 'armId' } }, { kind: 'request', id: 1, method: 'assetId/copy', params: { spelling: {} } },
    { kind: 'response', id: 1, ok: true, result: {} }, { kind: 'notification', method: 'state/replace', params: {} },
    { kind: 'command', method: 'x'.repeat(10_000), params: {} }, JSON.parse('{"__proto__": {"kind": "command"}, "method": "ready", "params": {}}'),
    { kind: 'command', method: 'version/download', params: { path: '/etc/passwd' } },
  ];

  it('the envelope and the model-version guards reject every malformed message', () => {
    for (const message of malformed) {
      assert.equal(isModelVersionInbound(message), false, JSON.stringify(message));
    }
    for (const message of malformed.slice(0, 8)) assert.equal(isEnvelope(message), false, JSON.stringify(message));
  });

  it('the host channel drops them before any handler runs, logs a warning, and answers nothing', async () => {
    // WebviewChannel needs `vscode` only for an EventEmitter: give it a minimal one (no extension host in unit tests).
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const original = loader._load;
    class EventEmitter { event = (): { dispose(): void } => ({ dispose() {} }); fire(): void {} dispose(): void {} }
    loader._load = function load(request: string, ...rest: unknown[]) {
      return request === 'vscode' ? { EventEmitter } : original.call(this, request, ...rest);
    };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { WebviewChannel } = require('../../../src/webviews/WebviewChannel') as typeof import('../../../src/webviews/WebviewChannel');
      const posted: unknown[] = [];
      const warnings: string[] = [];
      const handled: string[] = [];
      const webview = { onDidReceiveMessage: () => ({ dispose() {} }), postMessage: async (m: unknown) => posted.push(m) } as unknown as vscode.Webview;
      const logger = { warn: (m: string) => warnings.push(m), trace: () => undefined } as never;
      const channel = new WebviewChannel(webview, isModelVersionInbound, {
        onCommand: (m) => void handled.push(`command ${m.method}`),
        onRequest: async (m) => handled.push(`request ${m.method}`),
      }, logger, 'modelVersion');
      for (const message of malformed) await channel.receive(message);
      assert.deepEqual(handled, [], 'no handler ran');
      assert.deepEqual(posted, [], 'nothing was answered or sent');
      assert.equal(warnings.length, malformed.length);
      assert.ok(warnings.every((w) => w.length < 400), 'the warning previews at most 200 characters of the message');
      // And a valid one does reach the handler.
      await channel.receive({ kind: 'request', id: 3, method: 'assetId/copy', params: { spelling: 'armId' } });
      assert.deepEqual(handled, ['request assetId/copy']);
      assert.equal((posted[0] as { id: number }).id, 3);
      channel.dispose();
    } finally {
      loader._load = original;
    }
  });
});

interface Manifest {
  contributes: { configuration: { properties: Record<string, { type?: string }> }; commands: Array<{ command: string; enablement?: string }>; menus: Record<string, Array<{ command: string; when?: string }>> };
  capabilities?: { untrustedWorkspaces?: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] }; virtualWorkspaces?: boolean | { supported: boolean | 'limited'; description?: string } };
}
const manifest = JSON.parse(read('package.json')) as Manifest;

describe('security: (f) secrets live only in SecretStorage', () => {
  it('no setting is a secret (no secret/password/token/key/SAS/connection-string settings)', () => {
    const secretLike = /secret|password|passwd|token|credential|\bsas\b|sasToken|accountKey|apiKey|connectionString|privateKey/i;
    const bad = Object.keys(manifest.contributes.configuration.properties).filter((k) => secretLike.test(k.replace(/^amlInventory\./, '')));
    assert.deepEqual(bad, []);
  });

  it('the service principal secret is read and written only through context.secrets / services.secrets', () => {
    const sources = files('src');
    const touching = sources.filter((f) => /clientSecret|servicePrincipalSecret/.test(code(f)));
    for (const f of touching) {
      const text = code(f);
      assert.ok(!/getConfiguration\([^)]*\)[\s\S]{0,80}(clientSecret|secret)/i.test(text), `${f} reads a secret from settings`);
      assert.ok(!/(globalState|workspaceState)\.update\([^)]*secret/i.test(text), `${f} stores a secret in Memento state`);
    }
    const reads = sources.filter((f) => /\.secrets\.get\(\s*SecretKey\.servicePrincipalSecret/.test(code(f))).map((f) => relative('src', f));
    const writes = sources.filter((f) => /\.secrets\.store\(\s*SecretKey\.servicePrincipalSecret/.test(code(f))).map((f) => relative('src', f));
    assert.ok(reads.length > 0 && writes.length > 0, 'the secret goes through SecretStorage');
    // The credential factory receives the secret as an argument and never persists it.
    assert.ok(!/writeFile|globalState|secrets\.store/.test(code('src/azure/credentials.ts')));
  });
});

/** Top-level function bodies of a file, by name. */
function functionBodies(rel: string): Map<string, string> {
  const text = code(rel);
  const starts = [...text.matchAll(/^(?:export\s+)?(?:async\s+)?function\s+(\w+)/gm)];
  const out = new Map<string, string>();
  starts.forEach((m, i) => out.set(m[1]!, text.slice(m.index, starts[i + 1]?.index ?? text.length)));
  return out;
}

/** True when `name` (or a function it calls in the same file, transitively) asks a modal question. */
function reachesModal(bodies: Map<string, string>, name: string, seen = new Set<string>()): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  const body = bodies.get(name);
  if (!body) return false;
  if (/(confirm|showWarningMessage|showInformationMessage)\s*\([^;]*?modal:\s*true/s.test(body)) return true;
  return [...body.matchAll(/\b(\w+)\s*\(/g)].some(([, callee]) => callee !== name && bodies.has(callee!) && reachesModal(bodies, callee!, seen));
}

describe('security: (g) destructive commands ask a modal confirmation first', () => {
  const table = code('src/commands/registerCommands.ts');
  const destructive = ['archiveVersion', 'archiveModel', 'rollbackDeployment', 'undoLastRollback', 'registerModel', 'registerFromSpec'];
  for (const command of destructive) {
    it(`${command}`, () => {
      const handler = new RegExp(`\\[CommandId\\.${command}\\]:[^=]*=>\\s*(\\w+)\\(`).exec(table)?.[1];
      assert.ok(handler, `no handler for ${command}`);
      const file = files('src/commands').find((f) => new RegExp(`export\\s+async\\s+function\\s+${handler}\\b`).test(code(f)));
      assert.ok(file, `handler ${handler} not found`);
      assert.ok(reachesModal(functionBodies(file), handler), `${handler} (${file}) never asks a modal confirmation`);
    });
  }
});

describe('security: (h) restricted mode (untrusted workspaces) is declared and register is gated', () => {
  const untrusted = manifest.capabilities?.untrustedWorkspaces;

  it('capabilities.untrustedWorkspaces: limited, explained, and the workspace cannot redirect sign-in or endpoints', () => {
    assert.equal(untrusted?.supported, 'limited');
    assert.match(untrusted?.description ?? '', /Restricted Mode/);
    const restricted = new Set(untrusted?.restrictedConfigurations ?? []);
    for (const key of ['amlInventory.auth.method', 'amlInventory.auth.tenant', 'amlInventory.auth.clientId', 'amlInventory.cloud', 'amlInventory.customCloud', 'amlInventory.references.workspace']) {
      assert.ok(restricted.has(key), `${key} must be restricted: a cloned repo could send your tokens to its own endpoint or pick the tenant`);
    }
    for (const key of restricted) assert.ok(key in manifest.contributes.configuration.properties, `restricted ${key} is not a declared setting`);
  });

  it('capabilities.virtualWorkspaces: limited (register needs local files)', () => {
    const virtual = manifest.capabilities?.virtualWorkspaces;
    assert.ok(typeof virtual === 'object' && virtual.supported === 'limited' && /local/.test(virtual.description ?? ''));
  });

  it('commands that read local files are enabled only in a trusted workspace, everywhere they appear', () => {
    for (const command of ['amlInventory.registerModel', 'amlInventory.registerFromSpec']) {
      const declared = manifest.contributes.commands.find((c) => c.command === command);
      assert.match(declared?.enablement ?? '', /\bisWorkspaceTrusted\b/, `${command} enablement`);
      for (const entry of manifest.contributes.menus['explorer/context'] ?? []) {
        if (entry.command === command) assert.match(entry.when ?? '', /\bisWorkspaceTrusted\b/, `${command} in explorer/context`);
      }
    }
  });
});
