import { Agent, buildConnector, WebSocket as UndiciWebSocket } from 'undici';
import { currentRun } from './run-scope.ts';

// The realm's `WebSocket`. Node 22 has the WHATWG WebSocket as a global (undici's); this Node 20
// has it only behind --experimental-websocket, so the realm gets the same class from the undici
// package. Like every other outbound call, it reaches this machine only: msw's handlers answer
// HTTP, so a WebSocket to any other host is refused (its `error` and `close` events fire, as for a
// failed connection) and fails the login naming the URL.

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;
const connect = buildConnector({});

/** Connects to loopback addresses only, whatever the URL said. */
const loopbackOnly = new Agent({
  connect: (options, callback) => {
    if (LOOPBACK.test(options.hostname)) return connect(options, callback);
    callback(
      new Error(`the local Actions runtime opens no WebSocket off this machine (${options.hostname})`),
      null,
    );
  },
});

export class RealmWebSocket extends UndiciWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, { protocols, dispatcher: loopbackOnly });
    const { hostname } = new URL(this.url);
    if (!LOOPBACK.test(hostname)) currentRun.getStore()?.unanswered?.push(`a WebSocket to ${this.url}`);
  }
}
