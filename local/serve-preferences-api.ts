import { LocalError } from './errors.ts';
import { type FetchHandler, listenOnLoopback } from './listen-loopback.ts';

export interface ServedApi {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Starts answering with the API; until then every request gets a 503 "starting". */
  mount(handler: FetchHandler): void;
  close(): Promise<void>;
}

/** Answers requests that arrive while the tenant is still being deployed. */
const notReady: FetchHandler = () =>
  Response.json(
    {
      error: 'starting',
      message: 'the preferences API starts once the local tenant is deployed; retry shortly',
    },
    { status: 503, headers: { 'retry-after': '5' } },
  );

/**
 * Takes the preferences API's port on 127.0.0.1 before the (slow) deploy, so a taken port fails at
 * once with a one-line error that says how to pick another; the API itself is mounted once the
 * deploy has created the client it runs as.
 */
export const servePreferencesApi = async (port: number): Promise<ServedApi> => {
  let handler = notReady;
  const server = await listenOnLoopback(
    port,
    (request) => handler(request),
    () =>
      new LocalError(
        'E_PORT_IN_USE',
        `port ${port} on 127.0.0.1, for the preferences API, is already taken (another npm start or npm run api?); stop that process or pick another port: npm start -- --api-port ${port < 65_535 ? port + 1 : 0}`,
      ),
  );
  return {
    url: `http://127.0.0.1:${server.port}`,
    port: server.port,
    mount: (api) => {
      handler = api;
    },
    close: server.close,
  };
};
