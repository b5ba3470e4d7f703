import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatApiHowTo, maskSecret } from '../../local/print-api.ts';

describe("npm start's API instructions", () => {
  it('shows at most a quarter of a secret, never all of it, and says how long it is', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 100 }), (secret) => {
        const masked = maskSecret(secret);
        const shown = masked.slice(0, masked.indexOf('…'));
        expect(secret.startsWith(shown)).toBe(true);
        expect(shown.length).toBeLessThanOrEqual(secret.length / 4);
        expect(masked.endsWith(`(${secret.length} characters)`)).toBe(true);
      }),
    );
  });

  it('masks the client secret and prints every other variable as it is', () => {
    const lines = formatApiHowTo({
      apiUrl: 'http://127.0.0.1:4001',
      audience: 'https://api.local.identity-as-code.dev/preferences',
      variables: { AUTH0_CLIENT_ID: 'client-1', AUTH0_CLIENT_SECRET: 'a secret, some length' },
      envFile: '.tenant-state/start-api.env',
      runCommand: "set -a; . '.tenant-state/start-api.env'; set +a; npm run api",
    });
    expect(lines).toContain('  AUTH0_CLIENT_ID=client-1');
    expect(lines).toContain('  AUTH0_CLIENT_SECRET=a se…(21 characters)');
    expect(lines.join('\n')).not.toContain('a secret');
    expect(lines).toContain(
      "  curl -H 'authorization: Bearer <ACCESS_TOKEN>' http://127.0.0.1:4001/me/preferences",
    );
  });
});
