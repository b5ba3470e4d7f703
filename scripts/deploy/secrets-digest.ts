import { createHash } from 'node:crypto';

/**
 * The Management API never returns an Action's secret values, so a plan cannot compare them. Each
 * deploy therefore writes, into the last line of the Action's code, a short digest of every secret
 * (`//# secrets-digest: NAME=16hex,...`); the plan recomputes it from the values it would deploy and
 * compares. A changed value changes the code, so the Action is redeployed, as Auth0 requires for new
 * secret values anyway.
 *
 * The digest is a plain SHA-256, truncated: it is readable by whoever can read the Action's code,
 * and those people can already change the code to read the secrets. A low-entropy secret could be
 * guessed from it; Action secrets worth the name (keys, tokens) cannot.
 */
export const secretDigest = (actionName: string, secretName: string, value: string): string =>
  createHash('sha256').update(`${actionName}\0${secretName}\0${value}`).digest('hex').slice(0, 16);

export interface NamedSecret {
  readonly name: string;
  readonly value: string;
}

/** The text the bundle's `##ACTION_SECRETS_DIGEST_<NAME>##` placeholder resolves to. */
export const secretsDigestLine = (actionName: string, secrets: readonly NamedSecret[]): string =>
  [...secrets]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((secret) => `${secret.name}=${secretDigest(actionName, secret.name, secret.value)}`)
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
