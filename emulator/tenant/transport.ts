import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import type { FakeTenant } from './fake-tenant.ts';
import { ConnectionDroppedError } from './faults.ts';
import { ApiError, errorResponse } from './http.ts';
import { serveTenantAt } from './issuer.ts';
import { fetchResponseOf, writePlainResponse } from './plain-response.ts';
import { isSentTo } from './request-url.ts';

// The two ways to reach a fake tenant, both in front of the same `handle(request)`: in-process through
// msw (tests; the auth0 SDK and deploy-cli use the global fetch) and on a loopback port (people,
// browsers, child processes).

/**
 * A fault rule's dropped connection is expected; anything else is a bug in the fake, printed here and
 * then also surfaced as a dropped connection, which clients do not retry, so the run fails at once
 * instead of after minutes of 5xx retries.
 */
const reportUnexpected = (error: unknown): void => {
  if (!(error instanceof ConnectionDroppedError)) console.error('fake tenant failed to answer:', error);
};

/** msw handlers answering `https://<domain>/*` from the tenant, to combine into a test's own server. */
export const fakeTenantHandlers = (tenant: FakeTenant): RequestHandler[] => [
  http.all(`https://${tenant.domain}/*`, async ({ request }) => {
    try {
      // msw reads the body as a stream, so it gets the undici Response a plain one stands for.
      return fetchResponseOf(await tenant.handle(request));
    } catch (error) {
      // msw's network error is what a fetch sees when the socket is reset.
      reportUnexpected(error);
      return HttpResponse.error();
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
  /**
   * `http://127.0.0.1:<port>` (`https://` with `tls`): the tenant's issuer while it listens (without
   * the trailing slash).
   */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const misdirected = (request: Request): Response =>
  errorResponse(
    new ApiError(
      421,
      'misdirected_request',
      `This tenant does not answer for host ${request.headers.get('host') ?? '(none)'}; call it at the address it was served at.`,
    ),
  );

/**
 * A request body that came whole with its headers, handed to @hono/node-server as the `rawBody` its
 * reads take as they are: its own read waits for the stream's `data` and `end` events, which took 35
 * to 48 µs of a code exchange's 180 in the tenant on this machine (sequential login p50 11 to 37 µs
 * lower, 3 runs of 1,000 logins a side alternating every 5). After the turn that emitted the request,
 * the parser has pushed what that packet carried: a body whose bytes all came (its content-length) is
 * taken then; one still on its way, or chunked, is left to hono.
 */
const takeWholeBody = (incoming: IncomingMessage): void => {
  const length = Number(incoming.headers['content-length'] ?? Number.NaN);
  if (incoming.readableLength !== length || incoming.readableDidRead || 'rawBody' in incoming) return;
  const body: Buffer | null = incoming.read();
  Object.assign(incoming, { rawBody: body ?? Buffer.alloc(0) });
};

/** Settled before any request comes: awaiting it lets the parser finish the packet it is reading. */
const SETTLED = Promise.resolve();

export interface ServeOptions {
  port?: number;
  host?: '127.0.0.1' | 'localhost';
  /** Serve over TLS with this certificate and key (PEM), at `https://<host>:<port>`. */
  tls?: { cert: string; key: string };
}

/**
 * Serves the tenant on loopback; `port: 0` picks a free one. Rejects with EADDRINUSE if taken. While
 * it listens the tenant's issuer is this address (see issuer.ts); on close it is `https://<domain>/`.
 */
export const serveFakeTenant = (tenant: FakeTenant, options: ServeOptions = {}): Promise<ServedTenant> => {
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const listener = getRequestListener(
    async (request, env) => {
      // DNS rebinding: a web page whose name an attacker points at 127.0.0.1 reaches this port with its
      // own Host. Only the address the tenant listens on is answered, like Auth0 answers its domains.
      if (!isSentTo(request, origin)) return misdirected(request);
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        await SETTLED;
        takeWholeBody(env.incoming as IncomingMessage);
      }
      try {
        const response = await tenant.handle(request);
        // The tenant's own answers go out in one write; others (hono's, streams) through the adapter.
        return writePlainResponse(response, env.outgoing as ServerResponse)
          ? RESPONSE_ALREADY_SENT
          : response;
      } catch (error) {
        reportUnexpected(error);
        env.incoming.socket?.destroy();
        return new Response(null, { status: 500 });
      }
    },
    // Left alone, @hono/node-server swaps the process's global Response for its own class, after
    // which msw no longer recognises Response.error() and in-process drops turn into status-0 answers.
    { overrideGlobalObjects: false },
  );
  const server: Server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      origin = `${options.tls ? 'https' : 'http'}://${host}:${port}`;
      serveTenantAt(tenant.context, origin);
      resolve({
        url: origin,
        port,
        close: () =>
          new Promise<void>((done, fail) => {
            serveTenantAt(tenant.context, `https://${tenant.domain}`);
            server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
  });
};
