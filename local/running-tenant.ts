import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bypass, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { trustCertificateAuthority } from './trust-certificate.ts';

/** What a running `npm start` tells other commands: where its tenant answers and how to sign in to it. */
export interface RunningTenant {
  readonly url: string;
  /** The tenant's issuer: `<url>/`, where it is served. */
  readonly issuer: string;
  /** The tenant's name, which `--env local` maps to and msw answers in this process. */
  readonly domain: string;
  readonly pid: number;
  readonly deployClient: { readonly client_id: string; readonly client_secret: string };
  /** With `npm start -- --https`: the certificate authority the tenant's certificate chains to. */
  readonly caFile?: string;
}

/** Beside the saved state it belongs to, so a moved state (LOCAL_TENANT_STATE) moves it too. */
export const runningTenantFile = (stateFile: string): string =>
  path.join(path.dirname(stateFile), `${path.basename(stateFile, '.json')}.running.json`);

/** Written by `npm start` once its tenant answers; owner-only, as it holds the deploy client's secret. */
export const announceRunningTenant = async (stateFile: string, running: RunningTenant): Promise<void> => {
  const file = runningTenantFile(stateFile);
  await mkdir(path.dirname(file), { recursive: true });
  await rm(file, { force: true });
  await writeFile(file, `${JSON.stringify(running)}\n`, { mode: 0o600 });
};

export const withdrawRunningTenant = (stateFile: string): Promise<void> =>
  rm(runningTenantFile(stateFile), { force: true });

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * The `npm start` tenant, if one runs: its file exists, its process lives and its discovery document
 * answers with its issuer. A file left by a killed `npm start` fails one of these and is ignored.
 */
export const findRunningTenant = async (stateFile: string): Promise<RunningTenant | undefined> => {
  const text = await readFile(runningTenantFile(stateFile), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const running = JSON.parse(text) as RunningTenant;
  if (!isAlive(running.pid)) return undefined;
  if (running.caFile) {
    const caPem = await readFile(running.caFile, 'utf8').catch(() => undefined);
    if (caPem) trustCertificateAuthority(caPem);
  }
  const discovery = await fetch(`${running.url}/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(2_000),
  })
    .then((response) => (response.ok ? (response.json() as Promise<{ issuer?: string }>) : undefined))
    .catch(() => undefined);
  return discovery?.issuer === running.issuer ? running : undefined;
};

const STALE_CONNECTION = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

/**
 * Sends every fetch to `https://<domain>/` in this process to the running tenant on loopback, so plan,
 * deploy and auth0-deploy-cli (which only speak https to a domain) change the tenant `npm start` serves.
 */
export const forwardToRunningTenant = (running: RunningTenant): { close(): void } => {
  const server = setupServer(
    http.all(`https://${running.domain}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      const body = hasBody ? await request.arrayBuffer() : undefined;
      const send = () =>
        fetch(
          bypass(`${running.url}${url.pathname}${url.search}`, {
            method: request.method,
            headers: request.headers,
            ...(body ? { body } : {}),
          }),
        );
      try {
        const answer = await send().catch((error: unknown) => {
          // A kept-alive connection the server closed while idle (Node's 5 s keepAliveTimeout) fails
          // as "other side closed" or ECONNRESET, before the tenant sees the request: measured on
          // about one deploy in three, as deploy-cli starts more than 5 s after the plan's reads.
          // Sending once more opens a fresh connection.
          const code = (error as { cause?: { code?: string } }).cause?.code ?? '';
          if (STALE_CONNECTION.has(code)) return send();
          throw error;
        });
        const headers = new Headers(answer.headers);
        // fetch already decoded the body; its length and encoding no longer apply.
        headers.delete('content-encoding');
        headers.delete('content-length');
        return new Response(await answer.arrayBuffer(), { status: answer.status, headers });
      } catch {
        // `npm start` stopped meanwhile: a dropped connection, which plan and deploy report as such.
        return HttpResponse.error();
      }
    }),
  );
  server.listen({ onUnhandledRequest: 'bypass' });
  return { close: () => server.close() };
};
