import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A self-signed certificate for 127.0.0.1/localhost made with the openssl CLI at start. Clients trust it through
 * NODE_EXTRA_CA_CERTS=<certPath>, so no client code needs to know it talks to an emulator.
 */
export interface TlsMaterial {
  certPath: string;
  cert: Buffer;
  key: Buffer;
}

export function createSelfSignedCertificate(dir: string): TlsMaterial {
  const certPath = join(dir, 'emulator-cert.pem');
  const keyPath = join(dir, 'emulator-key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
    '-keyout', keyPath, '-out', certPath,
    '-subj', '/CN=Azure ML emulator (127.0.0.1)',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-addext', 'basicConstraints=critical,CA:TRUE',
  ], { stdio: 'pipe' });
  return { certPath, cert: readFileSync(certPath), key: readFileSync(keyPath) };
}
