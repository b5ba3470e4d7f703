import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import type { FakeTenant } from './fake-tenant.ts';
import { ConnectionDroppedError } from './faults.ts';

// The two ways to reach a fake tenant, both in front of the same `handle(request)`: in-process through
// msw (tests; the auth0 SDK and deploy-cli use the global fetch) and on a loopback port (people,
// browsers, child processes).

/** msw handlers answering `https://<domain>/*` from the tenant, to combine into a test's own server. */
export const fakeTenantHandlers = (tenant: FakeTenant): RequestHandler[] => [
  http.all(`https://${tenant.domain}/*`, async ({ request }) => {
    try {
      return await tenant.handle(request);
    } catch (error) {
      // msw's network error is what a fetch sees when the socket is reset.
      if (error instanceof ConnectionDroppedError) return HttpResponse.error();
      throw error;
    }
  }),
];

export interface InProcessTenant {
  readonly server: SetupServer;
  close(): void;
}

/**
 * Routes every fetch to `https://<domain>/` into the tenant until `close()`. Other requests are
 * refused, so a test never reaches the network by mistake.
 */
export const useFakeTenantInProcess = (
  tenant: FakeTenant,
  options: { onUnhandledRequest?: 'error' | 'warn' | 'bypass' } = {},
): InProcessTenant => {
  const server = setupServer(...fakeTenantHandlers(tenant));
  server.listen({ onUnhandledRequest: options.onUnhandledRequest ?? 'error' });
  return { server, close: () => server.close() };
};

export interface ServedTenant {
  /** `http://127.0.0.1:<port>`: point a client's base URL here. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves the tenant on loopback; `port: 0` picks a free one. Rejects with EADDRINUSE if taken. */
export const serveFakeTenant = (
  tenant: FakeTenant,
  options: { port?: number; host?: '127.0.0.1' | 'localhost' } = {},
): Promise<ServedTenant> => {
  const host = options.host ?? '127.0.0.1';
  const listener = getRequestListener(async (request, env) => {
    try {
      return await tenant.handle(request);
    } catch (error) {
      if (error instanceof ConnectionDroppedError) {
        env.incoming.socket?.destroy();
        return new Response(null, { status: 500 });
      }
      throw error;
    }
  });
  const server: Server = createServer(listener);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
  });
};
