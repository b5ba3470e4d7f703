/** Auth0 refuses scopes longer than this in `addScope` / `removeScope`. */
export const MAX_SCOPE_LENGTH = 280;

/**
 * What is wrong with a scope given to `api.accessToken.addScope` / `removeScope`, or `undefined`
 * when Auth0 accepts it: a non-empty string of at most 280 characters without white space (one
 * scope, not a space-separated list).
 */
export const scopeProblem = (scope: unknown): string | undefined => {
  if (typeof scope !== 'string') return 'must be a string';
  if (scope.length === 0) return 'must not be empty';
  if (scope.length > MAX_SCOPE_LENGTH) return `must be at most ${MAX_SCOPE_LENGTH} characters`;
  if (/\s/.test(scope)) return 'must not contain white space';
  return undefined;
};
