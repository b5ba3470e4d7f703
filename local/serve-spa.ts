import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalError } from './errors.ts';
import { type FetchHandler, listenOnLoopback } from './listen-loopback.ts';

/** What the sample app reads from `/config.json`: its tenant, client and our API. */
export interface SpaSettings {
  readonly domain: string;
  readonly clientId: string;
  readonly audience: string;
  readonly apiUrl: string;
}

export interface ServedSpa {
  /** `http://<host>:<port>`: `localhost` or `127.0.0.1`, as the SPA client's origins name it. */
  readonly url: string;
  readonly port: number;
  /** Starts serving the built app in `dir` with these settings; until then pages say "starting". */
  mount(dir: string, settings: SpaSettings): Promise<void>;
  close(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

const starting: FetchHandler = () =>
  new Response(
    '<!doctype html><title>Starting</title><p>The sample app starts once the local tenant is deployed: reload in a few seconds.</p>',
    {
      status: 503,
      headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': '5' },
    },
  );

/**
 * The page may talk to itself, the tenant and our API, and nothing else; no framing, no inline
 * script. A sample an app team copies should start from a policy that would pass a review.
 */
const securityHeaders = (settings: SpaSettings): Record<string, string> => {
  const tenant = new URL(settings.domain).origin;
  const api = new URL(settings.apiUrl).origin;
  return {
    'content-security-policy': `default-src 'self'; connect-src 'self' ${tenant} ${api}; frame-src ${tenant}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
};

/** Serves `app.js` and `style.css` by name, `/config.json`, and the page for any other path (`/callback`). */
const spaHandler = async (dir: string, settings: SpaSettings): Promise<FetchHandler> => {
  const files = new Map<string, Buffer>();
  for (const name of Object.keys(TYPES)) files.set(name, await readFile(path.join(dir, name)));
  const headers = securityHeaders(settings);
  return (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
    }
    const name = new URL(request.url).pathname.slice(1);
    if (name === 'config.json') return Response.json(settings, { headers });
    const file = files.get(name) ?? (name.includes('.') ? undefined : files.get('index.html'));
    if (!file) return new Response('not found', { status: 404, headers });
    const type = TYPES[files.has(name) ? name : 'index.html'] ?? 'application/octet-stream';
    return new Response(new Uint8Array(file), { headers: { ...headers, 'content-type': type } });
  };
};

/**
 * Takes the sample app's port on 127.0.0.1 at once (a taken port fails before the slow deploy) and
 * serves the built app once `mount` gives it its settings. Its URL says `localhost` by default, as
 * tenant/environments/local.json does: a browser resolves it to loopback, and the app then runs on
 * another site than the tenant (127.0.0.1), as an app and Auth0 do, cookies' SameSite included.
 */
export const serveSpa = async (
  port: number,
  host: 'localhost' | '127.0.0.1' = 'localhost',
): Promise<ServedSpa> => {
  let handler = starting;
  const server = await listenOnLoopback(
    port,
    (request) => handler(request),
    () =>
      new LocalError(
        'E_PORT_IN_USE',
        `port ${port} on 127.0.0.1, for the sample app, is already taken; stop that process, or serve the app on another port listed in tenant/environments/local.json: npm start -- --spa-port N`,
      ),
  );
  return {
    url: `http://${host}:${server.port}`,
    port: server.port,
    mount: async (dir, settings) => {
      handler = await spaHandler(dir, settings);
    },
    close: server.close,
  };
};
