import { createRequire } from 'node:module';
import type { Agent, WebSocket as UndiciWebSocket } from 'undici';
import { currentRun } from './run-scope.ts';

// The realm's `WebSocket`. Node 22 has the WHATWG WebSocket as a global (undici's); this Node 20
// has it only behind --experimental-websocket, so the realm gets the same class from the undici
// package, loaded when an Action first uses it (loading undici costs more than a thousand logins).
// Like every other outbound call, it reaches this machine only: msw's handlers answer HTTP, so a
// WebSocket to any other host is refused (its `error` and `close` events fire, as for a failed
// connection) and fails the login naming the URL.

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;
const hostRequire = createRequire(import.meta.url);

let undici: { WebSocket: typeof UndiciWebSocket; loopbackOnly: Agent } | undefined;
const load = () => {
  if (!undici) {
    const { Agent, buildConnector, WebSocket } = hostRequire('undici') as typeof import('undici');
    const connect = buildConnector({});
    const loopbackOnly = new Agent({
      connect: (options, callback) => {
        if (LOOPBACK.test(options.hostname)) return connect(options, callback);
        callback(
          new Error(`the local Actions runtime opens no WebSocket off this machine (${options.hostname})`),
          null,
        );
      },
    });
    undici = { WebSocket, loopbackOnly };
  }
  return undici;
};

/** `new WebSocket(url, protocols)` as in Node 22, through a connector that stays on this machine. */
export const RealmWebSocket = new Proxy(function WebSocket() {}, {
  construct(_placeholder, [url, protocols]: [string | URL, (string | string[])?]) {
    const { WebSocket, loopbackOnly } = load();
    const socket = new WebSocket(url, { protocols, dispatcher: loopbackOnly });
    const { hostname } = new URL(socket.url);
    if (!LOOPBACK.test(hostname)) currentRun.getStore()?.unanswered?.push(`a WebSocket to ${socket.url}`);
    return socket;
  },
  get: (_placeholder, key) => Reflect.get(load().WebSocket, key),
  has: (_placeholder, key) => Reflect.has(load().WebSocket, key),
});
