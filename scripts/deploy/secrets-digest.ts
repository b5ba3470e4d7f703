import { createHmac } from 'node:crypto';

/**
 * The Management API never returns an Action's secret values, so a plan cannot compare them. Each
 * deploy therefore writes, into the last line of the Action's code, a short digest of every secret
 * (`//# secrets-digest: NAME=16hex,...`); the plan recomputes it from the values it would deploy and
 * compares. A changed value changes the code, so the Action is redeployed, as Auth0 requires for new
 * secret values anyway.
 *
 * Whoever can read the Action's code can read that line, so the digest is an HMAC keyed with the
 * deploy client's secret: without that key a digest says nothing about a value, even a guessable one.
 * Rotating the deploy client's secret makes every digest differ once, and the next deploy rewrites
 * them. A deploy that signs in with a bare access token (`AUTH0_ACCESS_TOKEN`) has no such key; its
 * digests are then keyed with the tenant domain only, which hides nothing a guess could find.
 */
export const secretDigest = (key: string, actionName: string, secretName: string, value: string): string =>
  createHmac('sha256', key).update(`${actionName}\0${secretName}\0${value}`).digest('hex').slice(0, 16);

export interface NamedSecret {
  readonly name: string;
  readonly value: string;
}

/** The text the bundle's `##ACTION_SECRETS_DIGEST_<NAME>##` placeholder resolves to. */
export const secretsDigestLine = (key: string, actionName: string, secrets: readonly NamedSecret[]): string =>
  [...secrets]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((secret) => `${secret.name}=${secretDigest(key, actionName, secret.name, secret.value)}`)
    .join(',') || 'none';

/** Reads the per-secret digests back out of deployed code; an Action deployed by hand has none. */
export const readSecretsDigest = (code: string): Map<string, string> | undefined => {
  const match = /\/\/# secrets-digest: (\S+)\s*$/.exec(code);
  if (!match?.[1]) return undefined;
  if (match[1] === 'none') return new Map();
  return new Map(
    match[1].split(',').map((pair) => {
      const [name = '', digest = ''] = pair.split('=');
      return [name, digest];
    }),
  );
};
