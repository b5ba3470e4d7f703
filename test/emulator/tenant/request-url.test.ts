import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSentTo, requestUrl } from '../../../emulator/tenant/request-url.ts';

// The loopback transport answers only requests sent to the address it serves (DNS rebinding); it reads
// the request's URL as @hono/node-server makes it, `scheme://<Host header><request target>`, unparsed.

const sent = (url: string) => ({ url }) as Request;

describe('request URLs', () => {
  it('tell the origin a request was sent to exactly as a parsed URL does', () => {
    const origin = 'http://127.0.0.1:8080';
    for (const [url, expected] of [
      ['http://127.0.0.1:8080/authorize?x=1', true],
      ['http://127.0.0.1:8080', true],
      ['http://127.0.0.1:8080@evil.example/authorize', false],
      ['https://127.0.0.1:8080/', false],
      ['http://127.0.0.1:08080/', true],
    ] as const)
      expect([url, isSentTo(sent(url), origin)]).toEqual([url, expected]);
    expect(isSentTo(sent('http://LOCALHOST:3000/x'), 'http://localhost:3000')).toBe(true);
    // A longer port that starts with the origin's.
    expect(isSentTo(sent('http://127.0.0.1:8080/x'), 'http://127.0.0.1:808')).toBe(false);
    const host = fc.constantFrom(
      '127.0.0.1',
      'localhost',
      'LocalHost',
      'evil.example',
      '127.0.0.1.evil',
      '[::1]',
    );
    const port = fc.constantFrom('', ':8080', ':80', ':808', ':08080', ':8080@evil', ':80801');
    const target = fc.constantFrom('', '/', '/authorize?a=b', '\\x', '?q', '#f', '/../u');
    fc.assert(
      fc.property(fc.constantFrom('http', 'https'), host, port, target, (scheme, name, at, rest) => {
        const url = `${scheme}://${name}${at}${rest}`;
        fc.pre(URL.canParse(url));
        for (const origin of [
          'http://127.0.0.1:8080',
          'http://127.0.0.1:808',
          'http://localhost:8080',
          'http://127.0.0.1',
        ])
          expect(isSentTo(sent(url), origin)).toBe(new URL(url).origin === origin);
      }),
    );
  });

  it('are parsed once per request', () => {
    const request = sent('http://127.0.0.1:8080/authorize?client_id=a');
    expect(requestUrl(request)).toBe(requestUrl(request));
    expect(requestUrl(request).searchParams.get('client_id')).toBe('a');
  });
});
