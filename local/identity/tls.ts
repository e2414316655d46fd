import * as fs from 'node:fs';
import * as path from 'node:path';
import { generate } from 'selfsigned';

/** The local identity provider's TLS certificate and key (PEM), and the file the app trusts it from. */
export interface LocalCertificate {
  cert: string;
  key: string;
  /** The certificate's PEM file: the app's AUTH_CA_FILE (MSAL's network client trusts it, nothing else does). */
  certFile: string;
}

const CERT = 'tls-cert.pem';
const KEY = 'tls-key.pem';

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made on first start and kept in `dir` (the
 * state folder's identity/), so a browser exception or a CA file made once stays valid. msal-node
 * refuses an http:// authority, hence HTTPS at all (shared/toolchain-facts.md, "MSAL Node").
 */
export async function loadOrCreateCertificate(dir: string, now: Date): Promise<LocalCertificate> {
  const certFile = path.join(dir, CERT);
  const keyFile = path.join(dir, KEY);
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    const cert = fs.readFileSync(certFile, 'utf8');
    const { X509Certificate } = await import('node:crypto');
    // A certificate past its end is made again rather than served.
    if (Date.parse(new X509Certificate(cert).validTo) > now.getTime() + 86_400_000)
      return { cert, key: fs.readFileSync(keyFile, 'utf8'), certFile };
  }
  const pems = await generate([{ name: 'commonName', value: 'bakery local identity provider' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 825 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(keyFile, pems.private, { mode: 0o600 });
  fs.writeFileSync(certFile, pems.cert);
  return { cert: pems.cert, key: pems.private, certFile };
}
