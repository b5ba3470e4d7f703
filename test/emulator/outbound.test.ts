import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, get as hostGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { HttpResponse, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvent, loadBundledAction } from '../../emulator/actions/index.ts';

// An Action that calls a vendor three ways Node code does: fetch, node:https (as axios, got and
// SDKs do underneath) and node:http; it puts what it got into the ID token.
const VENDOR = `
const https = require('https');
const httpModule = require('node:http');
const read = (mod, url, options = {}) => new Promise((resolve, reject) => {
  const req = mod.request(url, options, (res) => {
    let body = ''; res.setEncoding('utf8');
    res.on('data', (c) => (body += c)); res.on('end', () => resolve(res.statusCode + ' ' + body));
  });
  req.on('error', reject);
  if (options.method === 'POST') req.write(JSON.stringify({ user: 'x' }));
  req.end();
});
exports.onExecutePostLogin = async (event, api) => {
  const got = [];
  const viaFetch = await fetch(event.secrets.BASE + '/score?user=' + event.user.user_id);
  got.push(viaFetch.status + ' ' + (await viaFetch.json()).score);
  got.push(await read(https, event.secrets.BASE + '/lead', { method: 'POST', headers: { 'content-type': 'application/json' } }));
  if (event.secrets.PLAIN) got.push(await read(httpModule, event.secrets.PLAIN));
  api.idToken.setCustomClaim('https://c.test/got', got);
};`;

const vendor = () =>
  loadBundledAction({ name: 'vendor', code: VENDOR }, { secrets: { BASE: 'https://vendor.test' } });

const handlers = [
  http.get('https://vendor.test/score', ({ request }) =>
    HttpResponse.json({ score: new URL(request.url).searchParams.get('user') }),
  ),
  http.post('https://vendor.test/lead', async ({ request }) =>
    HttpResponse.text(`lead ${((await request.json()) as { user: string }).user}`, { status: 201 }),
  ),
];

