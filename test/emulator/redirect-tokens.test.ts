import fc from 'fast-check';
import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { encodeRedirectToken, validateRedirectToken } from '../../emulator/actions/index.ts';

const NOW = Date.UTC(2026, 0, 15, 9, 30);
const base = {
  domain: 'tenant.test',
  userId: 'auth0|u1',
  ip: '203.0.113.24',
  now: NOW,
  expiresInSeconds: 60,
};

describe('redirect tokens', () => {
  it('round-trip any JSON payload with jose and with validateRedirectToken; Auth0 claims win', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string(), fc.jsonValue()) as fc.Arbitrary<JsonObject>,
        fc.string({ minLength: 1 }),
        async (payload, secret) => {
          const token = encodeRedirectToken({ ...base, secret, payload: { ...payload, state: 's' } });
          const expected = JSON.parse(
            JSON.stringify({
              ...payload,
              state: 's',
              iss: 'tenant.test',
              sub: 'auth0|u1',
              ip: '203.0.113.24',
              iat: NOW / 1000,
              exp: NOW / 1000 + 60,
            }),
          );
          const checked = validateRedirectToken({ token, secret, state: 's', userId: 'auth0|u1', now: NOW });
          expect(checked).toEqual({ ok: true, payload: expected });
          const { payload: viaJose } = await jwtVerify(token, new TextEncoder().encode(secret), {
            currentDate: new Date(NOW),
          });
          expect(viaJose).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary input and never accepts a token signed with another secret', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (junk, secret) => {
        expect(
          validateRedirectToken({ token: junk, secret, state: 's', userId: 'auth0|u1', now: NOW }).ok,
        ).toBe(false);
        const other = encodeRedirectToken({ ...base, secret: `${secret}x`, payload: { state: 's' } });
        expect(
          validateRedirectToken({ token: other, secret, state: 's', userId: 'auth0|u1', now: NOW }),
        ).toEqual({
          ok: false,
          reason: 'the signature does not match the secret.',
        });
      }),
      { numRuns: 1_000 },
    );
  });

  it('refuse a well-signed token that lacks a standard claim, or whose sub is not the user', async () => {
    const secret = 'shh';
    const key = new TextEncoder().encode(secret);
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(['iat', 'exp', 'sub', 'iss'], { minLength: 1 }),
        fc.string(),
        async (dropped, otherUser) => {
          const claims: Record<string, unknown> = {
            state: 's',
            iss: 'tenant.test',
            sub: 'auth0|u1',
            iat: NOW / 1000,
            exp: NOW / 1000 + 60,
          };
          for (const name of dropped) delete claims[name];
          const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key);
          expect(validateRedirectToken({ token, secret, state: 's', userId: 'auth0|u1', now: NOW })).toEqual({
            ok: false,
            reason: `Missing or invalid standard claims: the token carries no ${['iat', 'exp', 'sub', 'iss'].filter((n) => dropped.includes(n)).join(', ')}.`,
          });
          fc.pre(otherUser !== 'auth0|u1');
          const stolen = await new SignJWT({
            state: 's',
            iss: 'x',
            sub: otherUser,
            iat: NOW / 1000,
            exp: NOW / 1000 + 60,
          })
            .setProtectedHeader({ alg: 'HS256' })
            .sign(key);
          expect(
            validateRedirectToken({ token: stolen, secret, state: 's', userId: 'auth0|u1', now: NOW }),
          ).toEqual({
            ok: false,
            reason: "Missing or invalid standard claims: sub must be the user's id (auth0|u1).",
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});
