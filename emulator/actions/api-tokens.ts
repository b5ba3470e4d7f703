import type { PostLoginApi } from '../../core/post-login-types.ts';
import type { ApiDeps } from './api-deps.ts';
import { claimDropReason, isForAuth0Api, type TokenName } from './claim-policy.ts';
import { SCOPE_CLAIM, SCOPE_CLAIM_ERROR } from './claim-rules.ts';
import { cloneJson, messageOf } from './json.ts';
import { jsonBytes, nameBytes } from './json-size.ts';
import { type ApiMethod, type PostLoginRecord, setOwn } from './record.ts';
import { scopeProblem } from './scope-rules.ts';

/**
 * Auth0 persists at most 32 kB of user metadata and 32 kB of app metadata per session (Actions
 * Limitations, https://auth0.com/docs/customize/actions/limitations), counted here as the UTF-8 JSON
 * of one execution's batched writes of each kind.
 */
export const MAX_METADATA_WRITE_BYTES = 32 * 1024;

const copyOrThrow = <T>(deps: ApiDeps, method: ApiMethod, args: unknown[], copy: () => T): T => {
  try {
    return copy();
  } catch (error) {
    return deps.fail(
      method,
      args,
      new deps.errors.TypeError(`The value cannot be stored as JSON: ${messageOf(error)}`),
    );
  }
};

const SET_CUSTOM_CLAIM = {
  idToken: 'idToken.setCustomClaim',
  accessToken: 'accessToken.setCustomClaim',
} as const satisfies Record<TokenName, ApiMethod>;

/**
 * `setCustomClaim` of one token. Nearly every call sets a claim: that path builds nothing but the
 * claim's copy and its record, and the rarer ones build their argument lists when they need them.
 */
const claimSetter = (deps: ApiDeps, token: TokenName) => {
  const { event, record, errors, note, noteCopied, fail } = deps;
  const method = SET_CUSTOM_CLAIM[token];
  return (name: unknown, value: unknown): PostLoginApi => {
    if (deps.isFinished() && deps.late(method, [name, value])) return deps.self();
    if (typeof name !== 'string')
      fail(method, [name, value], new errors.TypeError('The claim name must be a string.'));
    const claim = name as string;
    if (claim === SCOPE_CLAIM) fail(method, [name, value], new errors.Error(SCOPE_CLAIM_ERROR));
    let copy: ReturnType<typeof cloneJson>;
    try {
      copy = cloneJson(value);
    } catch (error) {
      fail(
        method,
        [name, value],
        new errors.TypeError(`The value cannot be stored as JSON: ${messageOf(error)}`),
      );
    }
    const dropped = claimDropReason(token, claim, event, deps.domain);
    if (dropped !== undefined || copy === undefined) {
      note(method, [name, value], 'dropped', dropped ?? 'the value has no JSON form');
      return deps.self();
    }
    setOwn(token === 'idToken' ? record.idTokenClaims : record.accessTokenClaims, claim, copy);
    setOwn(record.claimBytes[token], claim, nameBytes(claim) + jsonBytes(copy));
    noteCopied(method, [claim, copy]);
    return deps.self();
  };
};

/** `api.idToken`. */
export const createIdTokenApi = (deps: ApiDeps): PostLoginApi['idToken'] => ({
  setCustomClaim: claimSetter(deps, 'idToken'),
});

/** `api.accessToken`. */
export const createAccessTokenApi = (deps: ApiDeps): PostLoginApi['accessToken'] => {
  const { event, record, note, fail, late } = deps;
  const api = deps.self;

  const changeScope = (op: 'add' | 'remove', scope: unknown): PostLoginApi => {
    const method: ApiMethod = op === 'add' ? 'accessToken.addScope' : 'accessToken.removeScope';
    if (late(method, [scope])) return api();
    const problem = scopeProblem(scope);
    if (problem !== undefined) fail(method, [scope], new deps.errors.TypeError(`The scope ${problem}.`));
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
    setCustomClaim: claimSetter(deps, 'accessToken'),
    addScope: (scope) => changeScope('add', scope),
    removeScope: (scope) => changeScope('remove', scope),
  };
};

/** `api.user`: metadata writes, batched to the end of the flow. */
export const createUserApi = (deps: ApiDeps): PostLoginApi['user'] => {
  const { record, errors, noteCopied, fail, late } = deps;
  const api = deps.self;

  const setMetadata = (kind: keyof PostLoginRecord['metadataWrites'], name: unknown, value: unknown) => {
    const method: ApiMethod = kind === 'user_metadata' ? 'user.setUserMetadata' : 'user.setAppMetadata';
    if (late(method, [name, value])) return api();
    if (typeof name !== 'string' || name === '') {
      fail(method, [name, value], new errors.TypeError('The metadata key must be a non-empty string.'));
    }
    const copy = copyOrThrow(deps, method, [name, value], () => cloneJson(value));
    if (copy === undefined) {
      deps.note(method, [name, value], 'dropped', 'the value has no JSON form; use null to delete a key');
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

  return {
    setUserMetadata: (name, value) => setMetadata('user_metadata', name, value),
    setAppMetadata: (name, value) => setMetadata('app_metadata', name, value),
  };
};
