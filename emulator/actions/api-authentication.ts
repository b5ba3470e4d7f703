import type { FactorSelector, PostLoginApi } from '../../core/post-login-types.ts';
import { type ApiDeps, given } from './api-deps.ts';
import type { ApiMethod, MfaRequest } from './record.ts';

// `api.authentication` as Auth0's post-login API object documents it
// (https://auth0.com/docs/actions/reference/post-login/post-login-api-object),
// with the rules of "Customize MFA Selection for Universal Login"
// (https://auth0.com/docs/secure/multi-factor-authentication/customize-mfa/customize-mfa-selection-universal-login).

/** Auth0 runs at most four challenge/enroll commands per login flow. */
export const MAX_MFA_COMMANDS = 4;
/** `setPrimaryUser` takes a user id of at most 128 characters (Actions Limitations). */
export const MAX_PRIMARY_USER_ID_LENGTH = 128;

const isFactor = (value: unknown): value is FactorSelector =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

export const createAuthenticationApi = (deps: ApiDeps): PostLoginApi['authentication'] => {
  const { event, record, errors, note, fail, late } = deps;

  const ask = (
    method: ApiMethod,
    args: unknown[],
    kind: MfaRequest['kind'],
    any: boolean,
    factors: unknown[],
  ) => {
    if (late(method, args)) return;
    if (factors.length === 0 || !factors.every(isFactor)) {
      fail(method, args, new errors.TypeError('Each factor must be an object with a string `type`.'));
    }
    record.mfaCommands += 1;
    if (record.mfaCommands > MAX_MFA_COMMANDS) {
      fail(
        method,
        args,
        new errors.Error(
          `Actions may run at most ${MAX_MFA_COMMANDS} challenge or enroll commands per login.`,
        ),
      );
    }
    // Auth0 ignores factors the user has not enrolled (challenge) or has already enrolled
    // (enrollment); when none is left the login fails after this Action.
    const enrolled = new Set((event.user.enrolledFactors ?? []).map((factor) => factor.type));
    const kept = (factors as FactorSelector[]).filter((factor) =>
      kind === 'challenge' ? enrolled.has(factor.type) : !enrolled.has(factor.type),
    );
    record.mfa = { kind, any, factors: structuredClone(kept) };
    note(method, args, 'applied');
  };

  const withAdditional = (factor: unknown, options: unknown): unknown[] => {
    const additional = (options as { additionalFactors?: unknown } | undefined)?.additionalFactors;
    return [factor, ...(Array.isArray(additional) ? additional : [])];
  };

  return {
    challengeWith: (factor, options) =>
      ask(
        'authentication.challengeWith',
        given(factor, options),
        'challenge',
        false,
        withAdditional(factor, options),
      ),
    challengeWithAny: (factors) =>
      ask(
        'authentication.challengeWithAny',
        [factors],
        'challenge',
        true,
        Array.isArray(factors) ? factors : [],
      ),
    enrollWith: (factor, options) =>
      ask(
        'authentication.enrollWith',
        given(factor, options),
        'enrollment',
        false,
        withAdditional(factor, options),
      ),
    enrollWithAny: (factors) =>
      ask(
        'authentication.enrollWithAny',
        [factors],
        'enrollment',
        true,
        Array.isArray(factors) ? factors : [],
      ),

    recordMethod: (providerUrl) => {
      const method: ApiMethod = 'authentication.recordMethod';
      if (late(method, [providerUrl])) return deps.self();
      if (!deps.continuing) {
        fail(
          method,
          [providerUrl],
          new errors.Error('recordMethod is only available in onContinuePostLogin.'),
        );
      }
      if (typeof providerUrl !== 'string' || !/^https?:\/\/\S+$/i.test(providerUrl)) {
        fail(method, [providerUrl], new errors.TypeError('recordMethod needs an http: or https: URL.'));
      }
      // The docs name the record by the URL ("a name property matching the URL") and read it back
      // as `record.url` in their example: both are set.
      const timestamp = new Date(deps.now()).toISOString();
      record.recordedMethods.push({ name: providerUrl, url: providerUrl, timestamp });
      note(method, [providerUrl], 'applied');
      return deps.self();
    },

    setPrimaryUser: (primaryUserId) => {
      const method: ApiMethod = 'authentication.setPrimaryUser';
      if (late(method, [primaryUserId])) return;
      if (typeof primaryUserId !== 'string' || primaryUserId === '') {
        fail(method, [primaryUserId], new errors.TypeError('setPrimaryUser needs a user id.'));
      }
      if (primaryUserId.length > MAX_PRIMARY_USER_ID_LENGTH) {
        fail(
          method,
          [primaryUserId],
          new errors.TypeError(`primary_user_id is limited to ${MAX_PRIMARY_USER_ID_LENGTH} characters.`),
        );
      }
      if (record.primaryUser !== undefined) {
        fail(method, [primaryUserId], new errors.Error('setPrimaryUser can be called once per transaction.'));
      }
      record.primaryUser = primaryUserId;
      note(method, [primaryUserId], 'applied');
    },
  };
};
