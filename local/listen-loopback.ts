import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { LocalError } from './errors.ts';

export type FetchHandler = (request: Request) => Response | Promise<Response>;

export interface LoopbackServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Takes `port` on 127.0.0.1 and answers each request with whatever `handle` is at that moment, so a
 * server can hold its port from the start (a taken port fails at once, with `portTaken`'s one-line
 * fix) and swap in the real handler once the slow deploy is done.
 */
export const listenOnLoopback = (
  port: number,
  handle: FetchHandler,
  portTaken: () => LocalError,
): Promise<LoopbackServer> => {
  // As for the tenant: keep @hono/node-server from replacing the global Response, which msw needs.
  const server = createServer(
    getRequestListener((request) => handle(request), { overrideGlobalObjects: false }),
  );
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? portTaken() : error);
    });
    server.listen(port, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
  });
};
