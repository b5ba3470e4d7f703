import http from 'node:http';
import https from 'node:https';
import net, { isIP } from 'node:net';
import tls from 'node:tls';
import { ClientRequestInterceptor } from '@mswjs/interceptors/ClientRequest';
import type { RequestHandler } from 'msw';
import { currentRun, type RunScope } from './run-scope.ts';

// An Action's outbound calls (`fetch`, `http`, `https`, and so axios, got and vendor SDKs) are
// answered by the msw handlers of the login that runs it (`options.handlers`, or `npm start --
// --stubs FILE`); a request no handler answers fails with its method and URL and never leaves the
// machine. Only the Action's realm is intercepted: its `require('http')` and `require('https')` get
// request functions built by msw's ClientRequestInterceptor (mocked sockets, no real connection),
// while Node's own modules, which the toolkit (the local tenant's server, deploy-cli under msw's
// setupServer in tests, the API) uses in the same process, are put back as they were. The login a
// request belongs to is the async context it was sent from (`currentRun`).

const PASSTHROUGH = 'x-msw-intention';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** msw's `passthrough()` is honoured for this machine only: nothing an Action sends leaves it. */
const isLoopback = (url: string): boolean => {
  const host = new URL(url).hostname;
  return LOOPBACK.has(host) || (isIP(host) === 4 && host.startsWith('127.'));
};

const describe = (request: Request) => `${request.method} ${request.url}`;

type Answer = { response: Response } | { passthrough: true } | { refused: string };

/** What the login's handlers answer to one request of its Action. */
const answer = async (request: Request, run: RunScope | undefined): Promise<Answer> => {
  const handlers = run?.handlers ?? [];
  // msw is loaded with the first handlers: a realm that sends nothing (the audit's) never pays for it.
  const response =
    handlers.length > 0
      ? await (await import('msw')).getResponse([...handlers] as RequestHandler[], request)
      : undefined;
  if (response?.status === 302 && response.headers.get(PASSTHROUGH) === 'passthrough') {
    if (isLoopback(request.url)) return { passthrough: true };
  } else if (response) {
    return { response };
  }
  const what = describe(request);
  run?.unanswered?.push(what);
  return {
    refused: `${what} reached no msw handler: the local Actions runtime sends no request off this machine; answer it with a handler (the run's handlers option, or npm start -- --stubs FILE)`,
  };
};

/** The request functions msw builds, kept for the realm; Node's modules get their own back. */
const interceptHttp = () => {
  const original = {
    http: { request: http.request, get: http.get, ClientRequest: http.ClientRequest },
    https: { request: https.request, get: https.get },
  };
  const headersPatched = Object.getOwnPropertySymbols(Headers).length > 0;
  const interceptor = new ClientRequestInterceptor();
  // Its own registration, apart from the instance msw's setupServer keeps in a test.
  Reflect.set(interceptor, 'symbol', Symbol('local Actions runtime: client requests'));
  interceptor.apply();
  const intercepted = {
    http: { request: http.request, get: http.get, ClientRequest: http.ClientRequest },
    https: { request: https.request, get: https.get },
  };
  Object.assign(http, original.http);
  Object.assign(https, original.https);
  // It also wraps the global Headers, Request and Response to record raw header names; the
  // toolkit's globals are put back (mocked responses then carry lower-cased raw header names).
  if (!headersPatched) {
    for (const symbol of Object.getOwnPropertySymbols(Headers)) {
      const restore = Reflect.get(Headers, symbol);
      if (symbol.description === 'kRestorePatches' && typeof restore === 'function') restore();
    }
  }
  interceptor.on('request', async ({ request, controller }) => {
    const settled = await answer(request, currentRun.getStore());
    if ('response' in settled) controller.respondWith(settled.response);
    else if ('passthrough' in settled) controller.passthrough();
    else controller.errorWith(Object.assign(new Error(settled.refused), { code: 'ECONNREFUSED' }));
  });
  return intercepted;
};

