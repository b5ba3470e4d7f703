import 'reflect-metadata';
import { createHash, X509Certificate as NodeCertificate, webcrypto } from 'node:crypto';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import { LOCAL_STATE_DIR } from '../core/paths.ts';

// `npm start -- --https`: the local tenant served over TLS at https://127.0.0.1:<port>, so Auth0's
// SDKs that build `https://${domain}` work with the domain alone. A certificate authority of its own
// (made once, its private key never written: it signs the one server certificate and is dropped)
// and a server certificate for 127.0.0.1 and localhost; apps trust the authority with Node's
// NODE_EXTRA_CA_CERTS, a browser with the server key's SPKI hash. Both live under the git-ignored
// .tenant-state/tls/, the server key readable by its owner only.

export const LOCAL_TLS_DIR = path.join(LOCAL_STATE_DIR, 'tls');

export interface LocalCertificate {
  /** The authority's certificate (PEM): what NODE_EXTRA_CA_CERTS names. */
  readonly caFile: string;
  readonly caPem: string;
  /** The server's certificate (PEM), signed by the authority. */
  readonly certPem: string;
  /** The server's private key (PKCS#8 PEM). */
  readonly keyPem: string;
  /** base64 SHA-256 of the server key's SubjectPublicKeyInfo: Chromium's --ignore-certificate-errors-spki-list. */
  readonly spkiSha256: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const LIFETIME_DAYS = 365;
/** Renewed this long before it expires, so a long-running npm start never serves an expired one. */
const RENEW_BEFORE_DAYS = 30;
const DAY_MS = 86_400_000;

const files = (dir: string) => ({
  ca: path.join(dir, 'ca.pem'),
  cert: path.join(dir, 'server.pem'),
  key: path.join(dir, 'server-key.pem'),
});

const spkiHash = (certPem: string): string =>
  createHash('sha256')
    .update(new NodeCertificate(certPem).publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');

const issue = async (now: Date) => {
  const crypto = webcrypto as unknown as Crypto;
  x509.cryptoProvider.set(crypto);
  const notAfter = new Date(now.getTime() + LIFETIME_DAYS * DAY_MS);
  const caKeys = await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=Local Auth0 tenant (npm start --https) CA',
    notBefore: now,
    notAfter,
    signingAlgorithm: ALGORITHM,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const serverKeys = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const server = await x509.X509CertificateGenerator.create({
    subject: 'CN=127.0.0.1',
    issuer: ca.subject,
    notBefore: now,
    notAfter,
    signingAlgorithm: ALGORITHM,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'dns', value: 'localhost' },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', serverKeys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8
    .toString('base64')
    .replace(/.{64}/g, '$&\n')
    .replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`;
  return { caPem: ca.toString('pem'), certPem: server.toString('pem'), keyPem };
};

const readSaved = async (dir: string, now: Date) => {
  const at = files(dir);
  const [caPem, certPem, keyPem] = await Promise.all(
    [at.ca, at.cert, at.key].map((file) => readFile(file, 'utf8').catch(() => undefined)),
  );
  if (!caPem || !certPem || !keyPem) return undefined;
  try {
    const cert = new NodeCertificate(certPem);
    const fresh = new Date(cert.validTo).getTime() - now.getTime() > RENEW_BEFORE_DAYS * DAY_MS;
    return fresh && cert.checkIssued(new NodeCertificate(caPem)) ? { caPem, certPem, keyPem } : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The local authority and server certificate under `dir`, made on first use (and again when the
 * saved ones are missing, broken or within 30 days of expiry).
 */
export const ensureLocalCertificate = async (
  dir = LOCAL_TLS_DIR,
  now = new Date(),
): Promise<LocalCertificate> => {
  const at = files(dir);
  let pems = await readSaved(dir, now);
  if (!pems) {
    pems = await issue(now);
    await mkdir(dir, { recursive: true });
    // `mode` applies only to a new file: an older key file is removed first, never widened.
    await rm(at.key, { force: true });
    await writeFile(at.key, pems.keyPem, { mode: 0o600 });
    await writeFile(at.cert, pems.certPem);
    await writeFile(at.ca, pems.caPem);
  }
  await chmod(at.key, 0o600);
  return { caFile: at.ca, ...pems, spkiSha256: spkiHash(pems.certPem) };
};

/** The line an app's shell runs it with, so Node trusts the local tenant's certificate. */
export const extraCaCertsLine = (certificate: Pick<LocalCertificate, 'caFile'>): string =>
  `NODE_EXTRA_CA_CERTS=${certificate.caFile}`;

/** What `npm start -- --https` prints: how a Node app and a test's Chromium trust the tenant. */
export const describeTrust = (certificate: LocalCertificate): string =>
  `a local certificate authority signs the tenant's certificate; Node apps trust it with ${extraCaCertsLine(certificate)}, Chromium with --ignore-certificate-errors-spki-list=${certificate.spkiSha256}`;
