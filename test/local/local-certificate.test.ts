import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalTenant } from '../../emulator/tenant/local-tenant.ts';
import { ensureLocalCertificate, type LocalCertificate } from '../../local/local-certificate.ts';
import { serveLocalTenant } from '../../local/serve-local-tenant.ts';

// `npm start -- --https`: a local authority and a server certificate for 127.0.0.1 and localhost,
// made once and kept, and the tenant served over TLS with every URL and the issuer on https.

let dir = '';
let certificate: LocalCertificate;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'local-tls-'));
  certificate = await ensureLocalCertificate(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the local tenant over https', () => {
  it('makes a server certificate for 127.0.0.1 and localhost, signed by a local authority, once', async () => {
    const server = new X509Certificate(certificate.certPem);
    const ca = new X509Certificate(certificate.caPem);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkHost('example.com')).toBeUndefined();
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect((await stat(path.join(dir, 'server-key.pem'))).mode & 0o777).toBe(0o600);
    expect(await readFile(certificate.caFile, 'utf8')).toBe(certificate.caPem);
    // Kept: the next start serves the same certificate, so apps keep trusting it.
    expect((await ensureLocalCertificate(dir)).certPem).toBe(certificate.certPem);
    // Renewed within 30 days of its expiry, with a new authority.
    const later = new Date(Date.now() + 340 * 86_400_000);
    const renewed = await ensureLocalCertificate(dir, later);
    expect(renewed.caPem).not.toBe(certificate.caPem);
  });

  it('Auth0 names its https address as the issuer, in discovery and every endpoint, and answers 421 to a foreign host', async () => {
    const tenant = await createLocalTenant();
    const served = await serveLocalTenant(tenant, 0, { cert: certificate.certPem, key: certificate.keyPem });
    const dispatcher = new Agent({ connect: { ca: [...rootCertificates, certificate.caPem] } });
    const get = (url: string) => fetch(url, { dispatcher } as RequestInit);
    try {
      expect(served.url).toBe(`https://127.0.0.1:${served.port}`);
      const discovery = await (await get(`${served.url}/.well-known/openid-configuration`)).json();
      expect(discovery.issuer).toBe(`https://127.0.0.1:${served.port}/`);
      expect(discovery.token_endpoint).toBe(`${served.url}/oauth/token`);
      expect(discovery.jwks_uri).toBe(`${served.url}/.well-known/jwks.json`);
      expect(tenant.issuer).toBe(discovery.issuer);
      // fetch will not send another Host; a DNS-rebound page's request would (its browser having
      // been made to accept the certificate: the name check is what TLS adds, not what is tested).
      const foreign = await new Promise<number | undefined>((resolve, reject) => {
        request(
          `${served.url}/.well-known/openid-configuration`,
          { ca: certificate.caPem, headers: { host: 'evil.example' }, checkServerIdentity: () => undefined },
          (response) => resolve(response.resume().statusCode),
        )
          .on('error', reject)
          .end();
      });
      expect(foreign).toBe(421);
      // Without the authority, TLS refuses the certificate.
      await expect(fetch(`${served.url}/.well-known/jwks.json`)).rejects.toThrow();
    } finally {
      await served.close();
      await dispatcher.close();
    }
  });
});
