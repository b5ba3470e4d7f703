import type { PostLoginApi } from '../../core/post-login-types.ts';
import type { ApiDeps } from './api-deps.ts';
import { claimDropReason, isForAuth0Api, type TokenName } from './claim-policy.ts';
import { SCOPE_CLAIM, SCOPE_CLAIM_ERROR } from './claim-rules.ts';
import { cloneJson, cloneJsonSized, messageOf } from './json.ts';
import { jsonBytes, nameBytes } from './json-size.ts';
import { type ApiMethod, type PostLoginRecord, setOwn } from './record.ts';
import { scopeProblem } from './scope-rules.ts';

/**
 * Auth0 persists at most 32 kB of user metadata and 32 kB of app metadata per session (Actions
 * Limitations, https://auth0.com/docs/customize/actions/limitations), counted here as the UTF-8 JSON
 * of one execution's batched writes of each kind.
 */
export const MAX_METADATA_WRITE_BYTES = 32 * 1024;

/** `api.idToken`, `api.accessToken` and `api.user`: what the login's tokens and the user's metadata get. */
export const createTokenApis = (deps: ApiDeps) => {
  const { event, record, errors, note, noteCopied, fail, late } = deps;
  const api = deps.self;

  const copyOrThrow = <T>(method: ApiMethod, args: unknown[], copy: () => T): T => {
    try {
      return copy();
    } catch (error) {
      return fail(
        method,
        args,
        new errors.TypeError(`The value cannot be stored as JSON: ${messageOf(error)}`),
      );
    }
  };

  const setClaim = (token: TokenName, name: unknown, value: unknown): PostLoginApi => {
    const method: ApiMethod = `${token}.setCustomClaim`;
    if (late(method, [name, value])) return api();
    if (typeof name !== 'string')
      fail(method, [name, value], new errors.TypeError('The claim name must be a string.'));
    const claim = name as string;
    if (claim === SCOPE_CLAIM) fail(method, [name, value], new errors.Error(SCOPE_CLAIM_ERROR));
    const sized = copyOrThrow(method, [name, value], () => cloneJsonSized(value));
    const dropped = claimDropReason(token, claim, event, deps.domain);
    if (dropped !== undefined || sized === undefined) {
      note(method, [name, value], 'dropped', dropped ?? 'the value has no JSON form');
      return api();
    }
    const { copy, bytes } = sized;
    setOwn(token === 'idToken' ? record.idTokenClaims : record.accessTokenClaims, claim, copy);
    record.claimBytes[token].set(claim, nameBytes(claim) + bytes);
    noteCopied(method, [claim, copy]);
    return api();
  };

  const setMetadata = (kind: keyof PostLoginRecord['metadataWrites'], name: unknown, value: unknown) => {
    const method: ApiMethod = kind === 'user_metadata' ? 'user.setUserMetadata' : 'user.setAppMetadata';
    if (late(method, [name, value])) return api();
    if (typeof name !== 'string' || name === '') {
      fail(method, [name, value], new errors.TypeError('The metadata key must be a non-empty string.'));
    }
    const copy = copyOrThrow(method, [name, value], () => cloneJson(value));
    if (copy === undefined) {
      note(method, [name, value], 'dropped', 'the value has no JSON form; use null to delete a key');
      return api();
    }
    const writes = { ...record.metadataWrites[kind] };
    setOwn(writes, name as string, copy);
    const bytes = jsonBytes(writes);
    if (bytes > MAX_METADATA_WRITE_BYTES) {
      fail(
        method,
        [name, value],
        new errors.Error(
          `${kind} writes in one login would persist ${bytes} bytes, over Auth0's ${MAX_METADATA_WRITE_BYTES / 1024} kB per session.`,
        ),
        'refused',
      );
    }
    record.metadataWrites[kind] = writes;
    noteCopied(method, [name as string, copy]);
    return api();
  };

  const changeScope = (op: 'add' | 'remove', scope: unknown): PostLoginApi => {
    const method: ApiMethod = op === 'add' ? 'accessToken.addScope' : 'accessToken.removeScope';
    if (late(method, [scope])) return api();
    const problem = scopeProblem(scope);
    if (problem !== undefined) fail(method, [scope], new errors.TypeError(`The scope ${problem}.`));
    const internal = isForAuth0Api(event, deps.domain);
    if (internal !== undefined) {
      // Auth0's log line for this case, as quoted in its community answer on the behaviour.
      const warning = `Attempting to ${op} scopes ${op === 'add' ? 'to' : 'from'} an access token for an internal audience: ${internal}. These scopes were ignored.`;
      record.warnings.push(warning);
      note(method, [scope], 'dropped', warning);
      return api();
    }
    record.scopeChanges.push({ op, scope: scope as string });
    note(method, [scope], 'applied');
    return api();
  };

  return {
    accessToken: {
      setCustomClaim: (name, value) => setClaim('accessToken', name, value),
      addScope: (scope) => changeScope('add', scope),
      removeScope: (scope) => changeScope('remove', scope),
    } satisfies PostLoginApi['accessToken'],
    idToken: {
      setCustomClaim: (name, value) => setClaim('idToken', name, value),
    } satisfies PostLoginApi['idToken'],
    user: {
      setUserMetadata: (name, value) => setMetadata('user_metadata', name, value),
      setAppMetadata: (name, value) => setMetadata('app_metadata', name, value),
    } satisfies PostLoginApi['user'],
  };
};
