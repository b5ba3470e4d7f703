import { rootCertificates } from 'node:tls';
import { Agent, setGlobalDispatcher } from 'undici';

const trusted = new Set<string>();

/**
 * Makes this process's fetch trust the local tenant's certificate authority besides the usual roots,
 * as NODE_EXTRA_CA_CERTS does for a process started with it: `npm start -- --https` calls its own
 * tenant, and plan, deploy and `npm run token` call the one it serves. Node 20 has no way to add a
 * root to the default store at run time, so fetch's global dispatcher carries it. An authority
 * trusted already changes nothing (no second connection pool).
 */
export const trustCertificateAuthority = (caPem: string): void => {
  if (trusted.has(caPem)) return;
  trusted.add(caPem);
  setGlobalDispatcher(new Agent({ connect: { ca: [...rootCertificates, ...trusted] } }));
};