// A server on this machine that counts the connections it gets: nothing the Action sends unanswered
// may reach a socket.
let connections = 0;
const local = createServer((_, res) => res.end('from the local server'));
local.on('connection', () => connections++);
// Enough of RFC 6455 to greet a WebSocket client: the handshake, then one unmasked text frame.
// An upgraded socket is no longer the server's: closing the server leaves it open for the rest of the
// worker's files, so the file closes the ones it accepted.
const upgraded = new Set<Duplex>();
local.on('upgrade', (request, socket) => {
  upgraded.add(socket);
  const accept = createHash('sha1')
    .update(`${request.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
    .digest('base64');
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  socket.write(Buffer.concat([Buffer.from([0x81, 5]), Buffer.from('hello')]));
});
let localUrl = '';
// The toolkit's own traffic in tests goes through msw's setupServer, in the same process.
const toolkit = setupServer(
  http.get('https://vendor.test/score', () => HttpResponse.json({ score: 'toolkit' })),
);

beforeAll(async () => {
  local.listen(0, '127.0.0.1');
  await once(local, 'listening');
  localUrl = `http://127.0.0.1:${(local.address() as AddressInfo).port}/`;
  toolkit.listen({ onUnhandledRequest: 'bypass' });
});
afterAll(() => {
  toolkit.close();
  for (const socket of upgraded) socket.destroy();
  local.close();
});

describe('vendor calls from an Action', () => {
  it('are answered by the msw handlers of the login, through fetch, https and http', async () => {
    const action = await vendor();
    const outcome = await action.run(buildEvent({ user: { user_id: 'auth0|7' } }), { handlers });
    expect(outcome.error).toBeUndefined();
    expect(outcome.idToken?.payload['https://c.test/got']).toEqual(['200 auth0|7', '201 lead x']);
    // The toolkit's fetch in the same process still gets its own setupServer's answer.
    expect(await (await fetch('https://vendor.test/score')).json()).toEqual({ score: 'toolkit' });
  });

  it('fail the login with the method and URL of a request no handler answers, opening no socket', async () => {
    const action = await loadBundledAction(
      { name: 'vendor', code: VENDOR },
      { secrets: { BASE: 'https://vendor.test', PLAIN: localUrl } },
    );
    const before = connections;
    const outcome = await action.run(buildEvent(), { handlers });
    expect(outcome.error?.message).toMatch(
      new RegExp(`^vendor sent GET ${localUrl.replaceAll('.', '\\.')}, which no msw handler answers`),
    );
    expect(outcome.idToken).toBeUndefined();
    expect(connections).toBe(before);
    // A caught failure fails the login all the same.
    const catching = await loadBundledAction({
      name: 'catching',
      code: "exports.onExecutePostLogin = async () => { try { await fetch('https://api.vendor.test/v1/users', { method: 'PUT' }); } catch {} };",
    });
    expect((await catching.run(buildEvent())).error?.message).toMatch(
      /^catching sent PUT https:\/\/api\.vendor\.test\/v1\/users, which no msw handler answers/,
    );
  });

  it('reach this machine only where a handler says passthrough, and leave the toolkit http alone', async () => {
    const action = await loadBundledAction(
      { name: 'vendor', code: VENDOR },
      { secrets: { BASE: 'https://vendor.test', PLAIN: localUrl } },
    );
    const before = connections;
    const outcome = await action.run(buildEvent({ user: { user_id: 'auth0|8' } }), {
      handlers: [...handlers, http.get(localUrl, () => passthrough())],
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.idToken?.payload['https://c.test/got']).toEqual([
      '200 auth0|8',
      '201 lead x',
      '200 from the local server',
    ]);
    expect(connections).toBe(before + 1);
    const body = await new Promise<string>((resolve) =>
      hostGet(localUrl, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(text));
      }),
    );
    expect(body).toBe('from the local server');
  });

  it('keep overlapping logins on their own handlers', async () => {
    const action = await vendor();
    const answering = (score: string) => [
      http.get('https://vendor.test/score', async () => {
        await new Promise((resolve) => setTimeout(resolve, score === 'slow' ? 30 : 1));
        return HttpResponse.json({ score });
      }),
      handlers[1] as (typeof handlers)[number],
    ];
    const [slow, fast] = await Promise.all([
      action.run(buildEvent(), { handlers: answering('slow') }),
      action.run(buildEvent(), { handlers: answering('fast') }),
    ]);
    expect(slow.idToken?.payload['https://c.test/got']).toEqual(['200 slow', '201 lead x']);
    expect(fast.idToken?.payload['https://c.test/got']).toEqual(['200 fast', '201 lead x']);
  });

  it('connect raw sockets to this machine only, failing the login for any other host', async () => {
    const port = new URL(localUrl).port;
    const action = await loadBundledAction({
      name: 'sockets',
      code: `const net = require('net'); const tls = require('node:tls');
const attempt = (open) => new Promise((resolve) => { const s = open(); s.on('error', (e) => resolve(e.code)); s.on('connect', () => { s.destroy(); resolve('connected'); }); s.on('secureConnect', () => resolve('connected')); });
exports.onExecutePostLogin = async (event, api) => {
  const local = await attempt(() => net.connect(${port}, '127.0.0.1'));
  if (event.secrets.REMOTE) console.log(await attempt(() => net.connect({ host: '203.0.113.5', port: 6379 })), await attempt(() => tls.connect(443, 'vendor.test')));
  api.idToken.setCustomClaim('https://c.test/local', local);
};`,
    });
    const before = connections;
    const allowed = await action.run(buildEvent());
    expect(allowed.idToken?.payload['https://c.test/local']).toBe('connected');
    expect(connections).toBe(before + 1);
    const refused = await action.run(buildEvent({ secrets: { REMOTE: 'yes' } }));
    expect(refused.logs[0]).toBe('ECONNREFUSED ECONNREFUSED');
    expect(refused.error?.message).toMatch(
      /^sockets sent a tcp socket to 203\.0\.113\.5:6379 \(and 1 more: a tls socket to vendor\.test:443\), which no msw handler answers/,
    );
    // Its local connection only: nothing reached 203.0.113.5 or vendor.test.
    expect(connections).toBe(before + 2);
  });

  it('open WebSockets to this machine only, failing the login for any other host', async () => {
    const wsUrl = localUrl.replace('http:', 'ws:');
    const action = await loadBundledAction({
      name: 'feed',
      code: `const listen = (url) => new Promise((resolve) => { const ws = new WebSocket(url); ws.onmessage = (m) => { resolve(m.data); ws.close(); }; ws.onerror = () => resolve('error'); });
exports.onExecutePostLogin = async (event, api) => {
  api.idToken.setCustomClaim('https://c.test/feed', [await listen(event.secrets.URL)]);
};`,
    });
    const local = await action.run(buildEvent({ secrets: { URL: wsUrl } }));
    expect(local.idToken?.payload['https://c.test/feed']).toEqual(['hello']);
    const before = connections;
    const remote = await action.run(buildEvent({ secrets: { URL: 'wss://feed.vendor.test/v1' } }));
    expect(remote.error?.message).toMatch(
      /^feed sent a WebSocket to wss:\/\/feed\.vendor\.test\/v1, which no msw handler answers/,
    );
    expect(connections).toBe(before);
  });
});
