import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { dispatcher, postForm } from './login-client.ts';

// The HTTP part of a login's floor: a loopback server that does nothing but answer, in the tenant's
// process, asked by the same client in the same app process as the logins. A login is two round trips
// (`/authorize` answered by a redirect, then a form POSTed to `/oauth/token`); a refresh is the POST
// alone. What the tenant adds beyond these answers and its two signatures is its own cost.

/** The redirect `/authorize` answers with, so the client does the same work on it. */
const REDIRECT = 'http://127.0.0.1/callback?code=c&state=s';
/** About the size of a token response, so the client parses as much JSON. */
const TOKEN_BODY = JSON.stringify({
  access_token: 'a'.repeat(1_000),
  id_token: 'i'.repeat(1_200),
  refresh_token: 'r'.repeat(43),
  token_type: 'Bearer',
  expires_in: 86_400,
});

/** Starts the answering server on an ephemeral loopback port. */
export const serveHttpFloor = async (): Promise<{ url: string; close(): Promise<void> }> => {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.method === 'GET') {
        response.writeHead(302, { location: REDIRECT }).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(TOKEN_BODY);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** The two requests of a login against the floor server, as the login client sends them. */
export const loginRoundTrips = async (baseUrl: string): Promise<void> => {
  const redirect = await request(new URL('/authorize?client_id=c', baseUrl), { dispatcher });
  await redirect.body.dump();
  const code = new URL(String(redirect.headers.location)).searchParams.get('code');
  if (redirect.statusCode !== 302 || !code)
    throw new Error(`HTTP floor server answered ${redirect.statusCode} to GET`);
  await postRoundTrip(baseUrl);
};

/** The one request of a refresh against the floor server. */
export const postRoundTrip = async (baseUrl: string): Promise<void> => {
  const answer = await postForm(new URL('/oauth/token', baseUrl), {
    grant_type: 'refresh_token',
    client_id: 'c',
    refresh_token: 'r',
  });
  if (answer.status !== 200) throw new Error(`HTTP floor server answered ${answer.status} to POST`);
};
