import { createHmac } from 'node:crypto';

/**
 * The Management API never returns an Action's secret values, so a plan cannot compare them. Each
 * deploy therefore writes, into the last line of the Action's code, a short digest of every secret
 * (`//# secrets-digest: NAME=16hex,...`); the plan recomputes it from the values it would deploy and
 * compares. A changed value changes the code, so the Action is redeployed, as Auth0 requires for new
 * secret values anyway.
 *
 * Whoever can read the Action's code can read that line, so the digest is an HMAC. Its key is
 * `AUTH0_SECRETS_DIGEST_KEY` when set (a random value kept with the environment's other secrets, the
 * same in every job that plans or deploys that tenant): without it a digest says nothing about a
 * value, even a guessable one. Unset, the key is the tenant domain, which hides nothing a guess could
 * find; secrets worth the name (keys, tokens) are not guessable anyway. Changing the key makes every
 * digest differ once, and the next deploy rewrites them.
 */
export const secretDigest = (key: string, actionName: string, secretName: string, value: string): string =>
  createHmac('sha256', key).update(`${actionName}\0${secretName}\0${value}`).digest('hex').slice(0, 16);

export const SECRETS_DIGEST_KEY_VARIABLE = 'AUTH0_SECRETS_DIGEST_KEY';

/** The HMAC key for a tenant's digests: the configured key, or the tenant domain. */
export const secretsDigestKey = (
  tenantDomain: string,
  source: Readonly<Record<string, string | undefined>>,
): string => source[SECRETS_DIGEST_KEY_VARIABLE] || tenantDomain;

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