// Built when the runtime is first imported, before a test's setupServer patches Node's modules:
// the realm's requests then go through this interceptor alone, never through the test's.
const intercepted = interceptHttp();

/** The members of `http` and `https` the realm gets in place of Node's. */
export const interceptedHttp = () => intercepted;

/** Where `net.connect` / `tls.connect` arguments point: a host and port, or a local socket path. */
const socketTarget = (args: unknown[]): { host: string; port: string } | undefined => {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; port?: unknown; path?: string };
    if (options.path !== undefined) return undefined;
    return { host: options.host ?? 'localhost', port: String(options.port) };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined;
  return { host: typeof second === 'string' ? second : 'localhost', port: String(first) };
};

/**
 * `net.connect` and `tls.connect` for the realm: to this machine as Node does (a test's redis-server,
 * a local stub server), elsewhere refused as an unanswered request is: the socket errors and the
 * login fails naming the host. msw answers HTTP only, so raw sockets get no handlers.
 */
const guardConnect = <F extends (...args: never[]) => unknown>(connect: F, scheme: string) =>
  ((...args: unknown[]) => {
    const target = socketTarget(args);
    if (
      target === undefined ||
      isLoopback(`${scheme}://${target.host.includes(':') ? `[${target.host}]` : target.host}/`)
    )
      return Reflect.apply(connect, undefined, args);
    const what = `a ${scheme} socket to ${target.host}:${target.port}`;
    currentRun.getStore()?.unanswered?.push(what);
    const socket = new net.Socket();
    const refused = Object.assign(
      new Error(
        `${what} was refused: the local Actions runtime opens sockets to this machine only; stub the vendor's HTTP API with msw handlers instead`,
      ),
      { code: 'ECONNREFUSED' },
    );
    // Unheard, the error would end the toolkit's process with it; the login fails either way.
    process.nextTick(() => socket.destroy(socket.listenerCount('error') > 0 ? refused : undefined));
    return socket;
  }) as unknown as F;

/** The members of `net` and `tls` the realm gets in place of Node's. */
export const guardedSockets = {
  net: {
    connect: guardConnect(net.connect, 'tcp'),
    createConnection: guardConnect(net.createConnection, 'tcp'),
  },
  tls: { connect: guardConnect(tls.connect, 'tls') },
};

/**
 * The realm's `fetch`: the run's own `fetch` when the caller passed one (`options.fetch`), else the
 * run's msw handlers; `errors` makes the rejection a TypeError of the Action's realm, as fetch's is.
 */
export const realmFetch =
  (errors: () => { TypeError: TypeErrorConstructor }) =>
  async (input: unknown, init?: unknown): Promise<Response> => {
    const run = currentRun.getStore();
    if (run?.fetch) return run.fetch(input as RequestInfo, init as RequestInit);
    const request = new Request(input as RequestInfo, init as RequestInit);
    const settled = await answer(request, run);
    if ('response' in settled) return settled.response;
    if ('passthrough' in settled) return fetch(request);
    throw new (errors().TypeError)(`fetch failed: ${settled.refused}`);
  };

/**
 * A request no handler answered fails the login even when the Action caught its error: the test or
 * the person trying the Action learns which call to stub rather than seeing the Action's fallback.
 */
export const unansweredFailure = (
  name: string,
  scope: RunScope,
): { error: { message: string; action: string } } | undefined => {
  const [first, ...more] = scope.unanswered ?? [];
  if (first === undefined) return undefined;
  const also = more.length > 0 ? ` (and ${more.length} more: ${more.join(', ')})` : '';
  return {
    error: {
      message: `${name} sent ${first}${also}, which no msw handler answers; the local Actions runtime sends no request off this machine: add a handler for it (the run's handlers option, or npm start -- --stubs FILE)`,
      action: name,
    },
  };
};
