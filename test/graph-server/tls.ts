/**
 * A throwaway self-signed certificate for the loopback test servers. MSAL (inside
 * @azure/identity) only accepts https authorities and the Graph SDK only attaches tokens to
 * https URLs, so the test servers speak TLS; tests trust this one certificate explicitly
 * (an undici Agent for the Graph SDK's fetch, `tlsOptions.ca` for @azure/identity) instead
 * of turning certificate checks off.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCert {
  key: string;
  cert: string;
}

let cached: TestCert | null = null;

/** Generated once per process with the openssl CLI; valid for 127.0.0.1 and localhost. */
export function testCertificate(): TestCert {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'graph-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cached = {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
