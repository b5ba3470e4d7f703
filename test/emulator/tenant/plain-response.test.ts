import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addHeader,
  fetchResponseOf,
  plainResponse,
  writePlainResponse,
} from '../../../emulator/tenant/plain-response.ts';

// A plain response must read like the undici Response made from the same arguments, and the loopback
// transport must put on the wire what that Response would have.

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

/** Serves `make()` through writePlainResponse; answers 599 when it refuses to write. */
const serve = async (make: () => Response): Promise<string> => {
  const server = createServer((_incoming, outgoing) => {
    if (!writePlainResponse(make(), outgoing)) outgoing.writeHead(599).end();
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** The raw answer (status, headers as node received them, body), for what fetch would merge. */
const raw = (url: string, method = 'GET') =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      httpRequest(url, { method }, (answer) => {
        let body = '';
        answer.setEncoding('utf8');
        answer.on('data', (chunk: string) => {
          body += chunk;
        });
        answer.on('end', () => resolve({ status: answer.statusCode ?? 0, headers: answer.headers, body }));
      })
        .on('error', reject)
        .end();
    },
  );

describe('plain responses', () => {
  it('read as the undici Response made from the same arguments', async () => {
    const cases: [string | null, number, Record<string, string>][] = [
      ['{"a":"é"}', 201, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }],
      ['no type given', 400, {}],
      [null, 302, { location: 'https://app.example/callback?code=c&state=s', 'set-cookie': 'sid=1; Path=/' }],
      [null, 204, { 'content-type': 'application/json; charset=utf-8' }],
    ];
    for (const [body, status, headers] of cases) {
      const plain = plainResponse(body, status, headers);
      const real = new Response(body, { status, headers });
      expect(plain).toBeInstanceOf(Response);
      expect([plain.status, plain.ok, plain.statusText, plain.type, plain.redirected]).toEqual([
        real.status,
        real.ok,
        real.statusText,
        real.type,
        real.redirected,
      ]);
      expect([...plain.headers]).toEqual([...real.headers]);
      expect(plain.bodyUsed).toBe(false);
      expect(await plain.clone().text()).toBe(await real.clone().text());
      expect(await plain.text()).toBe(await real.text());
      expect(plain.bodyUsed).toBe(real.bodyUsed);
    }
    expect(await plainResponse('{"n":1}', 200).json()).toEqual({ n: 1 });
    const forMsw = fetchResponseOf(plainResponse('x', 200));
    expect(Object.getPrototypeOf(forMsw)).toBe(Response.prototype);
    expect(await forMsw.text()).toBe('x');
  });

  it('are written with their status, headers (as changed after they were made) and exact body length', async () => {
    const base = await serve(() => {
      const answer = plainResponse('{"name":"Zoë ✓"}', 200, { 'content-type': 'application/json' });
      answer.headers.append('set-cookie', 'a=1; Path=/');
      answer.headers.append('set-cookie', 'b=2; Path=/');
      answer.headers.append('vary', 'Origin');
      return answer;
    });
    const answer = await raw(base);
    expect(answer.status).toBe(200);
    expect(answer.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(answer.headers.vary).toBe('Origin');
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength('{"name":"Zoë ✓"}')));
    expect(answer.body).toBe('{"name":"Zoë ✓"}');
    const head = await raw(base, 'HEAD');
    expect([head.status, head.body, head.headers['content-length']]).toEqual([
      200,
      '',
      answer.headers['content-length'],
    ]);
  });

  it('take added headers as the Response made from the same arguments does, without touching the headers given', async () => {
    const given = { 'content-type': 'application/json', Vary: 'Accept' };
    const change = (answer: Response) => {
      addHeader(answer, 'Access-Control-Allow-Origin', 'https://app.example', 'set');
      addHeader(answer, 'vary', 'Origin', 'append');
      addHeader(answer, 'Cache-Control', 'no-store', 'append');
      addHeader(answer, 'content-type', 'application/json; charset=utf-8', 'set');
      addHeader(answer, 'set-cookie', 'a=1', 'append');
      addHeader(answer, 'set-cookie', 'b=2', 'append');
      return answer;
    };
    const real = change(new Response('{}', { status: 200, headers: given }));
    const written = await raw(await serve(() => change(plainResponse('{}', 200, given))));
    expect(given).toEqual({ 'content-type': 'application/json', Vary: 'Accept' });
    for (const [name, value] of real.headers) {
      if (name !== 'set-cookie') expect([name, written.headers[name]]).toEqual([name, value]);
    }
    expect(written.headers['set-cookie']).toEqual(real.headers.getSetCookie());
    expect([...change(plainResponse('{}', 200, given)).headers]).toEqual([...real.headers]);
  });

  it('are written as a bodiless redirect, and not at all once read, which leaves the Response to the caller', async () => {
    const redirect = await raw(
      await serve(() => plainResponse(null, 302, { location: 'https://app.example/cb?code=1' })),
    );
    expect([redirect.status, redirect.headers.location, redirect.body]).toEqual([
      302,
      'https://app.example/cb?code=1',
      '',
    ]);
    const read = await raw(
      await serve(() => {
        const answer = plainResponse('read already', 200);
        void answer.body;
        return answer;
      }),
    );
    expect(read.status).toBe(599);
    expect((await raw(await serve(() => new Response('undici')))).status).toBe(599);
  });
});
