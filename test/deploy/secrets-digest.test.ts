import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  readSecretsDigest,
  secretDigest,
  secretsDigestKey,
  secretsDigestLine,
} from '../../deploy/secrets-digest.ts';

describe('secrets digest', () => {
  it('cannot be matched to a value without the deploy client secret that keys it', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 8 }),
        fc.string({ minLength: 8 }),
        fc.string(),
        (keyA, keyB, value) => {
          fc.pre(keyA !== keyB);
          const digest = secretDigest(keyA, 'act', 'KEY', value);
          const unkeyed = createHash('sha256').update(`act\0KEY\0${value}`).digest('hex').slice(0, 16);
          expect(digest).not.toBe(unkeyed);
          expect(digest).not.toBe(secretDigest(keyB, 'act', 'KEY', value));
          expect(digest).toBe(secretDigest(keyA, 'act', 'KEY', value));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips through the last line of the deployed code, in name order', () => {
    const line = secretsDigestLine('deploy-secret', 'act', [
      { name: 'B', value: '2' },
      { name: 'A', value: '1' },
    ]);
    const digests = readSecretsDigest(`exports.x = 1;\n//# secrets-digest: ${line}\n`);
    expect([...(digests?.keys() ?? [])]).toEqual(['A', 'B']);
    expect(digests?.get('A')).toBe(secretDigest('deploy-secret', 'act', 'A', '1'));
    expect(readSecretsDigest('exports.x = 1;')).toBeUndefined();
    expect(readSecretsDigest(`//# secrets-digest: ${secretsDigestLine('k', 'act', [])}`)).toEqual(new Map());
  });

  it('is keyed with AUTH0_SECRETS_DIGEST_KEY when set, else with the tenant domain', () => {
    expect(secretsDigestKey('t.auth0.com', { AUTH0_SECRETS_DIGEST_KEY: 'k3y' })).toBe('k3y');
    expect(secretsDigestKey('t.auth0.com', { AUTH0_SECRETS_DIGEST_KEY: '' })).toBe('t.auth0.com');
    expect(secretsDigestKey('t.auth0.com', {})).toBe('t.auth0.com');
  });
});
